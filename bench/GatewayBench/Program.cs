using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StarPlatform.Bench;

// What the gateway costs: the same requests sent through the gateway and straight to the service,
// in one run of one suite, for a trivial read (the current star scheme) and a database write
// (complaint intake). Two measures per path:
//   saturation — open loop at an offered rate above what either path serves, at most --in-flight
//                requests outstanding (a request due while the limit is reached waits, and its
//                latency still runs from the instant it was due): the throughput served;
//   latency    — open loop at --latency-share of the direct path's saturation throughput: p50/p99,
//                from the scheduled instant (no coordinated omission), recorded with HdrHistogram.
// Usage: dotnet run -c Release --project bench/GatewayBench [--seconds 15] [--warmup 20]
//        [--in-flight 64] [--latency-share 0.5]
var options = Options.Parse(args);
var invariant = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(invariant, $"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {ProcessTable.LoadAverage()}"));
Console.WriteLine($"settings: {options}");

// No telemetry exporter (the testing builder has no dashboard), as IntakeBench's default.
// The allowances are for people; the benchmark is one client (and one address) at thousands per second.
await using var suite = await BenchSuite.StartAsync(new SuiteOptions(GatewayEnvironment:
[
    new("Gateway__RateLimits__PerClient__PermitLimit", "100000000"),
    new("Gateway__RateLimits__PerAddress__PermitLimit", "100000000"),
]));
var app = suite.App;
{
    var gateway = suite.Client();
    var token = await BenchSuite.TokenAsync(gateway, "dev-operator");
    var target = await suite.ComplaintTargetAsync("网关压测中心");
    var paths = new Dictionary<string, HttpClient>
    {
        ["gateway"] = gateway,
        ["direct read"] = Client(app.GetEndpoint("criteria-api", "http")),
        ["direct write"] = Client(app.GetEndpoint("complaints-api", "http")),
    };
    foreach (var client in paths.Values)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    var workloads = new[]
    {
        new Workload("GET /api/criteria/schemes/current", paths["direct read"], 3000,
            (n, marker) => new HttpRequestMessage(HttpMethod.Get, "/api/criteria/schemes/current"), HttpStatusCode.OK, 0.65),
        new Workload("POST /api/complaints (intake)", paths["direct write"], 1500,
            (n, marker) => new HttpRequestMessage(HttpMethod.Post, "/api/complaints")
            {
                Content = JsonContent.Create(BenchSuite.IntakeBody(target, $"{marker} 网关对比压测来电 #{n}")),
            }, HttpStatusCode.Created, 0.9),
    };

    var summary = new List<string>();
    foreach (var workload in workloads)
    {
        Console.WriteLine($"== {workload.Name}");
        // Warm-up of both paths (JIT, pools), not recorded.
        await RunAsync(workload, gateway, workload.OfferedRate / 4, options.WarmupSeconds / 2, options.InFlight);
        await RunAsync(workload, workload.Direct, workload.OfferedRate / 4, options.WarmupSeconds / 2, options.InFlight);

        var direct = await RunAsync(workload, workload.Direct, workload.OfferedRate, options.Seconds, options.InFlight);
        var proxied = await RunAsync(workload, gateway, workload.OfferedRate, options.Seconds, options.InFlight);
        Console.WriteLine($"  saturation direct:  {direct.Line()}");
        Console.WriteLine($"  saturation gateway: {proxied.Line()}");
        var rate = Math.Max(1, (int)(direct.Throughput * options.LatencyShare));
        var directLatency = await RunAsync(workload, workload.Direct, rate, options.Seconds, int.MaxValue);
        var gatewayLatency = await RunAsync(workload, gateway, rate, options.Seconds, int.MaxValue);
        Console.WriteLine($"  at {rate}/s direct:  {directLatency.Line()}");
        Console.WriteLine($"  at {rate}/s gateway: {gatewayLatency.Line()}");
        var ratio = proxied.Throughput / direct.Throughput;
        summary.Add(string.Create(invariant,
            $"| {workload.Name} | {direct.Throughput:0}/s | {proxied.Throughput:0}/s | **{ratio:0.00}** (target ≥ {workload.Target:0.00}) | {rate}/s | {directLatency.P(50):0.00} / {directLatency.P(99):0.00} ms | {gatewayLatency.P(50):0.00} / {gatewayLatency.P(99):0.00} ms |"));
    }

    Console.WriteLine();
    Console.WriteLine($"load average at the end: {ProcessTable.LoadAverage()}");
    Console.WriteLine("| request | direct at saturation | through the gateway | ratio | latency rate | direct p50 / p99 | gateway p50 / p99 |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    summary.ForEach(Console.WriteLine);
}

static async Task<Result> RunAsync(Workload workload, HttpClient http, int rate, int seconds, int inFlightLimit)
{
    var marker = $"gwbench-{Guid.NewGuid():N}";
    var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
    var total = rate * seconds;
    var ok = 0;
    var failed = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
    using var slots = new SemaphoreSlim(Math.Min(inFlightLimit, total));
    var (_, took) = await OpenLoop.RunAsync(total, rate, async (n, scheduled) =>
    {
        try
        {
            using var request = workload.Request(n, marker);
            using var response = await http.SendAsync(request);
            var elapsed = Stopwatch.GetTimestamp() - scheduled;
            if (response.StatusCode == workload.Expected)
            {
                Interlocked.Increment(ref ok);
                lock (histogram)
                {
                    histogram.RecordValue(elapsed);
                }
            }
            else
            {
                failed.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failed.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
        }
        finally
        {
            slots.Release();
        }
    }, slots);

    return new Result(rate, total, ok, ok / took.TotalSeconds, histogram,
        string.Join(", ", failed.Select(f => $"{f.Key}×{f.Value}")));
}

static HttpClient Client(Uri address) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
})
{ BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

internal sealed record Workload(string Name, HttpClient Direct, int OfferedRate,
    Func<int, string, HttpRequestMessage> Request, HttpStatusCode Expected, double Target);

internal sealed record Result(int Rate, int Sent, int Ok, double Throughput, LongHistogram Histogram, string Failures)
{
    public double P(double percentile) =>
        Histogram.TotalCount == 0 ? double.NaN : Histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"offered {Rate}/s, {Ok} of {Sent} answered as expected, {Throughput:0}/s, p50 {P(50):0.00} ms, p99 {P(99):0.00} ms, p99.9 {P(99.9):0.00} ms{(Failures.Length > 0 ? ", other: " + Failures : "")}");
}

internal sealed record Options(int Seconds, int WarmupSeconds, int InFlight, double LatencyShare)
{
    public static Options Parse(string[] args)
    {
        int seconds = 15, warmup = 20, inFlight = 64;
        var share = 0.5;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--in-flight": inFlight = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--latency-share": share = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]} (--seconds 15 --warmup 20 --in-flight 64 --latency-share 0.5).");
            }
        }

        return new Options(seconds, warmup, inFlight, share);
    }
}
