using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StarPlatform.Contracts;
using StarPlatform.RegistryReplica;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;
using StarPlatform.Scoring.Tests;
using StarPlatform.Testing;

// Scoring benchmark: a cycle of --windows windows × 27 items × --evaluators evaluators through the
// Scoring API (in-process host, real PostgreSQL and RabbitMQ, outbox relay running):
// filing and panel assignment (closed loop), every score sheet at a fixed arrival rate (open loop,
// latency from the scheduled time), satisfaction, then the timed computation of every result.
// WebApplicationFactory reads the content-root manifest from the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var windows = Arg("--windows", 1000);
var evaluators = Arg("--evaluators", 3);
var rate = Arg("--rate", 50);
var concurrency = Arg("--concurrency", 16);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"settings: windows={windows} evaluators={evaluators} rate={rate}/s concurrency={concurrency}");

await using var infrastructure = await LocalInfrastructure.StartAsync();
var connectionString = await infrastructure.CreateDatabaseAsync("scoring_bench");
await using var service = new InProcessService<ScoringDbContext>(
    InProcessService<ScoringDbContext>.Connections("scoring-db", connectionString, infrastructure), withRelay: true,
    configure: web => web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)));

// Set-up outside the API (the copies the registry's and catalog's events would leave).
var window = Seed.Window;
var unitIds = new List<Guid>(windows);
await using (var scope = service.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
    await db.Database.MigrateAsync();
    db.CriteriaVersions.AddRange(Seed.Center, window);
    db.StarSchemes.Add(Seed.Scheme());
    for (var i = 0; i < windows; i++)
    {
        var unit = new ReplicatedUnit
        {
            Id = Guid.CreateVersion7(), Kind = UnitKind.Window, Name = $"基准窗口 {i:0000}", Level = UnitLevel.County,
            DivisionCode = $"5114{i % 100:00}", ChangedAt = DateTimeOffset.UtcNow,
        };
        unitIds.Add(unit.Id);
        db.Units.Add(unit);
    }

    await db.SaveChangesAsync();
}

var secretary = service.Client("secretary");
var approver = service.Client("approver");
var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
var cycle = await Json(await secretary.PostAsJsonAsync("/api/scoring/cycles",
    new { year, applicationOpensOn = new DateOnly(year, 1, 1), applicationClosesOn = new DateOnly(year, 12, 31) }));
var cycleId = cycle.GetProperty("id").GetGuid();
var panel = Enumerable.Range(0, evaluators).Select(_ => Guid.NewGuid()).ToArray();
foreach (var member in panel)
{
    await Json(await secretary.PutAsJsonAsync($"/api/scoring/panel-members/{member}", new { name = "评委", organisation = "市监察局" }));
}

var evaluatorClients = panel.Select(p => service.Client("evaluator", p.ToString())).ToArray();

var applications = new Guid[windows];
var filing = await ClosedLoop("file + assign", windows, async i =>
{
    var filed = await Json(await secretary.PostAsJsonAsync($"/api/scoring/cycles/{cycleId}/applications", new { unitId = unitIds[i] }));
    applications[i] = filed.GetProperty("id").GetGuid();
    await Json(await secretary.PutAsJsonAsync($"/api/scoring/applications/{applications[i]}/evaluators", new { evaluatorIds = panel }));
});

// Open loop: one sheet every 1/rate s on a fixed schedule, whatever the service does.
var histogram = new LongHistogram(TimeStamp.Minutes(5), 3);
var total = windows * evaluators;
var failures = 0;
var origin = Stopwatch.GetTimestamp();
var puts = new List<Task>(total);
for (var n = 0; n < total; n++)
{
    var scheduled = origin + (long)(n * (double)Stopwatch.Frequency / rate);
    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    var (i, e) = (n / evaluators, n % evaluators);
    puts.Add(Task.Run(async () =>
    {
        var response = await evaluatorClients[e].PutAsJsonAsync($"/api/scoring/applications/{applications[i]}/scores/{panel[e]}", Sheet(i, e));
        var latency = Stopwatch.GetTimestamp() - scheduled;
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
            Console.WriteLine($"sheet {i}/{e}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        lock (histogram)
        {
            histogram.RecordValue(latency);
        }
    }));
}

await Task.WhenAll(puts);
var scoringSeconds = Stopwatch.GetElapsedTime(origin).TotalSeconds;
double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

var satisfaction = await ClosedLoop("satisfaction", windows, async i =>
    await Json(await secretary.PutAsJsonAsync($"/api/scoring/applications/{applications[i]}/satisfaction", new { points = 8m + i % 5 * 0.5m })));

var computations = new List<(double Seconds, JsonElement Summary)>();
for (var run = 0; run < 3; run++)
{
    var clock = Stopwatch.StartNew();
    var summary = await Json(await secretary.PostAsJsonAsync($"/api/scoring/cycles/{cycleId}/results", new { }));
    computations.Add((clock.Elapsed.TotalSeconds, summary));
}

var tableClock = Stopwatch.StartNew();
var table = await Json(await approver.GetAsync($"/api/scoring/cycles/{cycleId}/league-table"));
var tableSeconds = tableClock.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine($"| phase | requests | time | rate |");
Console.WriteLine($"|---|---|---|---|");
Console.WriteLine($"| file + assign (closed loop, {concurrency} at a time) | {2 * windows} | {filing:0.0} s | {2 * windows / filing:0}/s |");
Console.WriteLine($"| score sheets (open loop, {rate}/s) | {total} ({failures} failed) | {scoringSeconds:0.0} s | {total / scoringSeconds:0}/s |");
Console.WriteLine($"| satisfaction (closed loop) | {windows} | {satisfaction:0.0} s | {windows / satisfaction:0}/s |");
Console.WriteLine();
Console.WriteLine($"score sheet PUT latency (from the scheduled time): p50 {Ms(50):0.0} ms, p90 {Ms(90):0.0} ms, p99 {Ms(99):0.0} ms, p99.9 {Ms(99.9):0.0} ms, max {Ms(100):0.0} ms");
foreach (var (seconds, summary) in computations)
{
    Console.WriteLine($"compute every result (POST /cycles/{{id}}/results): {seconds:0.00} s — {summary}");
}

Console.WriteLine($"league table of {table.GetProperty("total").GetInt32()}: {tableSeconds * 1000:0} ms");
return failures == 0 ? 0 : 1;

async Task<double> ClosedLoop(string name, int count, Func<int, Task> step)
{
    var clock = Stopwatch.StartNew();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await step(i);
        }
    })));
    Console.WriteLine($"{name}: {count} in {clock.Elapsed.TotalSeconds:0.0} s");
    return clock.Elapsed.TotalSeconds;
}

// Creation points 70–80 and judgement 8–10 varying by window and evaluator; every 50th window's
// first evaluator fails item 7 (a veto).
object Sheet(int i, int e)
{
    var missing = 10m - (i * 7 + e * 3) % 21 * 0.5m;
    var veto = i % 50 == 0 && e == 0;
    var items = new List<object>();
    foreach (var item in window.Items.OrderByDescending(x => x.Veto ? 0 : x.MaxPoints))
    {
        var off = item.Veto ? 0 : Math.Min(missing, item.MaxPoints);
        missing -= off;
        var failed = veto && item.Number == 7;
        items.Add(new { number = item.Number, points = failed ? 0 : item.MaxPoints - off, vetoFailed = failed, note = failed ? "基准:有效投诉" : null });
    }

    return new { items, panelJudgement = 8m + (i + e) % 5 * 0.5m };
}

static async Task<JsonElement> Json(HttpResponseMessage response)
{
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
    }

    return JsonDocument.Parse(body).RootElement;
}

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

