using System.Globalization;

namespace StarPlatform.Gateway.Access;

/// <summary>
/// The quotas a request counted against, said in the IETF RateLimit header fields
/// (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "per-address";q=300;w=60</c> names each quota,
/// <c>RateLimit: "per-address";r=297;t=41</c> what is left of it and the seconds until its window ends. Sent on
/// every rate-limited answer, the 429 included. A 400 gives back the permit of a quota that refunds invalid
/// requests (public submissions) before the headers are written.
/// </summary>
public static class QuotaHeaders
{
    public const string Policy = "RateLimit-Policy";
    public const string Limit = "RateLimit";

    private sealed record Applied(Quotas Quotas, string Key, long Window, bool RefundOnInvalid);

    private sealed class AppliedQuotas
    {
        public List<Applied> Items { get; } = [];
    }

    /// <summary>Before the rate limiter: the answer, when it starts, carries the headers of the quotas the request met.</summary>
    public static WebApplication UseQuotaHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            var applied = new AppliedQuotas();
            http.Features.Set(applied);
            http.Response.OnStarting(() =>
            {
                Write(http, applied.Items);
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    /// <summary>Notes that <paramref name="http"/> counts against <paramref name="quotas"/>' partition <paramref name="key"/>.</summary>
    public static void Applies(HttpContext http, Quotas quotas, string key, bool refundOnInvalid) =>
        http.Features.Get<AppliedQuotas>()?.Items.Add(new Applied(quotas, key, quotas.Find(key)?.CurrentWindow ?? 0, refundOnInvalid));

    private static void Write(HttpContext http, List<Applied> applied)
    {
        if (applied.Count == 0)
        {
            return;
        }

        var invalid = http.Response.StatusCode == StatusCodes.Status400BadRequest;
        var policies = new List<string>();
        var limits = new List<string>();
        foreach (var (quotas, key, window, refundOnInvalid) in applied)
        {
            var quota = quotas.Find(key);
            if (invalid && refundOnInvalid)
            {
                quota?.Refund(window);
            }

            policies.Add(quotas.PolicyItem);
            var remaining = quota?.Remaining ?? quotas.Limit;
            var reset = quota?.SecondsToReset ?? (int)quotas.Window.TotalSeconds;
            limits.Add(string.Create(CultureInfo.InvariantCulture, $"\"{quotas.Name}\";r={remaining};t={reset}"));
        }

        http.Response.Headers[Policy] = string.Join(", ", policies);
        http.Response.Headers[Limit] = string.Join(", ", limits);
    }
}
