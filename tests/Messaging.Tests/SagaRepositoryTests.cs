using StarPlatform.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StarPlatform.Messaging.Tests;

/// <summary>The PostgreSQL saga repository under concurrency and restarts, against real PostgreSQL and RabbitMQ.</summary>
[Collection(MessagingCollection.Name)]
public sealed class SagaRepositoryTests(MessagingFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private IHost _host = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}");
        _host = await CounterHost.StartAsync(fixture.Infrastructure, _connectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task Fifty_simultaneous_events_on_one_saga_are_all_counted()
    {
        var id = NewId.NextGuid();
        await CounterHost.PublishAsync(_host, new CounterStarted(id, Target: 50));
        await Eventually.HoldsAsync(async () => await CounterHost.SagaAsync(_host, id) is not null, Within, "the saga exists");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => CounterHost.PublishAsync(_host, new CounterIncremented(id))));

        await Eventually.HoldsAsync(async () => (await CounterHost.SagaAsync(_host, id))?.Count == 50, Within, "all 50 increments counted");
        var saga = await CounterHost.SagaAsync(_host, id);
        Assert.Equal("Done", saga!.CurrentState);

        // The completion was published through the outbox and consumed exactly once.
        await Eventually.HoldsAsync(async () =>
            await CounterHost.QueryAsync(_host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == id)), Within, "the completion is consumed");
        Assert.Equal(50, await CounterHost.QueryAsync(_host, db => db.Set<CompletedCounter>().Where(c => c.Id == id).Select(c => c.Count).SingleAsync()));
        Console.WriteLine($"saga concurrency: 50 simultaneous events, counted {saga.Count}");
    }

    [Fact]
    public async Task A_saga_restarted_mid_flow_reads_its_state_back_and_completes()
    {
        var id = NewId.NextGuid();
        await CounterHost.PublishAsync(_host, new CounterStarted(id, Target: 10));
        await Eventually.HoldsAsync(async () => await CounterHost.SagaAsync(_host, id) is not null, Within, "the saga exists");
        for (var i = 0; i < 4; i++)
        {
            await CounterHost.PublishAsync(_host, new CounterIncremented(id));
        }

        await Eventually.HoldsAsync(async () => (await CounterHost.SagaAsync(_host, id))?.Count == 4, Within, "four increments counted");

        // The service goes away; the rest of the flow waits in its queue.
        await _host.StopAsync();
        _host.Dispose();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(fixture.Infrastructure.RabbitMqUri));
        await bus.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            await bus.Publish(new CounterIncremented(id));
        }

        await bus.StopAsync();

        _host = await CounterHost.StartAsync(fixture.Infrastructure, _connectionString);
        await Eventually.HoldsAsync(async () => (await CounterHost.SagaAsync(_host, id))?.CurrentState == "Done", Within, "the flow completes after the restart");
        Assert.Equal(10, (await CounterHost.SagaAsync(_host, id))!.Count);
        await Eventually.HoldsAsync(async () =>
            await CounterHost.QueryAsync(_host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == id && c.Count == 10)), Within, "the completion is consumed");
    }

    [Fact]
    public async Task Redelivered_events_have_no_second_effect_even_one_the_saga_no_longer_accepts()
    {
        var receipts = new Receipts();
        using var observing = _host.Services.GetRequiredService<IBusControl>().ConnectReceiveObserver(receipts);
        var id = NewId.NextGuid();
        var startedId = NewId.NextGuid();
        await PublishAsync(new CounterStarted(id, Target: 3), startedId);
        await Eventually.HoldsAsync(async () => await CounterHost.SagaAsync(_host, id) is not null, Within, "the saga exists");

        // The same increment delivered twice, at once: counted once.
        var incrementedId = NewId.NextGuid();
        await Task.WhenAll(PublishAsync(new CounterIncremented(id), incrementedId), PublishAsync(new CounterIncremented(id), incrementedId));
        await PublishAsync(new CounterIncremented(id), NewId.NextGuid());
        await Eventually.HoldsAsync(async () => (await CounterHost.SagaAsync(_host, id))?.Count >= 2, Within, "two increments counted");

        // The start again: in state Counting the saga refuses it (an error, retried for ~40 s and
        // then moved to the error queue) — unless it is recognised as a duplicate and acknowledged.
        await PublishAsync(new CounterStarted(id, Target: 3), startedId);
        await Eventually.HoldsAsync(() => Task.FromResult(receipts.Acknowledged(startedId) == 2), TimeSpan.FromSeconds(20),
            "the second delivery of the start is acknowledged at once");
        await PublishAsync(new CounterIncremented(id), NewId.NextGuid());
        await Eventually.HoldsAsync(async () =>
            await CounterHost.QueryAsync(_host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == id)), Within, "the counter completes");

        Assert.Equal(3, (await CounterHost.SagaAsync(_host, id))!.Count);
        Assert.Equal(2, receipts.Acknowledged(incrementedId));
        Assert.Equal(0, receipts.Faulted);
        Assert.Equal(1, await CounterHost.QueryAsync(_host, db => db.Set<InboxState>().CountAsync(i => i.MessageId == startedId)));
        Assert.Equal(1, await CounterHost.QueryAsync(_host, db => db.Set<InboxState>().CountAsync(i => i.MessageId == incrementedId)));
    }

    private Task PublishAsync<T>(T message, Guid messageId) where T : class =>
        _host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    /// <summary>Deliveries the service finished with (acknowledged), by MessageId, and deliveries that failed.</summary>
    private sealed class Receipts : IReceiveObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> _acknowledged = new();
        private int _faulted;

        public int Faulted => _faulted;

        public int Acknowledged(Guid messageId) => _acknowledged.GetValueOrDefault(messageId);

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context)
        {
            if (context.GetMessageId() is { } messageId)
            {
                _acknowledged.AddOrUpdate(messageId, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

        // A consumer's fault inside the transactional filter may still end as a recognised duplicate.
        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
            Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception)
        {
            Interlocked.Increment(ref _faulted);
            return Task.CompletedTask;
        }
    }
}
