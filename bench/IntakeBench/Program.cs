using StarPlatform.Bench;
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

// Intake benchmark: complaints filed through the gateway at fixed arrival rates (open loop: a
// request leaves at its scheduled instant whatever the system does, and its latency runs from that
// instant, so a stall counts in full), the whole suite started here by the AppHost on loopback
// (PostgreSQL, RabbitMQ, identity, registry, complaints, gateway …) and stopped at the end.
// Every accepted case is then counted in the complaints database by the run's marker: lost = 0.
var options = Options.Parse(args);
var invariant = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(invariant, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {ProcessTable.LoadAverage()}"));
Console.WriteLine($"settings: {options}");

await using var suite = await BenchSuite.StartAsync(new SuiteOptions(
    Dashboard: options.Dashboard,
    SuiteSettings: options.Replicas is { } replicas ? [$"STAR_REPLICAS={replicas}"] : [],
    ServiceEnvironment: options.ServiceEnvironment,
    // The operator client's allowance (600/min) is for people; the benchmark is one client at hundreds per second.
    GatewayEnvironment:
    [
        new("Gateway__RateLimits__PerClient__PermitLimit", "100000000"),
        new("Gateway__RateLimits__PerClient__WindowSeconds", "60"),
    ]));
var app = suite.App;
{
    Console.WriteLine(string.Create(invariant, $"suite started in {suite.StartedIn.TotalSeconds:0} s"));
    using var http = suite.Client();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchSuite.TokenAsync(http, "dev-operator"));
    var target = await suite.ComplaintTargetAsync("压测县政务服务中心");
    var complaintsDb = (await app.GetConnectionStringAsync("complaints-db"))!;

    // Warm-up (not recorded): JIT, prepared statements, then the connection pools and thread pools
    // grown to the first rate's concurrency (new PostgreSQL connections cost a SCRAM handshake each).
    // Tiered compilation is the long pole: complaints-api compiles ~42,000 methods (42 s of JIT CPU
    // on these two cores) and only settles ~40 s into the load (dotnet-counters
    // dotnet.jit.compiled_methods), hence a 60 s default.
    var warmup = TimeSpan.FromSeconds(options.WarmupSeconds / 2.0);
    await RunAsync(http, target, complaintsDb, rate: Math.Min(100, options.Rates[0]), warmup, options, record: false);
    await RunAsync(http, target, complaintsDb, rate: options.Rates[0], warmup, options, record: false);

    var results = new List<Result>();
    foreach (var rate in options.Rates)
    {
        results.Add(await RunAsync(http, target, complaintsDb, rate, TimeSpan.FromSeconds(options.Seconds), options, record: true));
    }

    Console.WriteLine();
    Console.WriteLine("| offered rate | duration | sent | 201 | shed (503/429 + Retry-After) | other errors | lost | throughput (201s) | p50 | p90 | p99 | p99.9 | max (201s only) | load average (1/5/15 min) at the end |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var r in results)
    {
        Console.WriteLine(r.Row());
    }

    Console.WriteLine();
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(invariant, $"CPU at {r.Rate}/s, ms per intake: {r.Cpu}"));
    }

    // A rate counts only if every run of it, and every run of every lower rate, met the target:
    // a higher rate that happened to pass after a lower one failed is no sustained rate.
    var byRate = results.GroupBy(r => r.Rate).OrderBy(g => g.Key).ToList();
    var sustained = byRate.TakeWhile(g => g.All(r => r.Sustained(options.TargetP99Ms))).Select(g => g.Key).DefaultIfEmpty(0).Max();
    Console.WriteLine();
    Console.WriteLine(string.Create(invariant,
        $"highest sustained rate (every request 201, lost 0, p99 ≤ {options.TargetP99Ms} ms, in every run of it and of every lower rate): {(sustained == 0 ? "none of the rates run" : $"{sustained}/s")}"));
    foreach (var rate in results.GroupBy(r => r.Rate).Where(g => g.Count() > 1))
    {
        Console.WriteLine(string.Create(invariant,
            $"{rate.Key}/s run {rate.Count()} times: p99 {string.Join(", ", rate.Select(r => r.P99Ms.ToString("0.0", invariant)))} ms; target met in {rate.Count(r => r.Sustained(options.TargetP99Ms))} of {rate.Count()}"));
    }
    foreach (var r in results.Where(r => r.Shed > 0 || r.Errors > 0))
    {
        Console.WriteLine(string.Create(invariant,
            $"{r.Rate}/s beyond capacity: {r.Accepted} answered 201 (p99 {r.P99Ms:0.0} ms), {r.Shed} shed with Retry-After, {r.Errors} other errors (502, connection failures, timeouts), lost {r.Lost}: {(r.Graceful ? "graceful" : "NOT graceful")}"));
    }
    Console.WriteLine($"lost in all: {results.Sum(r => r.Lost)}");
}

static async Task<Result> RunAsync(HttpClient http, Guid target, string complaintsDb, int rate, TimeSpan duration, Options options, bool record)
{
    var marker = $"bench-{Guid.NewGuid():N}";
    var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
    var total = (int)(rate * duration.TotalSeconds);
    var accepted = 0;
    var errors = 0;
    var shed = 0;
    var errorSamples = new System.Collections.Concurrent.ConcurrentBag<string>();
    var acceptedIds = new System.Collections.Concurrent.ConcurrentBag<Guid>();
    // Worst latency (ticks) of the requests due in each second of the run, for --timeline.
    var worstPerSecond = new long[(int)Math.Ceiling(duration.TotalSeconds) + 1];
    var cpuBefore = CpuShares.Take();
    var startedAt = DateTimeOffset.UtcNow;
    var timing = await OpenLoop.RunAsync(total, rate, async (n, scheduled) =>
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints")
            {
                Content = JsonContent.Create(BenchSuite.IntakeBody(target, $"{marker} 来电反映窗口工作人员态度生硬 #{n}")),
            };
            if (options.IdempotencyKeys)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", $"{marker}-{n}");
            }

            using var response = await http.SendAsync(request);
            var elapsed = Stopwatch.GetTimestamp() - scheduled;
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Interlocked.Increment(ref accepted);
                acceptedIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                lock (histogram)
                {
                    histogram.RecordValue(elapsed);
                    var second = n / rate;
                    worstPerSecond[second] = Math.Max(worstPerSecond[second], elapsed);
                }
            }
            else if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
                && response.Headers.RetryAfter is not null)
            {
                // Shed by the gateway (or a limit) with an answer the client can act on.
                Interlocked.Increment(ref shed);
                errorSamples.Add($"{(int)response.StatusCode}+Retry-After");
            }
            else
            {
                Interlocked.Increment(ref errors);
                errorSamples.Add($"{(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref errors);
            errorSamples.Add(e.GetType().Name);
        }
    });

    var (sendingEnded, allAnswered) = timing;
    var cpu = CpuShares.Per(cpuBefore, CpuShares.Take(), total);
    // Requests the driver gave up on (timeouts) may still commit: wait until the count settles.
    long stored = -1;
    long found = 0;
    await using (var connection = new NpgsqlConnection(complaintsDb))
    {
        await connection.OpenAsync();
        for (var settled = 0; settled < 3;)
        {
            await using var count = new NpgsqlCommand("select count(*) from complaints where description like $1", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = marker + " %" });
            var now = (long)(await count.ExecuteScalarAsync())!;
            settled = now == stored ? settled + 1 : 0;
            stored = now;
            await Task.Delay(1000);
        }

        // Every case answered 201 must be in the database: lost = answered 201 and not stored.
        await using var check = new NpgsqlCommand("select count(*) from complaints where id = any($1)", connection);
        check.Parameters.Add(new NpgsqlParameter { Value = acceptedIds.ToArray() });
        found = (long)(await check.ExecuteScalarAsync())!;
    }

    var result = new Result(rate, duration, total, accepted, shed, errors, accepted - (int)found, stored,
        accepted / allAnswered.TotalSeconds, histogram, ProcessTable.LoadAverage(),
        string.Join(", ", errorSamples.GroupBy(e => e).Select(g => $"{g.Key}×{g.Count()}")), cpu);
    Console.WriteLine((record ? "" : "warm-up: ") + result.Line() +
        string.Create(CultureInfo.InvariantCulture, $" (sending took {sendingEnded.TotalSeconds:0.0} s, last answer at {allAnswered.TotalSeconds:0.0} s)"));
    if (options.Timeline)
    {
        // One line per second of the schedule: when it began (UTC, to line up with server logs,
        // vmstat or pg_stat_*) and the worst latency of the requests due in it.
        Console.WriteLine("  timeline (UTC second: worst ms): " + string.Join(" ", worstPerSecond.Take(total / rate).Select((ticks, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{startedAt.AddSeconds(i):HH:mm:ss}:{ticks * 1000.0 / Stopwatch.Frequency:0}"))));
    }

    return result;
}

internal sealed record Result(
    int Rate, TimeSpan Duration, int Sent, int Accepted, int Shed, int Errors, int Lost, long Stored, double Throughput,
    LongHistogram Histogram, string LoadAverage, string ErrorKinds, string Cpu)
{
    private static double Ms(LongHistogram h, double percentile) =>
        h.TotalCount == 0 ? double.NaN : h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

    public double P99Ms => Ms(Histogram, 99);

    public bool Sustained(double targetP99Ms) => Errors == 0 && Shed == 0 && Lost == 0 && Accepted == Sent && P99Ms <= targetP99Ms;

    /// <summary>Beyond capacity: every request answered 201 or shed with Retry-After, none lost.</summary>
    public bool Graceful => Errors == 0 && Lost == 0 && Accepted + Shed == Sent;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"rate {Rate}/s × {Duration.TotalSeconds:0} s: sent={Sent} 201={Accepted} shed={Shed} errors={Errors}{(ErrorKinds.Length > 0 ? $" ({ErrorKinds})" : "")} stored={Stored} (of which answered 201: {Accepted - Lost}; committed after the driver gave up: {Stored - (Accepted - Lost)}) lost={Lost}; " +
        $"p50={Ms(Histogram, 50):0.0} ms p90={Ms(Histogram, 90):0.0} ms p99={Ms(Histogram, 99):0.0} ms p99.9={Ms(Histogram, 99.9):0.0} ms " +
        $"max={Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms; throughput {Throughput:0}/s; load average {LoadAverage}; " +
        $"CPU ms per intake sent: {Cpu}");

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Rate}/s | {Duration.TotalSeconds:0} s | {Sent} | {Accepted} | {Shed} | {Errors} | {Lost} | {Throughput:0}/s | {Ms(Histogram, 50):0.0} ms | {Ms(Histogram, 90):0.0} ms | " +
        $"{Ms(Histogram, 99):0.0} ms | {Ms(Histogram, 99.9):0.0} ms | {Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms | {LoadAverage} |");
}

internal sealed record Options(int[] Rates, int Seconds, int WarmupSeconds, double TargetP99Ms, bool IdempotencyKeys, bool Dashboard, bool Timeline,
    IReadOnlyList<KeyValuePair<string, string>> ServiceEnvironment, string? Replicas)
{
    public static Options Parse(string[] args)
    {
        var rates = new[] { 100, 250, 500 };
        var seconds = 20;
        var warmup = 60;
        var target = 50.0;
        var keys = true;
        var dashboard = false;
        var timeline = false;
        var environment = new List<KeyValuePair<string, string>>();
        string? replicas = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rates":
                    rates = args[++i].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--seconds":
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--target-p99-ms":
                    target = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-idempotency-keys":
                    keys = false;
                    break;
                case "--replicas":
                    replicas = args[++i];
                    break;
                case "--timeline":
                    timeline = true;
                    break;
                case "--service-env":
                    var setting = args[++i].Split('=', 2);
                    environment.Add(new(setting[0], setting.Length > 1 ? setting[1] : ""));
                    break;
                case "--telemetry":
                    dashboard = args[++i] switch
                    {
                        "off" => false,
                        "dashboard" => true,
                        var other => throw new ArgumentException($"--telemetry is off or dashboard, not {other}."),
                    };
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]} (--rates 100,250,500 --seconds 20 --warmup 60 --target-p99-ms 50 --no-idempotency-keys --timeline --telemetry off|dashboard --service-env NAME=VALUE --replicas complaints=2).");
            }
        }

        return new Options(rates, seconds, warmup, target, keys, dashboard, timeline, environment, replicas);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"rates {string.Join(", ", Rates)}/s, {Seconds} s each after a {WarmupSeconds} s warm-up (half at 100/s, half at the first rate), p99 target {TargetP99Ms} ms, Idempotency-Key {(IdempotencyKeys ? "on every request" : "off")}, ") +
        (Dashboard ? "telemetry exported to the Aspire dashboard (on the same two cores)" : "telemetry export off (no collector on the machine)") +
        (Replicas is null ? "; one copy of each service" : $"; copies STAR_REPLICAS={Replicas} (the gateway balances across them)") +
        (ServiceEnvironment.Count > 0 ? "; every service also gets " + string.Join(" ", ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")) : "");
}
