using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Background work that runs at start and then once every <see cref="Period"/> (counted from the end
/// of a turn), each turn in a DI scope of its own: the sweeps over due times kept in the database
/// (overdue cases, expiring awards) and the purges of rows past their retention. A failed turn is
/// logged and the next one runs as usual; the database is the memory, so nothing is lost by a turn
/// that failed or a process that stopped.
/// </summary>
public abstract partial class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The pause between the end of one turn and the start of the next.</summary>
    public abstract TimeSpan Period { get; }

    /// <summary>What a turn does, for the log ("overdue deadlines flagged").</summary>
    protected abstract string Work { get; }

    /// <summary>One turn as of <paramref name="now"/>; returns how many things it did (logged when any).</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var done = await RunOnceAsync(scope.ServiceProvider, clock.GetUtcNow(), stoppingToken);
                if (done > 0)
                {
                    LogDone(logger, done, Work);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, Work, Period);
            }

            try
            {
                await Task.Delay(Period, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} {Work}")]
    private static partial void LogDone(ILogger logger, int count, string work);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn failed ({Work}); the next one runs in {Period}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work, TimeSpan period);
}
