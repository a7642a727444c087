using System.Diagnostics;
using HdrHistogram;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

// All three hosts run side by side and each drain sends to its own saga queue, so the repetitions
// interleave (bare, ours + in-memory repository, ours + PostgreSQL, in a rotating order) and each
// ratio compares figures taken within a minute of each other, under the same machine load.
await using var bare = await BenchHost.StartInMemoryAsync(infrastructure);
await using var pipeline = await BenchHost.StartPostgresAsync(infrastructure, "bench-mix", inMemorySagas: true);
await using var postgres = await BenchHost.StartPostgresAsync(infrastructure, "bench-pg", inMemorySagas: false);
BenchHost[] hosts = options.Only switch
{
    "postgresql" => [postgres],
    "in-memory" => [bare],
    _ => [bare, pipeline, postgres],
};
string[] names = ["bare MassTransit, in-memory repository", "ours, in-memory repository", "ours, PostgreSQL repository"];
var drains = hosts.ToDictionary(h => h, _ => new List<DrainResult>());
for (var warmup = 0; warmup < options.WarmupDrains; warmup++)
{
    foreach (var host in hosts)
    {
        // Warm-up drains per host, not counted: JIT (tiered up to optimized code — with one drain
        // the driver's CPU per transition still halved between the first and the fourth round),
        // connection pools, prepared statements, queue bindings.
        await Drain(host, options.Tallies, options.CountsPerTally);
    }
}

Console.WriteLine($"load average before the drains: {ProcessTable.LoadAverage()}");
for (var repetition = 0; repetition < options.Repeat; repetition++)
{
    for (var i = 0; i < hosts.Length; i++)
    {
        var host = hosts[(i + repetition) % hosts.Length];
        var result = await Throughput(host);
        drains[host].Add(result);
        Console.WriteLine($"  #{repetition + 1} {host.Name}: {result}");
    }
}

Console.WriteLine($"load average after the drains: {ProcessTable.LoadAverage()}");
Console.WriteLine();
Console.WriteLine($"saga transitions/s, drain of {options.Tallies} sagas × {options.CountsPerTally} events{(options.Grouped ? ", grouped by saga" : "")}, {options.Repeat} repetitions (median, min–max):");
Console.WriteLine("| pipeline | transitions/s | CPU ms per transition: driver process / PostgreSQL / RabbitMQ |");
Console.WriteLine("|---|---|---|");
for (var i = 0; i < hosts.Length; i++)
{
    var runs = drains[hosts[i]];
    var name = hosts.Length == 3 ? names[i] : hosts[i].Name;
    Console.WriteLine($"| {name} | {Spread(runs.Select(r => r.Rate))} | " +
                      $"{Median(runs.Select(r => r.DriverMs)):0.00} / {Median(runs.Select(r => r.PostgresMs)):0.00} / {Median(runs.Select(r => r.RabbitMqMs)):0.00} |");
}

if (hosts.Length == 3)
{
    // Ratios within each repetition, then their spread.
    var sameRepository = Enumerable.Range(0, options.Repeat).Select(r => drains[postgres][r].Rate / drains[pipeline][r].Rate);
    var againstBare = Enumerable.Range(0, options.Repeat).Select(r => drains[postgres][r].Rate / drains[bare][r].Rate);
    Console.WriteLine();
    Console.WriteLine($"PostgreSQL ÷ in-memory repository, same pipeline: {Spread(sameRepository, "0.00")}");
    Console.WriteLine($"ours with PostgreSQL ÷ bare MassTransit:          {Spread(againstBare, "0.00")}");
}

if (options.Seconds > 0 && options.Only is null)
{
    results.Add(await Latency(bare));
    results.Add(await Latency(postgres));
}

if (options.RelayMessages > 0 && options.Only is null)
{
    results.Add(await RelayThroughput(postgres));
}

Console.WriteLine();
foreach (var line in results)
{
    Console.WriteLine(line);
}

await observerBus.StopAsync();
return;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Spread(IEnumerable<double> values, string format = "0")
{
    var all = values.ToArray();
    return $"{Median(all).ToString(format)} ({all.Min().ToString(format)}–{all.Max().ToString(format)})";
}

// Sends every count at once and measures until every tally reached its target.
async Task<DrainResult> Throughput(BenchHost host)
{
    var transitions = options.Tallies * options.CountsPerTally;
    var cpu = CpuMeter.Take();
    var clock = Stopwatch.StartNew();
    await Drain(host, options.Tallies, options.CountsPerTally);
    var elapsed = clock.Elapsed;
    var used = CpuMeter.Take() - cpu;
    return new DrainResult(
        transitions / elapsed.TotalSeconds,
        used.Driver.TotalMilliseconds / transitions,
        used.Postgres.TotalMilliseconds / transitions,
        used.RabbitMq.TotalMilliseconds / transitions);
}

async Task Drain(BenchHost host, int tallies, int countsPerTally)
{
    var all = observer.Expect(tallies);
    var ids = Enumerable.Range(0, tallies).Select(_ => NewId.NextGuid()).ToArray();
    var endpoint = await host.SagaEndpoint();
    var sends = new List<Task>(tallies * countsPerTally);
    // Round-robin (default): a saga's events are `tallies` apart in the queue, so the 16 messages in
    // flight at once rarely share a saga. Grouped: a saga's events follow each other, so the
    // messages in flight at once mostly hit one saga (its row lock, or the in-memory repository's lock).
    var events = options.Grouped
        ? ids.SelectMany(id => Enumerable.Repeat(id, countsPerTally))
        : Enumerable.Range(0, countsPerTally).SelectMany(_ => ids);
    foreach (var id in events)
    {
        sends.Add(endpoint.Send(new TallyCounted(id, countsPerTally, 0)));
    }

    await Task.WhenAll(sends);
    await all.WaitAsync(TimeSpan.FromMinutes(5));
}

// Open loop: a new one-count tally every 1/rate s on a fixed schedule, whatever the system does;
// latency runs from the scheduled time to the TallyReached arriving, so a stall is counted in full.
async Task<string> Latency(BenchHost host)
{
    var name = host.Name;
    var endpoint = await host.SagaEndpoint();
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

        publishes.Add(endpoint.Send(new TallyCounted(NewId.NextGuid(), 1, scheduled)));
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

internal sealed record DrainResult(double Rate, double DriverMs, double PostgresMs, double RabbitMqMs)
{
    public override string ToString() =>
        $"{Rate:0} transitions/s, CPU ms per transition {DriverMs:0.00} driver / {PostgresMs:0.00} PostgreSQL / {RabbitMqMs:0.00} RabbitMQ";
}

internal sealed record BenchOptions(int Tallies, int CountsPerTally, int Repeat, bool Grouped, int Rate, int Seconds, int RelayMessages, string? Only, int WarmupDrains)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
        }

        var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;
        return new BenchOptions(Get("tallies", 200), Get("counts", 15), Get("repeat", 5), args.Contains("--grouped"), Get("rate", 100), Get("seconds", 20), Get("relay", 5000), only, Get("warmup", 3));
    }
}

internal sealed class BenchHost(IHost host, string name, string queue) : IAsyncDisposable
{
    public string Name => name;

    public IBus Bus => host.Services.GetRequiredService<IBus>();

    /// <summary>The saga's own queue: drains send there, so hosts running side by side never share events.</summary>
    public Task<ISendEndpoint> SagaEndpoint() => Bus.GetSendEndpoint(new Uri($"queue:{queue}"));

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
        return new BenchHost(host, inMemorySagas ? "ours, in-memory repository" : "ours, PostgreSQL repository", $"{service}-tally-state");
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
        return new BenchHost(host, "bare MassTransit, in-memory repository", "bench-mem-tally-state");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
