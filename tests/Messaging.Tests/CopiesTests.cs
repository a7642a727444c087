using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StarPlatform.Testing;
using Xunit.Abstractions;

namespace StarPlatform.Messaging.Tests;

/// <summary>
/// Two copies of one service on one database and one broker, as replicas run: their outbox relays
/// share the backlog and deliver each row once; their consumers compete on one queue and the inbox
/// keeps a message redelivered to the other copy from having a second effect. Real PostgreSQL and RabbitMQ.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class CopiesTests(MessagingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_relays_on_one_database_deliver_every_outbox_row_exactly_once_between_them()
    {
        const int backlog = 2000;
        const int meanwhile = 600;
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"copies_{Guid.NewGuid():N}");
        using var first = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString);
        using var second = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString);
        var published = new[] { new Published(), new Published() };
        first.Services.GetRequiredService<IBus>().ConnectPublishObserver(published[0]);
        second.Services.GetRequiredService<IBus>().ConnectPublishObserver(published[1]);
        await using var probe = await Probe.StartAsync(fixture.Infrastructure);

        // A backlog written while no relay runs, then both relays start on it at once, while both
        // copies keep writing.
        await WriteAsync(first, backlog);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        try
        {
            await Task.WhenAll(WriteAsync(first, meanwhile / 2), WriteAsync(second, meanwhile / 2));
            await Eventually.HoldsAsync(async () => await CounterHost.QueryAsync(first, db => db.Set<OutboxMessage>().AnyAsync()) == false,
                Within, "the outbox is drained");
            var relayed = published.Select(p => p.Count).ToArray();
            // Every delivery was confirmed before its row left the outbox, so everything published is
            // in the probe's queue ahead of this marker.
            await probe.DrainAsync(first);

            var counts = probe.Received.Values.ToList();
            Report($"{backlog + meanwhile} rows: relay 1 published {relayed[0]}, relay 2 {relayed[1]}; " +
                $"the probe received {counts.Count} distinct messages, {counts.Sum()} in all");
            Assert.Equal(backlog + meanwhile, counts.Count);
            Assert.All(counts, count => Assert.Equal(1, count));
            Assert.Equal(backlog + meanwhile, relayed.Sum());
            Assert.True(relayed.All(count => count > 0), "both relays delivered part of the rows");
            // The copies' own consumer got them too (and the marker).
            await Eventually.HoldsAsync(async () => await CounterHost.QueryAsync(first, db => db.Set<CompletedCounter>().CountAsync()) == backlog + meanwhile + 1,
                Within, "every message consumed once");
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }
    }

    [Fact]
    public async Task Two_copies_share_one_queue_and_a_message_delivered_again_has_no_second_effect()
    {
        const int messages = 1000;
        const int again = 200;
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"copies_{Guid.NewGuid():N}");
        var receipts = new[] { new Receipts(), new Receipts() };
        using var first = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString);
        using var second = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString);
        first.Services.GetRequiredService<IBusControl>().ConnectReceiveObserver(receipts[0]);
        second.Services.GetRequiredService<IBusControl>().ConnectReceiveObserver(receipts[1]);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        try
        {
            // Each message once, and the first 200 a second time under the same MessageId but with a
            // different effect (another counter), as a redelivery the inbox must recognise: an effect
            // that got through twice would be a second row.
            var ids = Enumerable.Range(0, messages).Select(_ => NewId.NextGuid()).ToList();
            var bus = first.Services.GetRequiredService<IBus>();
            await Task.WhenAll(ids.Select(id => bus.Publish(new CounterCompleted(Guid.NewGuid(), 1), c => c.MessageId = id))
                .Concat(ids.Take(again).Select(id => bus.Publish(new CounterCompleted(Guid.NewGuid(), 2), c => c.MessageId = id))));

            await Eventually.HoldsAsync(() => Task.FromResult(receipts.Sum(r => r.Total) == messages + again), Within,
                "every delivery acknowledged");
            var rows = await CounterHost.QueryAsync(first, db => db.Set<CompletedCounter>().CountAsync());
            var split = ids.Take(again).Count(id => receipts[0].Of(id) == 1 && receipts[1].Of(id) == 1);
            Report($"{messages + again} deliveries: copy 1 took {receipts[0].Total}, copy 2 {receipts[1].Total}; " +
                $"{split} of the {again} messages sent twice reached both copies; {rows} effects");
            Assert.Equal(messages, rows);
            Assert.True(receipts[0].Total > 0 && receipts[1].Total > 0, "both copies consumed from the queue");
            Assert.Equal(0, receipts[0].Faulted + receipts[1].Faulted);
            Assert.Equal(messages, await CounterHost.QueryAsync(first, db => db.Set<InboxState>().CountAsync()));
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }
    }

    private static async Task WriteAsync(IHost host, int count)
    {
        for (var written = 0; written < count; written += 250)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            for (var i = 0; i < Math.Min(250, count - written); i++)
            {
                outbox.Publish(new CounterCompleted(Guid.NewGuid(), 1));
            }

            await scope.ServiceProvider.GetRequiredService<CounterDbContext>().SaveChangesAsync();
        }
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"copies: {line}");
    }

    /// <summary>Publishes leaving a copy's bus (the relay's), by MessageId.</summary>
    private sealed class Published : IPublishObserver
    {
        private int _count;

        public int Count => _count;

        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            if (context.Message is CounterCompleted)
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    /// <summary>Deliveries a copy finished with (acknowledged), by MessageId, and deliveries that failed.</summary>
    private sealed class Receipts : IReceiveObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _acknowledged = new();
        private int _total;
        private int _faulted;

        public int Total => _total;
        public int Faulted => _faulted;

        public int Of(Guid messageId) => _acknowledged.GetValueOrDefault(messageId);

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context)
        {
            if (context.GetMessageId() is { } messageId)
            {
                _acknowledged.AddOrUpdate(messageId, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _total);
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
            Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception)
        {
            Interlocked.Increment(ref _faulted);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// A bus of its own with a queue bound to <see cref="CounterCompleted"/>: it receives a copy of
    /// every publish, whichever relay made it, and counts them by MessageId, one at a time and in order.
    /// </summary>
    private sealed class Probe : IAsyncDisposable
    {
        private readonly IBusControl _bus;
        private readonly Guid _marker = NewId.NextGuid();
        private readonly TaskCompletionSource _markerSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Probe(LocalInfrastructure infrastructure)
        {
            _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(infrastructure.RabbitMqUri);
                cfg.ReceiveEndpoint($"copies-probe-{Guid.NewGuid():N}", e =>
                {
                    e.AutoDelete = true;
                    e.Durable = false;
                    e.PrefetchCount = 1;
                    e.ConcurrentMessageLimit = 1;
                    e.Handler<CounterCompleted>(context =>
                    {
                        if (context.Message.CounterId == _marker)
                        {
                            _markerSeen.TrySetResult();
                        }
                        else
                        {
                            Received.AddOrUpdate(context.MessageId!.Value, 1, (_, n) => n + 1);
                        }

                        return Task.CompletedTask;
                    });
                });
            });
        }

        public ConcurrentDictionary<Guid, int> Received { get; } = new();

        public static async Task<Probe> StartAsync(LocalInfrastructure infrastructure)
        {
            var probe = new Probe(infrastructure);
            await probe._bus.StartAsync();
            return probe;
        }

        /// <summary>Publishes a marker and waits for it: whatever was published before it has been counted.</summary>
        public async Task DrainAsync(IHost host)
        {
            await host.Services.GetRequiredService<IBus>().Publish(new CounterCompleted(_marker, 0));
            await _markerSeen.Task.WaitAsync(Within);
        }

        public async ValueTask DisposeAsync() => await _bus.StopAsync();
    }
}
