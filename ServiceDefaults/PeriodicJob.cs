using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StarPlatform.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Background work that runs at start and then once every <see cref="Period"/> (counted from the end
/// of a turn), each turn in a DI scope of its own: the sweeps over due times kept in the database
/// (overdue cases, expiring awards) and the purges of rows past their retention. A failed turn is
/// logged and the next one runs as usual; the database is the memory, so nothing is lost by a turn
/// that failed or a process that stopped.
/// <para>
/// However many copies of the service run, a job takes one turn per period between them: a copy
/// runs a turn only after taking the job's lease in the service's database
/// (<see cref="PeriodicJobLease"/>, one atomic statement), and renews it for a period when the turn
/// ends. The other copies find it held and wake when it expires; if the holder dies, the lease
/// expires and another copy takes the next turn, at most a period late. A turn that outlasts its
/// period may overlap the next copy's; every job claims its rows with <c>FOR UPDATE SKIP LOCKED</c>
/// or deletes by condition, so an overlap wastes work and never doubles it.
/// </para>
/// The service's DbContext must be registered as <see cref="DbContext"/> (AddServiceDatabase does)
/// and its model must hold the lease table (AddMessaging, or AddPeriodicJobLeases).
/// </summary>
public abstract partial class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The shortest wait before asking for a lease again.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(50);

    /// <summary>The pause between the end of one turn and the start of the next.</summary>
    public abstract TimeSpan Period { get; }

    /// <summary>The job's name in the lease table: unique among the service's jobs. By default its type's name.</summary>
    public virtual string Name => NameOf(GetType());

    /// <summary>This copy of the job, as the lease table names it: host (the pod), process, instance.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>What a turn does, for the log ("overdue deadlines flagged").</summary>
    protected abstract string Work { get; }

    /// <summary>One turn as of <paramref name="now"/>; returns how many things it did (logged when any).</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Loud at start, not a warning every period: a job without its lease would run on every copy.
            _ = scope.ServiceProvider.GetService<DbContext>() ?? throw new InvalidOperationException(
                $"{Name} takes its turns under a lease in the service's database, but no DbContext is registered (AddServiceDatabase registers it).");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Period;
            try
            {
                wait = await TakeTurnAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, Work, Period);
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes the lease and runs a turn, or finds the lease held; returns how long to wait before asking again.</summary>
    private async Task<TimeSpan> TakeTurnAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var lease = await PeriodicJobLeases.TryTakeAsync(db, Name, Holder, Period, ct);
        if (!lease.Taken)
        {
            LogHeld(logger, Name, lease.HeldFor);
            return lease.HeldFor < MinimumWait ? MinimumWait : lease.HeldFor > Period ? Period : lease.HeldFor;
        }

        ExceptionDispatchInfo? failure = null;
        try
        {
            var done = await RunOnceAsync(scope.ServiceProvider, clock.GetUtcNow(), ct);
            if (done > 0)
            {
                LogDone(logger, done, Work);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        // The next turn, whoever takes it, a full period after this one ended (failed or not).
        await PeriodicJobLeases.RenewAsync(db, Name, Holder, Period, ct);
        failure?.Throw();
        return Period;
    }

    /// <summary>A type's name with its type arguments: <c>ExpiredRowsPurge&lt;RegistryDbContext,IdempotencyRecord&gt;</c>.</summary>
    public static string NameOf(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        var full = $"{name}<{string.Join(",", type.GetGenericArguments().Select(NameOf))}>";
        return full.Length <= PeriodicJobLease.MaxNameLength ? full : full[..PeriodicJobLease.MaxNameLength];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} {Work}")]
    private static partial void LogDone(ILogger logger, int count, string work);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Job}: another copy holds the turn for {HeldFor}")]
    private static partial void LogHeld(ILogger logger, string job, TimeSpan heldFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn failed ({Work}); the next one runs in {Period}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work, TimeSpan period);
}
