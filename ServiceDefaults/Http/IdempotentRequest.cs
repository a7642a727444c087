using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StarPlatform.Access;

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

    public string Subject { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the request as bound (hex).</summary>
    public string RequestHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A request kept with the whole response it got (status, Location, body), replayed as it was.</summary>
public abstract class IdempotentResponse : IdempotentRequest
{
    public int StatusCode { get; set; }
    public string? Location { get; set; }
    public string ResponseBody { get; set; } = "";
}

/// <summary>Marks a route that takes an <c>Idempotency-Key</c> (the tests enumerate them by it).</summary>
public sealed class IdempotencyKeyMetadata
{
    public static readonly IdempotencyKeyMetadata Instance = new();

    private IdempotencyKeyMetadata()
    {
    }
}

/// <summary>
/// The <c>Idempotency-Key</c> contract of every creating POST (API.md, decision 0012): the same
/// caller, key and request within 24 h get the original response again (status, body, Location,
/// with <c>Idempotent-Replayed: true</c>); the same key with another request is 409. Requests
/// with one key take turns under a PostgreSQL advisory lock, so the second of two simultaneous
/// ones waits for the first to commit and is answered with its response instead of running again.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>The route takes an <c>Idempotency-Key</c>, answered through <typeparamref name="TRecord"/> rows of <typeparamref name="TDb"/>; its handler calls <see cref="Remember"/> before it saves.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey<TDb, TRecord>(this RouteHandlerBuilder route)
        where TDb : DbContext where TRecord : IdempotentResponse, new() =>
        route.AddEndpointFilter<IdempotencyFilter<TDb, TRecord>>().WithMetadata(IdempotencyKeyMetadata.Instance);

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

    /// <summary>The table of <typeparamref name="T"/> (<c>idempotency_records</c>) with its key constraint <paramref name="keyName"/>.</summary>
    public static ModelBuilder HasIdempotentResponses<T>(this ModelBuilder modelBuilder, string keyName) where T : IdempotentResponse =>
        modelBuilder.Entity<T>(b =>
        {
            b.ToTable("idempotency_records");
            b.HasIdempotencyKey(keyName);
            b.Property(r => r.Location).HasMaxLength(500);
            // Text, not jsonb: a replay answers the bytes first sent (jsonb would reorder the keys).
            b.Property(r => r.ResponseBody).HasColumnType("text");
        });

    /// <summary>400 for a key that is empty or too long.</summary>
    public static string InvalidKeyMessage => $"An Idempotency-Key has 1 to {IdempotentRequest.MaxKeyLength} characters.";

    /// <summary>409: the key stands for another request.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Reused(string what = "request") =>
        Problems.Conflict("The Idempotency-Key was used for another request.",
            $"Within 24 hours a key stands for one {what}; use a new key for a different one.");

    /// <summary>
    /// Keeps the response of a successful creation when the request carried a key: added to the
    /// handler's context, so it is saved in the transaction that creates the resource (a key is
    /// never kept for a creation that did not commit). Refused requests keep nothing.
    /// </summary>
    public static void Remember(HttpContext http, int statusCode, string location, object response)
    {
        if (http.Items[typeof(IdempotencyKey)] is not Pending pending)
        {
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var record = pending.Record();
        record.Subject = pending.Subject;
        record.Key = pending.Key;
        record.RequestHash = pending.Hash;
        record.StatusCode = statusCode;
        record.Location = location;
        record.ResponseBody = JsonSerializer.Serialize(response, response.GetType(), options);
        record.CreatedAt = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
    }

    /// <summary>SHA-256 (hex) of method, path and the request body as bound.</summary>
    internal static string Hash(HttpContext http, object? body, JsonSerializerOptions options)
    {
        var text = new StringBuilder()
            .Append(http.Request.Method).Append('\n')
            .Append(http.Request.Path.Value).Append('\n')
            .Append(body is null ? "" : JsonSerializer.Serialize(body, body.GetType(), options))
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <param name="Record">the expired row to reuse, or a new row added to the context</param>
    internal sealed record Pending(string Subject, string Key, string Hash, Func<IdempotentResponse> Record);
}

/// <summary>The filter behind <see cref="IdempotencyKey.AcceptsIdempotencyKey{TDb, TRecord}"/>.</summary>
public sealed class IdempotencyFilter<TDb, TRecord>(TDb db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IEndpointFilter where TDb : DbContext where TRecord : IdempotentResponse, new()
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyKey.Header, out var values))
        {
            return await next(context);
        }

        var key = values.ToString().Trim();
        if (key.Length is 0 or > IdempotentRequest.MaxKeyLength)
        {
            return Problems.Invalid(IdempotencyKey.Header, IdempotencyKey.InvalidKeyMessage);
        }

        var subject = http.User.FindFirst(StarClaims.Subject)?.Value ?? "";
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var body = bodyType is null ? null : context.Arguments.FirstOrDefault(a => a is not null && bodyType.IsInstanceOfType(a));
        var hash = IdempotencyKey.Hash(http, body, json.Value.SerializerOptions);

        // The lock is the session's (the handler commits its own transaction inside it) and is
        // given back before the connection returns to the pool, which does not reset it (decision 0004).
        var lockName = $"idempotency-key\n{subject}\n{key}";
        await db.Database.OpenConnectionAsync(http.RequestAborted);
        try
        {
            await db.Database.ExecuteSqlAsync($"select pg_advisory_lock(hashtextextended({lockName}, 0))", http.RequestAborted);
            try
            {
                var record = await db.Set<TRecord>().FindAsync([subject, key], http.RequestAborted);
                if (record is not null && record.CreatedAt > clock.GetUtcNow() - IdempotencyKey.Retention)
                {
                    if (record.RequestHash != hash)
                    {
                        return IdempotencyKey.Reused();
                    }

                    http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
                    if (record.Location is not null)
                    {
                        http.Response.Headers.Location = record.Location;
                    }

                    return Results.Content(record.ResponseBody, "application/json", Encoding.UTF8, record.StatusCode);
                }

                http.Items[typeof(IdempotencyKey)] = new IdempotencyKey.Pending(subject, key, hash,
                    () => record ?? db.Set<TRecord>().Add(new TRecord()).Entity);
                return await next(context);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"select pg_advisory_unlock(hashtextextended({lockName}, 0))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
