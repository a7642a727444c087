using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StarPlatform.Http;

/// <summary>
/// A request sent with an <c>Idempotency-Key</c>, kept so the same caller, key and body within the
/// retention get the same answer. Keys belong to the caller (the token's subject; anonymous callers
/// share the empty subject). Each service adds what it answers with.
/// </summary>
public abstract class IdempotentRequest
{
    public const int MaxSubjectLength = 200;
    public const int MaxKeyLength = 200;

    public required string Subject { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of the request as bound (hex).</summary>
    public required string RequestHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class IdempotentRequests
{
    /// <summary>The columns every service keeps: the key (caller and key, constraint <paramref name="keyName"/>), the hash, and an index on the time for the purge.</summary>
    public static EntityTypeBuilder<T> HasIdempotencyKey<T>(this EntityTypeBuilder<T> entity, string keyName) where T : IdempotentRequest
    {
        entity.HasKey(r => new { r.Subject, r.Key }).HasName(keyName);
        entity.Property(r => r.Subject).HasMaxLength(IdempotentRequest.MaxSubjectLength);
        entity.Property(r => r.Key).HasMaxLength(IdempotentRequest.MaxKeyLength);
        entity.Property(r => r.RequestHash).HasMaxLength(64);
        entity.HasIndex(r => r.CreatedAt);
        return entity;
    }

}
