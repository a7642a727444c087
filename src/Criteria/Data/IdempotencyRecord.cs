using StarPlatform.Http;

namespace StarPlatform.Criteria.Data;

/// <summary>A creating POST sent with an <c>Idempotency-Key</c> (kept 24 h; its hash covers method and path too) and the response it got.</summary>
public sealed class IdempotencyRecord : IdempotentResponse;
