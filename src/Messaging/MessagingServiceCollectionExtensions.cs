using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StarPlatform.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the outbox, its relay and the inbox for <typeparamref name="TDbContext"/>,
    /// the service's own DbContext (one per service).
    /// </summary>
    public static IServiceCollection AddOutbox<TDbContext>(this IServiceCollection services, Action<OutboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        services.AddOptions<OutboxOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.AddMetrics();
        services.TryAddSingleton<OutboxBacklog>();
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<OutboxSignalInterceptor>();
        services.TryAddScoped<DbContext>(sp => sp.GetRequiredService<TDbContext>());
        services.TryAddScoped<IOutbox>(sp => new Outbox(sp.GetRequiredService<DbContext>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<Lifecycles.LockedSteps>();
        services.TryAddScoped<AfterCommit>();
        services.TryAddTransient(sp => new InsertBatch(
            sp.GetRequiredService<DbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<OutboxSignal>()));
        services.AddHostedService<OutboxRelay<TDbContext>>();
        return services;
    }

    /// <summary>
    /// Adds the interceptor that wakes the relay when outbox rows commit, in a service that has
    /// an outbox (<see cref="AddOutbox{TDbContext}"/>); a service without one is left as it is.
    /// </summary>
    public static DbContextOptionsBuilder UseOutboxSignal(this DbContextOptionsBuilder options, IServiceProvider services) =>
        services.GetService<OutboxSignalInterceptor>() is { } interceptor ? options.AddInterceptors(interceptor) : options;
}
