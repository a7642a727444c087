using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>
/// Start order no longer decides whether an event is lost: the consumer's topology (its queue,
/// bound to the event's exchange) is declared by its migrate step before anything publishes, so
/// an event published while the consumer is not running waits in its queue.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class TopologyTests(MessagingFixture fixture)
{
    private LocalInfrastructure Infrastructure => fixture.Infrastructure;

    [Fact]
    public async Task A_consumer_started_after_the_publisher_on_a_fresh_queue_gets_the_event()
    {
        // A service name of its own: its queue does not exist on the broker yet.
        var service = $"late{Guid.NewGuid():N}"[..12];
        var queue = $"{service}-counter-completed";
        var connectionString = await Infrastructure.CreateDatabaseAsync(service);
        Assert.Null(await QueueAsync(queue));
        // What the consumer's migrate step does, in a process of its own, before any service starts.
        // (The hosts stay undisposed until the end: MassTransit's log context is static, and the
        // next host in this process would log through a disposed logger factory.)
        using var migrate = Consumer(service, connectionString);
        await using (var scope = migrate.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CounterDbContext>().Database.EnsureCreatedAsync();
        }

        await migrate.Services.DeployBrokerTopologyAsync(Configuration(migrate), NullLogger.Instance);

        var declared = await QueueAsync(queue);
        Assert.NotNull(declared);
        Assert.Equal(0u, declared.MessageCount);

        // The publisher runs, publishes (confirmed by the broker) and the consumer is not running.
        var counterId = Guid.NewGuid();
        using var publisher = await PublisherAsync();
        await publisher.Services.GetRequiredService<IBus>().Publish(new CounterCompleted(counterId, 7));
        await publisher.StopAsync();

        await Eventually.HoldsAsync(async () => (await QueueAsync(queue))?.MessageCount == 1, TimeSpan.FromSeconds(10),
            "the event waiting in the consumer's queue");

        // The consumer starts last and gets it.
        using var consumer = Consumer(service, connectionString);
        await consumer.StartAsync();
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                await using var scope = consumer.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<CounterDbContext>()
                    .Set<CompletedCounter>().AnyAsync(c => c.Id == counterId && c.Count == 7);
            }, TimeSpan.FromSeconds(30), "the late consumer's effect");
        }
        finally
        {
            await consumer.StopAsync();
        }
    }

    [Fact]
    public async Task The_migrate_step_turns_a_classic_queue_into_a_quorum_queue_and_keeps_its_messages()
    {
        var service = $"old{Guid.NewGuid():N}"[..12];
        var queue = $"{service}-counter-completed";
        var connectionString = await Infrastructure.CreateDatabaseAsync(service);
        // A queue as an earlier version declared it: classic, holding two messages.
        await using (var connection = await new ConnectionFactory { Uri = Infrastructure.RabbitMqUri }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            foreach (var body in new[] { "one", "two" })
            {
                await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { MessageId = body },
                    System.Text.Encoding.UTF8.GetBytes(body));
            }
        }

        using var migrate = Consumer(service, connectionString);
        await migrate.Services.DeployBrokerTopologyAsync(Configuration(migrate), NullLogger.Instance);

        await using (var connection = await new ConnectionFactory { Uri = Infrastructure.RabbitMqUri }.CreateConnectionAsync())
        {
            await using (var probe = await connection.CreateChannelAsync())
            {
                // Declaring it as a quorum queue succeeds only if it is one.
                var ok = await probe.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                    new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
                Assert.Equal(2u, ok.MessageCount);
            }

            Assert.Null(await QueueAsync(queue + ".quorum-migration"));
        }
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Configuration(IHost host) =>
        host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

    private IHost Consumer(string service, string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{service}-db"] = connectionString;
        builder.Configuration["ConnectionStrings:messaging"] = Infrastructure.RabbitMqUri.ToString();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDatabase<CounterDbContext>($"{service}-db");
        builder.AddServiceMessaging<CounterDbContext>(service, bus => bus.AddConsumer<CounterCompletedConsumer>());
        return builder.Build();
    }

    /// <summary>A service that consumes nothing and publishes straight to the bus.</summary>
    private async Task<IHost> PublisherAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMassTransit(x => x.UsingRabbitMq((_, cfg) => cfg.Host(Infrastructure.RabbitMqUri)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The queue's message count, or null when it does not exist.</summary>
    private async Task<QueueDeclareOk?> QueueAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = Infrastructure.RabbitMqUri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }
}
