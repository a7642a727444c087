namespace StarPlatform.Complaints.Data;

/// <summary>
/// The answer to an intake sent with an <c>Idempotency-Key</c>, kept so the same caller, key and
/// body within 24 h get the same case. Keys belong to the caller (the token's subject; anonymous
/// online submissions share the empty subject).
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Subject { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of the request as bound (hex).</summary>
    public required string RequestHash { get; set; }

    public Guid ComplaintId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
