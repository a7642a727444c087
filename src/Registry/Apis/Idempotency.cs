using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StarPlatform.Access;
using StarPlatform.Http;
using StarPlatform.Registry.Data;

namespace StarPlatform.Registry.Apis;

/// <summary>A request body that creates a unit: with an Idempotency-Key, it is answered once.</summary>
public interface ICreateRequest;

/// <summary>
/// <c>Idempotency-Key</c> on creating POSTs (API.md): the same caller, key and request within
/// 24 h get the original response again (with <c>Idempotent-Replayed: true</c>); the same key
/// with another request is 409. The response is stored by the handler in the same transaction as
/// the unit (<see cref="Remember"/>), so a key is never kept for a creation that did not commit.
/// Refused requests keep nothing: sending them again is checked again.
/// </summary>
public sealed class IdempotencyFilter(RegistryDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = IdempotentRequest.MaxKeyLength;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private sealed record Pending(string Subject, string Key, string Hash, IdempotencyRecord? Expired);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }

        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            return Problems.Invalid(Header, $"An Idempotency-Key has 1 to {MaxKeyLength} characters.");
        }

        var subject = http.User.FindFirst(StarClaims.Subject)?.Value ?? "";
        var hash = Hash(http, context.Arguments.OfType<ICreateRequest>().FirstOrDefault());
        var record = await db.IdempotencyRecords.FindAsync([subject, key], http.RequestAborted);
        if (record is not null && record.CreatedAt > clock.GetUtcNow() - Retention)
        {
            if (record.RequestHash != hash)
            {
                return Problems.Conflict("The Idempotency-Key was used for another request.",
                    "Within 24 hours a key stands for one request; use a new key for a different one.");
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                http.Response.Headers.Location = record.Location;
            }

            return Results.Content(record.ResponseBody, "application/json", Encoding.UTF8, record.StatusCode);
        }

        http.Items[typeof(IdempotencyFilter)] = new Pending(subject, key, hash, record);
        return await next(context);
    }

    /// <summary>Keeps the response of a successful creation, when the request carried a key; saved with the unit.</summary>
    public static void Remember(HttpContext http, RegistryDbContext db, int statusCode, string location, object response)
    {
        if (http.Items[typeof(IdempotencyFilter)] is not Pending pending)
        {
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.Serialize(response, response.GetType(), options);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var record = pending.Expired ?? db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Subject = pending.Subject,
            Key = pending.Key,
            RequestHash = pending.Hash,
            ResponseBody = body,
        }).Entity;
        record.RequestHash = pending.Hash;
        record.StatusCode = statusCode;
        record.Location = location;
        record.ResponseBody = body;
        record.CreatedAt = now;
    }

    private string Hash(HttpContext http, ICreateRequest? request)
    {
        var text = new StringBuilder()
            .Append(http.Request.Method).Append('\n')
            .Append(http.Request.Path.Value).Append('\n')
            .Append(request is null ? "" : JsonSerializer.Serialize(request, request.GetType(), json.Value.SerializerOptions))
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
