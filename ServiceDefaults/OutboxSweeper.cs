using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StarPlatform.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>How often a sweep runs and how many rows a turn takes at most (each sweep binds its own section).</summary>
public class SweepOptions
{
    public int SweepSeconds { get; set; } = 60;
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// A <see cref="PeriodicJob"/> over due times kept in the service's database (overdue cases, expiring
/// awards): each turn claims due rows with <c>FOR UPDATE SKIP LOCKED</c> (copies share the work),
/// changes them and publishes through the outbox, and the change and the outbox rows commit in one
/// transaction, so a row is announced once even across crashes.
/// </summary>
public abstract class OutboxSweeper<TDbContext, TOptions>(
    IServiceScopeFactory scopes, IOptions<TOptions> options, TimeProvider clock, ILogger logger)
    : PeriodicJob(scopes, clock, logger)
    where TDbContext : DbContext
    where TOptions : SweepOptions
{
    public override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepSeconds));

    protected sealed override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct) =>
        SweepOnceAsync(services.GetRequiredService<TDbContext>(), services.GetRequiredService<IOutbox>(), now, options.Value.BatchSize, ct);

    /// <summary>One turn: up to <paramref name="batchSize"/> rows due as of <paramref name="now"/>; returns how many it announced.</summary>
    protected abstract Task<int> SweepOnceAsync(TDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct);

    /// <summary>Runs <paramref name="sweep"/> (claim, change, publish) in one transaction and commits it with the outbox rows.</summary>
    protected static async Task<int> InOneTransactionAsync(TDbContext db, Func<Task<int>> sweep, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var done = await sweep();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return done;
    }
}
