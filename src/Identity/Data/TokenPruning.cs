using OpenIddict.Abstractions;

namespace StarPlatform.Identity.Data;

/// <summary>
/// Every issued token is a row (authorization codes must be redeemable once); expired and
/// revoked rows older than a day are deleted at start and every hour after.
/// </summary>
internal sealed class TokenPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TokenPruning> logger)
    : PeriodicJob(scopes, clock, logger)
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    public override TimeSpan Period => TimeSpan.FromHours(1);

    protected override string Work => "expired or revoked tokens and authorizations pruned";

    protected override async Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var threshold = now - Kept;
        var tokens = await services.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, ct);
        var authorizations = await services.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, ct);
        return (int)Math.Min(int.MaxValue, tokens + authorizations);
    }
}
