using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>
/// A service's queues are declared as quorum queues (replicated on the Kubernetes deployment's
/// three-node RabbitMQ), and work as before on the local single broker.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class QuorumQueueTests(MessagingFixture fixture)
{
    [Fact]
    public async Task A_services_queues_are_quorum_queues_and_messages_flow_through_them()
    {
        var service = $"quorum-{Guid.NewGuid():N}"[..20];
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"quorum_{Guid.NewGuid():N}");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] = connectionString;
        builder.Configuration["ConnectionStrings:messaging"] = fixture.Infrastructure.RabbitMqUri.ToString();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        builder.AddServiceMessaging<CounterDbContext>(service, bus => bus.AddConsumer<CounterCompletedConsumer>());
        using var host = builder.Build();
        await CounterHost.QueryAsync(host, db => db.Database.EnsureCreatedAsync());
        await host.StartAsync();
        try
        {
            var id = Guid.NewGuid();
            await host.Services.GetRequiredService<IBus>().Publish(new CounterCompleted(id, 7));
            await Eventually.HoldsAsync(async () => await CounterHost.QueryAsync(host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == id)),
                TimeSpan.FromSeconds(30), "the message is consumed");

            // RabbitMQ refuses to declare an existing queue with another type: quorum is accepted, classic refused.
            var queue = new KebabCaseEndpointNameFormatter(service, includeNamespace: false).Consumer<CounterCompletedConsumer>();
            var factory = new ConnectionFactory { Uri = fixture.Infrastructure.RabbitMqUri };
            await using var connection = await factory.CreateConnectionAsync();
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            }

            await using (var channel = await connection.CreateChannelAsync())
            {
                var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.QueueDeclareAsync(queue, durable: true,
                    exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }));
                Assert.Contains("x-queue-type", refused.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
