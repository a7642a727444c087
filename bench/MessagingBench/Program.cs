using System.Diagnostics;
using HdrHistogram;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using StarPlatform.Bench;
using StarPlatform.Messaging;
using StarPlatform.Testing;

// Messaging benchmark: saga transitions/s on the PostgreSQL repository vs MassTransit's in-memory
// repository (same run, same broker), open-loop latency at a fixed arrival rate, and outbox relay
// throughput. Real PostgreSQL and RabbitMQ on loopback, started and stopped by this program.
var options = BenchOptions.Parse(args);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"settings: {options}");

await using var infrastructure = await LocalInfrastructure.StartAsync();
var observer = new ReachedObserver();
var observerBus = Bus.Factory.CreateUsingRabbitMq(cfg =>
{
    cfg.Host(infrastructure.RabbitMqUri);
    cfg.ReceiveEndpoint("bench-observer", e =>
    {
        e.PrefetchCount = 64;
        e.Handler<TallyReached>(context =>
        {
            observer.Seen(context.Message);
            return Task.CompletedTask;
        });
    });
});
await observerBus.StartAsync();

var results = new List<string>();
double memoryRate;
double pipelineMemoryRate;
double postgresRate;

await using (var memory = await BenchHost.StartInMemoryAsync(infrastructure))
{
    memoryRate = options.Only is null or "in-memory" ? await Throughput("in-memory", memory) : double.NaN;
    if (options.Only is null)
    {
        results.Add(await Latency("in-memory", memory));
    }
}

await BenchHost.DeleteQueueAsync(infrastructure, "bench-mem-tally-state");

// The same durable pipeline as the PostgreSQL run (inbox claim, outbox capture, relay), with only
// the saga repository swapped for MassTransit's in-memory one: what the repository itself costs.
await using (var pipeline = await BenchHost.StartPostgresAsync(infrastructure, "bench-mix", inMemorySagas: true))
{
    pipelineMemoryRate = options.Only is null ? await Throughput("pipeline + in-memory repository", pipeline) : double.NaN;
}

await BenchHost.DeleteQueueAsync(infrastructure, "bench-mix-tally-state");

await using (var postgres = await BenchHost.StartPostgresAsync(infrastructure, "bench-pg", inMemorySagas: false))
{
    postgresRate = options.Only is null or "postgresql" ? await Throughput("postgresql", postgres) : double.NaN;
    if (options.Only is null)
    {
        results.Add(await Latency("postgresql", postgres));
        results.Add(await RelayThroughput(postgres));
    }
}

Console.WriteLine();
Console.WriteLine($"saga transitions/s, drain of {options.Tallies * options.CountsPerTally}:");
Console.WriteLine("| pipeline | in-memory repository | PostgreSQL repository | ratio |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| ours (inbox, outbox, relay on PostgreSQL) | {pipelineMemoryRate:0} | {postgresRate:0} | {postgresRate / pipelineMemoryRate:0.00} |");
Console.WriteLine($"| bare MassTransit (no database) vs ours | {memoryRate:0} | {postgresRate:0} | {postgresRate / memoryRate:0.00} |");
Console.WriteLine();
foreach (var line in results)
{
    Console.WriteLine(line);
}

await observerBus.StopAsync();
return;

// Publishes every count at once and measures until every tally reached its target.
async Task<double> Throughput(string name, BenchHost host)
{
    // Warm-up: JIT, connections, queue bindings.
    await Drain(host, tallies: 20, countsPerTally: 5);
    var clock = Stopwatch.StartNew();
    await Drain(host, options.Tallies, options.CountsPerTally);
    var rate = options.Tallies * options.CountsPerTally / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{name}: {options.Tallies * options.CountsPerTally} transitions in {clock.Elapsed.TotalSeconds:0.00} s = {rate:0}/s");
    return rate;
}

async Task Drain(BenchHost host, int tallies, int countsPerTally)
{
    var all = observer.Expect(tallies);
    var ids = Enumerable.Range(0, tallies).Select(_ => NewId.NextGuid()).ToArray();
    var publishes = new List<Task>(tallies * countsPerTally);
    for (var round = 0; round < countsPerTally; round++)
    {
        foreach (var id in ids)
        {
            publishes.Add(host.Bus.Publish(new TallyCounted(id, countsPerTally, 0)));
        }
    }

    await Task.WhenAll(publishes);
    await all.WaitAsync(TimeSpan.FromMinutes(5));
}

// Open loop: a new one-count tally every 1/rate s on a fixed schedule, whatever the system does;
// latency runs from the scheduled time to the TallyReached arriving, so a stall is counted in full.
async Task<string> Latency(string name, BenchHost host)
{
    var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
    var total = options.Rate * options.Seconds;
    var all = observer.Expect(total);
    var origin = Stopwatch.GetTimestamp();
    observer.OnReached = reached =>
    {
        var latency = Stopwatch.GetTimestamp() - reached.ScheduledTicks;
        lock (histogram)
        {
            histogram.RecordValue(latency);
        }
    };

    var publishes = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        var scheduled = origin + (long)(i * (double)Stopwatch.Frequency / options.Rate);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        publishes.Add(host.Bus.Publish(new TallyCounted(NewId.NextGuid(), 1, scheduled)));
    }

    await Task.WhenAll(publishes);
    var completed = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))) == all;
    observer.OnReached = null;
    double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
    return $"{name}: open loop {options.Rate}/s for {options.Seconds} s ({histogram.TotalCount} of {total} completed{(completed ? "" : ", TIMED OUT")}) " +
           $"publish→transition→outbox→consumer latency p50 {Ms(50):0.0} ms, p90 {Ms(90):0.0} ms, p99 {Ms(99):0.0} ms, p99.9 {Ms(99.9):0.0} ms, max {Ms(100):0.0} ms";
}

// Commits a batch of outbox rows in one transaction and times the relay until the table is empty.
async Task<string> RelayThroughput(BenchHost host)
{
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        for (var i = 0; i < options.RelayMessages; i++)
        {
            outbox.Publish(new RelayProbe(i));
        }

        var clock = Stopwatch.StartNew();
        await db.SaveChangesAsync();
        while (await db.Set<OutboxMessage>().CountAsync() > 0)
        {
            await Task.Delay(20);
        }

        var rate = options.RelayMessages / clock.Elapsed.TotalSeconds;
        return $"outbox relay: {options.RelayMessages} rows committed at once, delivered with publisher confirms and deleted in {clock.Elapsed.TotalSeconds:0.00} s = {rate:0} msg/s";
    }
}

internal sealed record BenchOptions(int Tallies, int CountsPerTally, int Rate, int Seconds, int RelayMessages, string? Only)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
        }

        var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;
        return new BenchOptions(Get("tallies", 200), Get("counts", 15), Get("rate", 100), Get("seconds", 20), Get("relay", 5000), only);
    }
}

internal sealed class BenchHost(IHost host) : IAsyncDisposable
{
    public IBus Bus => host.Services.GetRequiredService<IBus>();

    public IServiceProvider Services => host.Services;

    public static async Task<BenchHost> StartPostgresAsync(LocalInfrastructure infrastructure, string service, bool inMemorySagas)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:bench-db"] = await infrastructure.CreateDatabaseAsync(service.Replace('-', '_'));
        builder.Configuration["ConnectionStrings:messaging"] = infrastructure.RabbitMqUri.ToString();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.AddServiceDatabase<BenchDbContext>("bench-db");
        builder.AddServiceMessaging<BenchDbContext>(service, bus =>
        {
            var saga = bus.AddSagaStateMachine<TallyStateMachine, TallyState>();
            if (inMemorySagas)
            {
                saga.InMemoryRepository();
            }
            else
            {
                saga.StoreInServiceDatabase();
            }
        });
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        return new BenchHost(host);
    }

    /// <summary>The baseline: the same saga and transport settings, MassTransit's in-memory repository, no database.</summary>
    public static async Task<BenchHost> StartInMemoryAsync(LocalInfrastructure infrastructure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter("bench-mem", includeNamespace: false));
            x.AddSagaStateMachine<TallyStateMachine, TallyState>().InMemoryRepository();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(infrastructure.RabbitMqUri);
                cfg.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000, 10000, 20000));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchHost(host);
    }

    public static async Task DeleteQueueAsync(LocalInfrastructure infrastructure, string queue)
    {
        var factory = new ConnectionFactory { Uri = infrastructure.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
