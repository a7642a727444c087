using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StarPlatform.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>How often a sweep runs and how many rows a turn takes at most: named options, one per sweeper, bound from its section.</summary>
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
public abstract class OutboxSweeper<TDbContext>(
    IServiceScopeFactory scopes, IOptionsMonitor<SweepOptions> options, TimeProvider clock, ILogger logger)
    : PeriodicJob(scopes, clock, logger)
    where TDbContext : DbContext
{
    private SweepOptions Options => options.Get(Name);

    public override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, Options.SweepSeconds));

    protected sealed override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct) =>
        SweepOnceAsync(services.GetRequiredService<TDbContext>(), services.GetRequiredService<IOutbox>(), now, Options.BatchSize, ct);

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

public static class OutboxSweepers
{
    /// <summary>
    /// Runs <typeparamref name="TSweeper"/> with its <see cref="SweepOptions"/> bound from <paramref name="section"/>, over
    /// <paramref name="defaults"/> when given (a sweeper whose period is not the minute).
    /// </summary>
    public static IServiceCollection AddOutboxSweeper<TSweeper>(this IServiceCollection services, string section, Action<SweepOptions>? defaults = null)
        where TSweeper : PeriodicJob
    {
        var options = services.AddOptions<SweepOptions>(PeriodicJob.NameOf(typeof(TSweeper)));
        if (defaults is not null)
        {
            options.Configure(defaults);
        }

        options.BindConfiguration(section);
        return services.AddHostedService<TSweeper>();
    }
}
