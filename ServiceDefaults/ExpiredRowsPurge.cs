using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Deletes the rows of <typeparamref name="TRow"/> that are past their retention, every
/// <see cref="PeriodicJob.Period"/>, a thousand at a time (short transactions, each an indexed range of the
/// timestamp): for stores that only grow, such as the answers kept for <c>Idempotency-Key</c>s.
/// A row counts as expired by the same rule its readers use, so nothing a reader would still
/// honour is deleted.
/// </summary>
public sealed class ExpiredRowsPurge<TDbContext, TRow>(
    IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiredRowsPurge<TDbContext, TRow>> log,
    Expression<Func<TRow, DateTimeOffset>> stamp, TimeSpan retention, TimeSpan every) : PeriodicJob(scopes, clock, log)
    where TDbContext : DbContext
    where TRow : class
{
    public const int BatchSize = 1000;

    public TimeSpan Retention => retention;
    public override TimeSpan Period => every;

    protected override string Work => $"expired {typeof(TRow).Name} rows purged";

    protected override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct) =>
        PurgeAsync(services.GetRequiredService<TDbContext>(), now, ct);

    /// <summary>Deletes every row expired at <paramref name="now"/>, oldest first, in batches; returns how many.</summary>
    public async Task<int> PurgeAsync(TDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // stamp <= cutoff, with the cutoff read from an object so EF sends it as a parameter.
        var older = Expression.Lambda<Func<TRow, bool>>(
            Expression.LessThanOrEqual(stamp.Body, Expression.Property(Expression.Constant(new Cutoff(now - retention)), nameof(Cutoff.At))),
            stamp.Parameters);
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.Set<TRow>().Where(older).OrderBy(stamp).Take(BatchSize).ExecuteDeleteAsync(ct);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }

    private sealed record Cutoff(DateTimeOffset At);
}

public static class ExpiredRowsPurgeExtensions
{
    /// <summary>
    /// Purges <typeparamref name="TRow"/> rows older than <paramref name="retention"/> by
    /// <paramref name="stamp"/> (which should be indexed), every <paramref name="every"/> (10 minutes
    /// when not given). A row is expired when its stamp is at or before now − retention.
    /// </summary>
    public static IServiceCollection AddExpiredRowsPurge<TDbContext, TRow>(this IServiceCollection services,
        Expression<Func<TRow, DateTimeOffset>> stamp, TimeSpan retention, TimeSpan? every = null)
        where TDbContext : DbContext
        where TRow : class
    {
        services.AddSingleton(sp => new ExpiredRowsPurge<TDbContext, TRow>(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<ExpiredRowsPurge<TDbContext, TRow>>>(), stamp, retention, every ?? TimeSpan.FromMinutes(10)));
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredRowsPurge<TDbContext, TRow>>());
        return services;
    }
}
