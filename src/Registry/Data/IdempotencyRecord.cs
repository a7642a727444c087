namespace StarPlatform.Registry.Data;

/// <summary>
/// The response to a creating POST sent with an <c>Idempotency-Key</c>, kept so the same key and
/// body within 24 h get the same answer. Keys belong to the caller (the token's subject).
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Subject { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of method, path and the request as bound (hex).</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }
    public string? Location { get; set; }
    public required string ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
