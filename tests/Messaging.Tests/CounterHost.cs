using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>An in-process service wired exactly like ours (ServiceDefaults' database and bus), running the counter saga.</summary>
internal static class CounterHost
{
    public const string Database = "counter";

    public static async Task<IHost> StartAsync(LocalInfrastructure infrastructure, string connectionString, Action<IServiceCollection>? configure = null)
    {
        var host = await BuildAsync(infrastructure, connectionString, configure);
        await host.StartAsync();
        return host;
    }

    /// <summary>The host with its database created, not started yet (its relay and consumers idle).</summary>
    public static async Task<IHost> BuildAsync(LocalInfrastructure infrastructure, string connectionString, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] = connectionString;
        builder.Configuration["ConnectionStrings:messaging"] = infrastructure.RabbitMqUri.ToString();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        builder.AddServiceMessaging<CounterDbContext>("counter", bus =>
        {
            bus.AddSagaStateMachine<CounterStateMachine, CounterState>().StoreInServiceDatabase();
            bus.AddConsumer<CounterCompletedConsumer>();
        });
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CounterDbContext>().Database.EnsureCreatedAsync();
        }

        return host;
    }

    public static async Task<T> QueryAsync<T>(IHost host, Func<CounterDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CounterDbContext>());
    }

    public static Task<CounterState?> SagaAsync(IHost host, Guid id) =>
        QueryAsync(host, db => db.Set<CounterState>().AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == id));

    public static async Task PublishAsync<T>(IHost host, T message) where T : class =>
        await host.Services.GetRequiredService<IBus>().Publish(message);
}
