using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MetricsRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TMetrics"/> (a singleton that creates a meter's instruments) and
    /// creates it when the host starts: an observable gauge reports from then on, not from the first
    /// time something happens to ask for the class.
    /// </summary>
    public static IServiceCollection AddMetricsAtStart<TMetrics>(this IServiceCollection services) where TMetrics : class
    {
        services.AddSingleton<TMetrics>();
        services.AddHostedService(sp => new CreatedAtStart<TMetrics>(sp.GetRequiredService<TMetrics>()));
        return services;
    }

    private sealed class CreatedAtStart<TMetrics>(TMetrics metrics) : IHostedService
    {
        public TMetrics Metrics { get; } = metrics;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// A value read from the service's database for an observable gauge, at most once per
/// <c>interval</c>: a gauge callback is synchronous and may run on every export, so it returns the
/// last reading and, when that is stale, starts the next one in the background. While the database
/// is away the gauge keeps the last reading (the health check reports the outage).
/// </summary>
public sealed class SampledReading<T>(
    IServiceScopeFactory scopes, Func<IServiceProvider, CancellationToken, Task<T>> read, T initial, TimeSpan interval, TimeProvider clock)
{
    private T _latest = initial;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private int _reading;

    public T Latest()
    {
        if (clock.GetUtcNow() - _readAt >= interval && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    _latest = await read(scope.ServiceProvider, timeout.Token);
                    _readAt = clock.GetUtcNow();
                }
                catch (Exception)
                {
                    // Kept: the last reading. Tried again at the next export.
                }
                finally
                {
                    Volatile.Write(ref _reading, 0);
                }
            });
        }

        return _latest;
    }
}
