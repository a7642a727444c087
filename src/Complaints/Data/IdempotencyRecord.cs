using StarPlatform.Http;

namespace StarPlatform.Complaints.Data;

/// <summary>An intake sent with an <c>Idempotency-Key</c> (kept 24 h) and the case it logged.</summary>
public sealed class IdempotencyRecord : IdempotentRequest
{
    public Guid ComplaintId { get; set; }
}
