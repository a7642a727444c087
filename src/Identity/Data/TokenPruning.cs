using OpenIddict.Abstractions;

namespace StarPlatform.Identity.Data;

/// <summary>
/// Every issued token is a row (authorization codes must be redeemable once); expired and
/// revoked rows older than a day are deleted at start and every hour after.
/// </summary>
internal sealed class TokenPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TokenPruning> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var threshold = clock.GetUtcNow() - Kept;
                var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, stoppingToken);
                var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, stoppingToken);
                logger.LogInformation("Pruned {Tokens} token(s) and {Authorizations} authorization(s) older than {Threshold}",
                    tokens, authorizations, threshold);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Pruning tokens failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
