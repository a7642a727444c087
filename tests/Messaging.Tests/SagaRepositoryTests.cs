using StarPlatform.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
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
}
