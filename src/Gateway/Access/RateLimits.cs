using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using StarPlatform.Access;

namespace StarPlatform.Gateway.Access;

/// <summary>A fixed window: at most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/>.</summary>
public sealed class FixedWindow
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    public FixedWindowRateLimiterOptions ToOptions() => new()
    {
        PermitLimit = Math.Max(1, PermitLimit),
        Window = TimeSpan.FromSeconds(Math.Max(1, WindowSeconds)),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>Configuration section <c>Gateway:RateLimits</c>.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Every request with a valid token, per client.</summary>
    public FixedWindow PerClient { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// <summary>Every request without a valid token, per client address.</summary>
    public FixedWindow PerAddress { get; set; } = new() { PermitLimit = 300, WindowSeconds = 60 };

    /// <summary>Anonymous submissions (online complaints), per client address, on top of the above.</summary>
    public FixedWindow PublicSubmissions { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>
    /// A client's own quota instead of <see cref="PerClient"/>, by its <c>client_id</c>: a portal's machine client that
    /// forwards many citizens' requests (<c>Gateway:RateLimits:Clients:portal:PermitLimit</c>).
    /// </summary>
    public Dictionary<string, FixedWindow> Clients { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Who a request counts against: the client its token names, or, without a valid token, the
/// address it comes from. Answers 429 with <c>Retry-After</c> as a problem detail.
/// </summary>
public static class RateLimits
{
    /// <summary>The route policy for anonymous writes (YARP <c>RateLimiterPolicy</c>).</summary>
    public const string PublicSubmissionsPolicy = "public-submissions";

    /// <summary>The quotas' names, as <c>RateLimit-Policy</c> and <c>RateLimit</c> name them.</summary>
    public const string PerClientPolicy = "per-client";

    public const string PerAddressPolicy = "per-address";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        var perClient = new Quotas(PerClientPolicy, settings.PerClient, TimeProvider.System);
        var perAddress = new Quotas(PerAddressPolicy, settings.PerAddress, TimeProvider.System);
        var ownQuotas = settings.Clients.ToDictionary(c => c.Key, c => new Quotas(PerClientPolicy, c.Value, TimeProvider.System), StringComparer.Ordinal);
        var submissions = new Quotas(PublicSubmissionsPolicy, settings.PublicSubmissions, TimeProvider.System);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var key = PartitionKey(http.User, http.Connection.RemoteIpAddress);
                var quotas = ClientOf(http.User) is null ? perAddress
                    : http.User.FindFirst(StarClaims.ClientId)?.Value is { } clientId && ownQuotas.TryGetValue(clientId, out var own) ? own
                    : perClient;
                QuotaHeaders.Applies(http, quotas, key, refundOnInvalid: false);
                return quotas.Partition(key);
            });
            options.AddPolicy(PublicSubmissionsPolicy, http =>
            {
                if (ClientOf(http.User) is not null)
                {
                    // Staff submit with a token; their client's own limit applies.
                    return RateLimitPartition.GetNoLimiter("authenticated");
                }

                var key = PartitionKey(http.User, http.Connection.RemoteIpAddress);
                // A submission refused as invalid (400) is given back: a citizen correcting a form keeps the allowance.
                QuotaHeaders.Applies(http, submissions, key, refundOnInvalid: true);
                return submissions.Partition(key);
            });
            options.OnRejected = RejectAsync;
        });
    }

    /// <summary>
    /// Who a valid token speaks for: its client and actor (<c>client_id/sub</c>). A machine client
    /// is one actor, so this is per client; people signed in through one browser client each get
    /// their own allowance. <c>null</c> when anonymous.
    /// </summary>
    public static string? ClientOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var client = user.FindFirst(StarClaims.ClientId)?.Value;
        var subject = user.FindFirst(StarClaims.Subject)?.Value;
        return client is null ? subject : subject is null ? client : $"{client}/{subject}";
    }

    public static string PartitionKey(ClaimsPrincipal user, IPAddress? address) =>
        ClientOf(user) is { } client ? $"client:{client}" : $"address:{AddressKey(address)}";

    /// <summary>
    /// IPv4 per address; IPv6 per /64, the block one subscriber usually holds (counting single
    /// IPv6 addresses would let one client rotate through millions of partitions).
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>Whole seconds to wait, rounded up, at least one.</summary>
    public static int RetryAfterSeconds(TimeSpan? wait) =>
        wait is { } w && w > TimeSpan.Zero ? Math.Max(1, (int)Math.Ceiling(w.TotalSeconds)) : 60;

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = RetryAfterSeconds(context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null);
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"The rate limit is reached; try again in {seconds} s.",
            },
        });
    }
}
