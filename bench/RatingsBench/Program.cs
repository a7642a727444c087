using StarPlatform.Bench;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using HdrHistogram;
using Npgsql;
using NpgsqlTypes;

// Ratings benchmark (好差评), the whole suite started here by the AppHost on loopback and stopped at the end:
//  1. device batches: open loop of 1,000-record batches (served transactions, 95 % of them rated) posted by the
//     center's rating devices (--devices, default 4: batch n from device n mod 4) through the gateway; each batch's latency runs from its scheduled instant (a stall counts in
//     full); every record answered `recorded` is then looked up in the ratings database: lost = 0.
//  2. COPY: PostgreSQL's own bulk load of the same rows (as many as the fastest batch run sent) into the same
//     tables on the same run, and the batch path's rate as a share of it.
//  3. online ratings (一事一评): open loop of single anonymous ratings through the gateway's public submissions.
//  4. stored: N ratings bulk-loaded by COPY over every window of the city and 12 months, the rollup rebuilt by the
//     service's own `rebuild-rates` command (timed), then the month's rates of every window of the city read
//     through the gateway (`/api/ratings/months/{yyyy-MM}?divisionCode=5114`, pages of 200), open loop.
// Rounds (--rounds) repeat phases 1–3 in one suite; the summary gives the median and range over rounds.
var options = Options.Parse(args);
var invariant = CultureInfo.InvariantCulture;
CpuShares.Focus = ("Ratings.Api", "ratings-api");
Console.WriteLine(string.Create(invariant, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {ProcessTable.LoadAverage()}"));
Console.WriteLine($"settings: {options}");

await using var suite = await BenchSuite.StartAsync(new SuiteOptions(
    SuiteSettings: options.Replicas is { } replicas ? [$"STAR_REPLICAS={replicas}"] : [],
    // The allowances are for people and citizens; the driver is a few devices and one address at thousands per second.
    GatewayEnvironment:
    [
        new("Gateway__RateLimits__PerClient__PermitLimit", "100000000"),
        new("Gateway__RateLimits__PerAddress__PermitLimit", "100000000"),
        new("Gateway__RateLimits__PublicSubmissions__PermitLimit", "100000000"),
    ]));
Console.WriteLine(string.Create(invariant, $"suite started in {suite.StartedIn.TotalSeconds:0} s"));
var ratingsDb = (await suite.App.GetConnectionStringAsync("ratings-db"))!;
using var anonymous = suite.Client();
// The center's devices (dev-rating-device, -2, -3, -4): a device's batches take turns under its lock, different devices' run side by side.
var devices = new List<HttpClient>();
for (var d = 1; d <= options.Devices; d++)
{
    var client = suite.Client();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
        await BenchSuite.TokenAsync(client, d == 1 ? "dev-rating-device" : $"dev-rating-device-{d}"));
    devices.Add(client);
}

var deviceToken = devices[0].DefaultRequestHeaders.Authorization!.Parameter!;

var windows = await WindowsAsync(suite, ratingsDb, CenterOf(deviceToken), options.Windows);
Console.WriteLine($"{windows.Count} windows of the device's center held by Ratings");

// Warm-up (not recorded): JIT, prepared statements, connection and thread pools.
var sequence = 0;
await BatchRunAsync(devices, ratingsDb, windows, Math.Max(1, options.BatchRates[0] / 2), options.WarmupSeconds / 2, options.BatchSize, ++sequence, record: false);
var warmOnline = await BatchRunAsync(devices, ratingsDb, windows, options.BatchRates[0], options.WarmupSeconds / 2, options.BatchSize, ++sequence, record: false);
await OnlineRunAsync(anonymous, ratingsDb, [.. warmOnline.Recorded.OrderBy(r => r.Transaction.GetHashCode())], Math.Min(100, options.OnlineRates[0]), options.WarmupSeconds / 2, record: false);

var batchResults = new List<BatchResult>();
var copyResults = new List<CopyResult>();
var onlineResults = new List<OnlineResult>();
for (var round = 1; round <= options.Rounds; round++)
{
    Console.WriteLine($"round {round} of {options.Rounds}");
    var rated = new List<(Guid Unit, string Transaction)>();
    foreach (var rate in options.BatchRates)
    {
        var result = await BatchRunAsync(devices, ratingsDb, windows, rate, options.Seconds, options.BatchSize, ++sequence, record: true) with { Round = round };
        batchResults.Add(result);
        rated.AddRange(result.Recorded);
    }

    if (options.BatchRates.Length > 0)
    {
        var fastest = batchResults.TakeLast(options.BatchRates.Length).MaxBy(r => r.RecordsPerSecond)!;
        copyResults.Add(await CopyAsync(ratingsDb, windows, fastest.RecordsSent, ++sequence, fastest.RecordsPerSecond));
    }

    // Online ratings come for every window of the city, not one window's transactions in a row.
    var shuffled = rated.ToArray();
    new Random(round).Shuffle(shuffled);
    rated = [.. shuffled];
    foreach (var rate in options.OnlineRates)
    {
        onlineResults.Add(await OnlineRunAsync(anonymous, ratingsDb, rated, rate, options.Seconds, record: true));
        rated = rated.Skip(rate * options.Seconds).ToList();
    }
}

StoredResult? stored = null;
if (options.Stored > 0)
{
    stored = await StoredAsync(suite, anonymous, ratingsDb, options);
}

Console.WriteLine();
Console.WriteLine("## Device batches through the gateway (1 batch = " + options.BatchSize.ToString(invariant) + " records; 95 % rated)");
Console.WriteLine("| round | offered | batches sent | 200 | other answers | records recorded | lost | records/s | ratings/s | p50 | p90 | p99 | max (per batch) | load average |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
batchResults.ForEach(r => Console.WriteLine(r.Row()));
foreach (var rate in batchResults.GroupBy(r => r.BatchesPerSecond))
{
    Console.WriteLine(string.Create(invariant,
        $"{rate.Key * options.BatchSize}/s offered, {rate.Count()} run(s): ratings/s median {Median(rate.Select(r => r.RatingsPerSecond)):0} ({rate.Min(r => r.RatingsPerSecond):0}–{rate.Max(r => r.RatingsPerSecond):0}), " +
        $"p99 median {Median(rate.Select(r => r.P99Ms)):0.0} ms ({rate.Min(r => r.P99Ms):0.0}–{rate.Max(r => r.P99Ms):0.0}); lost {rate.Sum(r => r.Lost)}; " +
        $"target (≥ 20,000 ratings/s, p99 ≤ 250 ms, every batch 200, lost 0) met in {rate.Count(r => r.Met)} of {rate.Count()}"));
}

foreach (var r in batchResults)
{
    Console.WriteLine(string.Create(invariant, $"CPU at {r.BatchesPerSecond * options.BatchSize}/s (round {r.Round}), ms per 1,000 records: {r.Cpu}"));
}

if (copyResults.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("## PostgreSQL COPY of the same rows (served_transactions + ratings, one transaction, binary COPY)");
    copyResults.ForEach(c => Console.WriteLine(c.Line()));
    Console.WriteLine(string.Create(invariant,
        $"COPY records/s median {Median(copyResults.Select(c => c.RecordsPerSecond)):0} ({copyResults.Min(c => c.RecordsPerSecond):0}–{copyResults.Max(c => c.RecordsPerSecond):0}); " +
        $"the batch path's best rate of the round as a share of COPY: median {Median(copyResults.Select(c => c.Ratio)):0.00} ({copyResults.Min(c => c.Ratio):0.00}–{copyResults.Max(c => c.Ratio):0.00})"));
}

if (onlineResults.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("## Online ratings (一事一评), one at a time, anonymous, through the gateway");
    Console.WriteLine("| offered | sent | 201 | other answers | lost | throughput | p50 | p90 | p99 | max | load average |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    onlineResults.ForEach(r => Console.WriteLine(r.Row()));
    foreach (var rate in onlineResults.GroupBy(r => r.Rate))
    {
        Console.WriteLine(string.Create(invariant,
            $"{rate.Key}/s, {rate.Count()} run(s): p99 median {Median(rate.Select(r => r.P99Ms)):0.0} ms ({rate.Min(r => r.P99Ms):0.0}–{rate.Max(r => r.P99Ms):0.0}); " +
            $"lost {rate.Sum(r => r.Lost)}; target (p99 ≤ 50 ms, every rating 201, lost 0) met in {rate.Count(r => r.Met)} of {rate.Count()}"));
    }

    foreach (var r in onlineResults)
    {
        Console.WriteLine(string.Create(invariant, $"CPU at {r.Rate}/s online, ms per rating: {r.Cpu}"));
    }
}

if (stored is not null)
{
    Console.WriteLine();
    Console.WriteLine("## Stored ratings, the rollup rebuilt, the city's month read");
    Console.WriteLine(stored.Lines());
}

Console.WriteLine($"lost in all: {batchResults.Sum(r => r.Lost) + onlineResults.Sum(r => r.Lost)}");
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

/// <summary>The center a device's token binds it to (its <c>unit_id</c> claim).</summary>
static Guid CenterOf(string token)
{
    var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
    payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
    return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("unit_id").GetGuid();
}

/// <summary>
/// The city's development data (seed-dev, which registers the center dev-rating-device is bound to), and
/// <paramref name="count"/> windows of that center, registered through the gateway and waited for in Ratings' copy.
/// </summary>
static async Task<List<Guid>> WindowsAsync(BenchSuite suite, string ratingsDb, Guid center, int count)
{
    var seed = Process.Start(new ProcessStartInfo(suite.BinaryOf("registry-api"))
    {
        ArgumentList = { "seed-dev", "--gateway", suite.Gateway.ToString().TrimEnd('/') },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
    var seedError = seed.StandardError.ReadToEndAsync();
    _ = seed.StandardOutput.ReadToEndAsync();
    await seed.WaitForExitAsync();
    if (seed.ExitCode != 0)
    {
        throw new InvalidOperationException($"seed-dev exited {seed.ExitCode}: {await seedError}");
    }

    using var admin = suite.Client();
    admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchSuite.TokenAsync(admin, "dev-admin"));
    var run = Guid.NewGuid().ToString("N")[..6];
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        using var response = await admin.PostAsJsonAsync($"/api/registry/centers/{center}/windows",
            new { department = $"压测部门 {i % 20 + 1}", name = $"压测窗口 {run}-{i + 1:000}" }, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"registering a window: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    });

    await using var connection = new NpgsqlConnection(ratingsDb);
    await connection.OpenAsync();
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        await using var command = new NpgsqlCommand("select id from units where parent_id = $1 and kind = 'window' and status <> 'closed' order by id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = center });
        var ids = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        if (ids.Count >= count)
        {
            return ids;
        }

        if (deadline.Elapsed > TimeSpan.FromMinutes(2))
        {
            throw new TimeoutException($"Ratings holds {ids.Count} of the center's windows after 2 minutes.");
        }

        await Task.Delay(500);
    }
}

/// <summary>
/// A record's level: 95 % rated, of those 68 % 非常满意, 26 % 满意, 5 % 基本满意 and 0.2 % bad (不满意, 非常不满意), each
/// opening a rectification case — the share of bad ratings China's 好差评 figures report (satisfaction above 99 %).
/// </summary>
static string? LevelOf(int i) => (i % 1000) switch
{
    < 50 => null,
    < 700 => "very-satisfied",
    < 950 => "satisfied",
    < 998 => "fairly-satisfied",
    998 => "dissatisfied",
    _ => "very-dissatisfied",
};

/// <summary>
/// One open-loop run of device batches: <paramref name="rate"/> batches a second for <paramref name="seconds"/>, each
/// the records of one window (as its device uploads them), bodies written before the clock starts so the driver's
/// own JSON does not compete with the suite. Returns the latencies and, after checking the database, what was lost.
/// </summary>
static async Task<BatchResult> BatchRunAsync(IReadOnlyList<HttpClient> devices, string ratingsDb, List<Guid> windows, int rate, int seconds, int batchSize, int sequence, bool record)
{
    var marker = $"b{sequence:000}{Guid.NewGuid():N}"[..10];
    var total = rate * seconds;
    var servedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
    var bodies = new byte[total][];
    for (var b = 0; b < total; b++)
    {
        var window = windows[(sequence * 7919 + b) % windows.Count];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("records");
            for (var i = 0; i < batchSize; i++)
            {
                json.WriteStartObject();
                json.WriteString("recordId", $"{marker}-{b}-{i}");
                json.WriteString("unitId", window);
                json.WriteString("transactionId", $"{marker}-{b}-{i}");
                json.WriteString("serviceItem", "社会保障卡补领");
                json.WriteString("servedAt", servedAt);
                if (LevelOf(i) is { } level)
                {
                    json.WriteString("level", level);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        bodies[b] = buffer.ToArray();
    }

    var histogram = new LongHistogram(TimeStamp.Seconds(120), 3);
    var answered = new ConcurrentBag<int>();
    var answers = new ConcurrentDictionary<string, int>();
    long recordedAnswered = 0;
    var cpuBefore = CpuShares.Take();
    var (_, allAnswered) = await OpenLoop.RunAsync(total, rate, async (n, scheduled) =>
    {
        try
        {
            using var content = new ByteArrayContent(bodies[n]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await devices[n % devices.Count].PostAsync("/api/ratings/device-batches", content);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetTimestamp() - scheduled;
            answers.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var document = JsonDocument.Parse(body);
                Interlocked.Add(ref recordedAnswered, document.RootElement.GetProperty("recorded").GetInt32());
                answered.Add(n);
                lock (histogram)
                {
                    histogram.RecordValue(elapsed);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answers.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
        }
    });

    var records = total * batchSize;
    var cpu = CpuShares.Per(cpuBefore, CpuShares.Take(), records / 1000, "1,000 records");

    // Lost: a record of a batch answered 200 that is not stored (its transaction, and its rating when it had a level).
    var ratedPerBatch = Enumerable.Range(0, batchSize).Count(i => LevelOf(i) is not null);
    var batches = answered.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray();
    long transactions;
    long ratings;
    await using (var connection = new NpgsqlConnection(ratingsDb))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            select (select count(*) from served_transactions where transaction_id like $1 and split_part(transaction_id, '-', 2) = any($2)),
                   (select count(*) from ratings where channel = 'device' and transaction_id like $1 and split_part(transaction_id, '-', 2) = any($2))
            """, connection);
        count.Parameters.Add(new NpgsqlParameter { Value = marker + "-%" });
        count.Parameters.Add(new NpgsqlParameter { Value = batches });
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        transactions = reader.GetInt64(0);
        ratings = reader.GetInt64(1);
    }

    var lost = (long)batches.Length * batchSize - transactions + ((long)batches.Length * ratedPerBatch - ratings);
    var recorded = answered.SelectMany(b => Enumerable.Range(0, batchSize).Select(i => (windows[(sequence * 7919 + b) % windows.Count], $"{marker}-{b}-{i}"))).ToList();
    var result = new BatchResult(0, rate, batchSize, total, answered.Count, string.Join(", ", answers.Where(a => a.Key != "200").Select(a => $"{a.Key}×{a.Value}")),
        recordedAnswered, lost, recordedAnswered / allAnswered.TotalSeconds, recordedAnswered * ratedPerBatch / (double)batchSize / allAnswered.TotalSeconds,
        histogram, ProcessTable.LoadAverage(), cpu, recorded);
    Console.WriteLine((record ? "" : "warm-up: ") + result.Line());
    return result;
}

/// <summary>
/// PostgreSQL's own bulk load of <paramref name="records"/> records shaped as the batch path writes them (a served
/// transaction each, a rating for 95 % of them), into the same tables, by binary COPY in one committed transaction.
/// </summary>
static async Task<CopyResult> CopyAsync(string ratingsDb, List<Guid> windows, long records, int sequence, double batchRecordsPerSecond)
{
    var marker = $"c{sequence:000}{Guid.NewGuid():N}"[..10];
    var started = Stopwatch.StartNew();
    var (transactions, ratings) = await BulkLoadAsync(ratingsDb, windows, records, marker, months: 1);
    var took = started.Elapsed;
    var result = new CopyResult(records, transactions, ratings, took, records / took.TotalSeconds, batchRecordsPerSecond / (records / took.TotalSeconds));
    Console.WriteLine(result.Line());
    return result;
}

/// <summary>
/// Writes <paramref name="records"/> served transactions (and ratings for 95 % of them) by binary COPY, spread over
/// <paramref name="windows"/> and the last <paramref name="months"/> months, in transactions of at most a million
/// records; the rollup is not touched (the stored phase rebuilds it). Returns the rows written per table.
/// </summary>
static async Task<(long Transactions, long Ratings)> BulkLoadAsync(string ratingsDb, List<Guid> windows, long records, string marker, int months)
{
    const int Chunk = 1_000_000;
    var now = DateTimeOffset.UtcNow;
    // Each month's records in its first two days, China time (as the service files them), so none is in the future.
    var thisMonth = new DateTimeOffset(now.ToOffset(TimeSpan.FromHours(8)).Year, now.ToOffset(TimeSpan.FromHours(8)).Month, 1, 0, 0, 0, TimeSpan.FromHours(8));
    var monthStarts = Enumerable.Range(0, months).Select(m => thisMonth.AddMonths(-m)).ToArray();
    var reporter = Guid.Parse("00000000-0000-4000-8000-0000000000d1");
    long transactions = 0;
    long ratings = 0;
    await using var connection = new NpgsqlConnection(ratingsDb);
    await connection.OpenAsync();
    for (long from = 0; from < records; from += Chunk)
    {
        var to = Math.Min(records, from + Chunk);
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var served = await connection.BeginBinaryImportAsync(
            "copy served_transactions (unit_id, transaction_id, service_item, served_at, month, reported_by, reported_at, first_rated_at) from stdin (format binary)"))
        {
            for (var k = from; k < to; k++)
            {
                var start = monthStarts[(int)(k / windows.Count % months)];
                var servedAt = start.AddHours(k % 48).UtcDateTime;
                await served.StartRowAsync();
                await served.WriteAsync(windows[(int)(k % windows.Count)], NpgsqlDbType.Uuid);
                await served.WriteAsync($"{marker}-{k}", NpgsqlDbType.Varchar);
                await served.WriteAsync("社会保障卡补领", NpgsqlDbType.Varchar);
                await served.WriteAsync(servedAt, NpgsqlDbType.TimestampTz);
                await served.WriteAsync(DateOnly.FromDateTime(start.DateTime), NpgsqlDbType.Date);
                await served.WriteAsync(reporter, NpgsqlDbType.Uuid);
                await served.WriteAsync(servedAt.AddMinutes(5), NpgsqlDbType.TimestampTz);
                if (LevelOf((int)(k % 1000)) is null)
                {
                    await served.WriteNullAsync();
                }
                else
                {
                    await served.WriteAsync(servedAt.AddMinutes(1), NpgsqlDbType.TimestampTz);
                }
            }

            transactions += (long)await served.CompleteAsync();
        }

        await using (var rated = await connection.BeginBinaryImportAsync(
            "copy ratings (id, unit_id, transaction_id, channel, level, rated_at, month) from stdin (format binary)"))
        {
            for (var k = from; k < to; k++)
            {
                if (LevelOf((int)(k % 1000)) is not { } level)
                {
                    continue;
                }

                var start = monthStarts[(int)(k / windows.Count % months)];
                var ratedAt = start.AddHours(k % 48).AddMinutes(1);
                await rated.StartRowAsync();
                await rated.WriteAsync(Guid.CreateVersion7(ratedAt), NpgsqlDbType.Uuid);
                await rated.WriteAsync(windows[(int)(k % windows.Count)], NpgsqlDbType.Uuid);
                await rated.WriteAsync($"{marker}-{k}", NpgsqlDbType.Varchar);
                await rated.WriteAsync("device", NpgsqlDbType.Varchar);
                await rated.WriteAsync(level, NpgsqlDbType.Varchar);
                await rated.WriteAsync(ratedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await rated.WriteAsync(DateOnly.FromDateTime(start.DateTime), NpgsqlDbType.Date);
            }

            ratings += (long)await rated.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    return (transactions, ratings);
}

/// <summary>One open-loop run of single online ratings (channel <c>online</c>) of transactions the devices reported.</summary>
static async Task<OnlineResult> OnlineRunAsync(HttpClient anonymous, string ratingsDb, IReadOnlyList<(Guid Unit, string Transaction)> transactions, int rate, int seconds,
    bool record)
{
    var total = Math.Min(rate * seconds, transactions.Count);
    var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
    var answers = new ConcurrentDictionary<string, int>();
    var ids = new ConcurrentBag<Guid>();
    var cpuBefore = CpuShares.Take();
    var (_, allAnswered) = await OpenLoop.RunAsync(total, rate, async (n, scheduled) =>
    {
        var (unit, transaction) = transactions[n];
        try
        {
            using var response = await anonymous.PostAsJsonAsync("/api/ratings", new
            {
                unitId = unit, transactionId = transaction, channel = n % 3 == 0 ? "mobile" : "online",
                level = LevelOf(n % 1000) ?? "satisfied",
            });
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetTimestamp() - scheduled;
            answers.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var document = JsonDocument.Parse(body);
                ids.Add(document.RootElement.GetProperty("id").GetGuid());
                lock (histogram)
                {
                    histogram.RecordValue(elapsed);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answers.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
        }
    });

    var cpu = CpuShares.Per(cpuBefore, CpuShares.Take(), total, "rating");
    long found;
    await using (var connection = new NpgsqlConnection(ratingsDb))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from ratings where id = any($1)", connection);
        count.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        found = (long)(await count.ExecuteScalarAsync())!;
    }

    var result = new OnlineResult(rate, total, ids.Count, string.Join(", ", answers.Where(a => a.Key != "201").Select(a => $"{a.Key}×{a.Value}")),
        ids.Count - found, ids.Count / allAnswered.TotalSeconds, histogram, ProcessTable.LoadAverage(), cpu);
    Console.WriteLine((record ? "" : "warm-up: ") + result.Line());
    return result;
}

/// <summary>
/// <see cref="Options.Stored"/> ratings bulk-loaded over every window of the city (all units Ratings holds under
/// division 5114) and 12 months, the rollup rebuilt by <c>Ratings.Api rebuild-rates</c>, then this month's rates of
/// every window of the city read through the gateway, page by page (200 a page), open loop.
/// </summary>
static async Task<StoredResult> StoredAsync(BenchSuite suite, HttpClient anonymous, string ratingsDb, Options options)
{
    List<Guid> cityWindows = [];
    await using (var connection = new NpgsqlConnection(ratingsDb))
    {
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from units where kind = 'window' and division_code like '5114%' order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            cityWindows.Add(reader.GetGuid(0));
        }
    }

    var load = Stopwatch.StartNew();
    var (transactions, ratings) = await BulkLoadAsync(ratingsDb, cityWindows, options.Stored, $"s{Guid.NewGuid():N}"[..10], months: 12);
    var loaded = load.Elapsed;
    long totalRatings;
    string size;
    await using (var connection = new NpgsqlConnection(ratingsDb))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*), pg_size_pretty(pg_database_size(current_database())) from ratings", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        totalRatings = reader.GetInt64(0);
        size = reader.GetString(1);
    }

    // The service's own command, with the service's connection strings, as an operator runs it.
    var rebuild = new ProcessStartInfo(suite.BinaryOf("ratings-api")) { ArgumentList = { "rebuild-rates" }, RedirectStandardOutput = true, RedirectStandardError = true };
    rebuild.Environment["ConnectionStrings__ratings-db"] = ratingsDb;
    rebuild.Environment["ConnectionStrings__messaging"] = await suite.App.GetConnectionStringAsync("messaging");
    rebuild.Environment["OTEL_SDK_DISABLED"] = "true";
    var rebuildClock = Stopwatch.StartNew();
    using var process = Process.Start(rebuild)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var rebuildTook = rebuildClock.Elapsed;
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"rebuild-rates exited {process.ExitCode}: {await error}");
    }

    var rebuildLine = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("rebuild-rates:", StringComparison.Ordinal))?.Trim() ?? "(no summary line)";

    // The month's read of every window of the city: as many pages of 200 as it takes, one after the other.
    var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    async Task<(int Units, int Pages)> ReadCityAsync()
    {
        var units = 0;
        for (var page = 1; ; page++)
        {
            using var response = await anonymous.GetAsync($"/api/ratings/months/{month}?divisionCode=5114&page={page}&pageSize=200");
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var items = document.RootElement.GetProperty("items").GetArrayLength();
            units += items;
            if (units >= document.RootElement.GetProperty("total").GetInt32() || items == 0)
            {
                return (units, page);
            }
        }
    }

    var first = Stopwatch.StartNew();
    var (unitsRead, pages) = await ReadCityAsync();
    var firstRead = first.Elapsed;
    var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
    var reads = options.ReadRate * options.Seconds;
    await OpenLoop.RunAsync(reads, options.ReadRate, async (_, scheduled) =>
    {
        await ReadCityAsync();
        lock (histogram)
        {
            histogram.RecordValue(Stopwatch.GetTimestamp() - scheduled);
        }
    });
    return new StoredResult(options.Stored, transactions, ratings, loaded, totalRatings, size, rebuildTook, rebuildLine, cityWindows.Count, unitsRead, pages, month,
        firstRead, options.ReadRate, reads, histogram);
}

internal sealed record BatchResult(int Round, int BatchesPerSecond, int BatchSize, int Sent, int Ok, string OtherAnswers, long RecordsRecorded, long Lost,
    double RecordsPerSecond, double RatingsPerSecond, LongHistogram Histogram, string LoadAverage, string Cpu, List<(Guid Unit, string Transaction)> Recorded)
{
    public long RecordsSent => (long)Sent * BatchSize;

    private double Ms(double percentile) => Histogram.TotalCount == 0 ? double.NaN : Histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

    public double P99Ms => Ms(99);

    public bool Met => Ok == Sent && Lost == 0 && RatingsPerSecond >= 20_000 && P99Ms <= 250;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"device batches {BatchesPerSecond}/s × {BatchSize} records ({BatchesPerSecond * BatchSize} records/s offered): sent {Sent}, 200 {Ok}{(OtherAnswers.Length > 0 ? $" (other: {OtherAnswers})" : "")}, " +
        $"records recorded {RecordsRecorded}, lost {Lost}; {RecordsPerSecond:0} records/s = {RatingsPerSecond:0} ratings/s; per batch p50 {Ms(50):0.0} p90 {Ms(90):0.0} p99 {Ms(99):0.0} " +
        $"max {Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms; load average {LoadAverage}");

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Round} | {BatchesPerSecond * BatchSize}/s | {Sent} | {Ok} | {(OtherAnswers.Length > 0 ? OtherAnswers : "none")} | {RecordsRecorded} | {Lost} | {RecordsPerSecond:0} | {RatingsPerSecond:0} | " +
        $"{Ms(50):0.0} ms | {Ms(90):0.0} ms | {Ms(99):0.0} ms | {Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms | {LoadAverage} |");
}

internal sealed record CopyResult(long Records, long Transactions, long Ratings, TimeSpan Took, double RecordsPerSecond, double Ratio)
{
    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"COPY of {Records} records ({Transactions} served_transactions + {Ratings} ratings rows) in {Took.TotalSeconds:0.00} s = {RecordsPerSecond:0} records/s; " +
        $"the batch path's best rate this round is {Ratio:0.00} of it");
}

internal sealed record OnlineResult(int Rate, int Sent, int Created, string OtherAnswers, long Lost, double Throughput, LongHistogram Histogram, string LoadAverage, string Cpu)
{
    private double Ms(double percentile) => Histogram.TotalCount == 0 ? double.NaN : Histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

    public double P99Ms => Ms(99);

    public bool Met => Created == Sent && Lost == 0 && P99Ms <= 50;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"online ratings {Rate}/s: sent {Sent}, 201 {Created}{(OtherAnswers.Length > 0 ? $" (other: {OtherAnswers})" : "")}, lost {Lost}; {Throughput:0}/s; " +
        $"p50 {Ms(50):0.0} p90 {Ms(90):0.0} p99 {Ms(99):0.0} max {Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms; load average {LoadAverage}");

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Rate}/s | {Sent} | {Created} | {(OtherAnswers.Length > 0 ? OtherAnswers : "none")} | {Lost} | {Throughput:0}/s | {Ms(50):0.0} ms | {Ms(90):0.0} ms | {Ms(99):0.0} ms | " +
        $"{Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms | {LoadAverage} |");
}

internal sealed record StoredResult(long Asked, long Transactions, long Ratings, TimeSpan Loaded, long TotalRatings, string DatabaseSize, TimeSpan RebuildTook,
    string RebuildLine, int CityWindows, int UnitsRead, int Pages, string Month, TimeSpan FirstRead, int ReadRate, int Reads, LongHistogram Histogram)
{
    private double Ms(double percentile) => Histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

    public string Lines() => string.Create(CultureInfo.InvariantCulture,
        $"bulk load by COPY: {Transactions} served transactions + {Ratings} ratings over {CityWindows} windows of the city and 12 months in {Loaded.TotalSeconds:0} s " +
        $"({Transactions / Loaded.TotalSeconds:0} records/s); ratings stored in all: {TotalRatings}; database size {DatabaseSize}\n" +
        $"rollup rebuild (Ratings.Api rebuild-rates, process start to exit): {RebuildTook.TotalSeconds:0.0} s — {RebuildLine}\n" +
        $"month {Month}, every window of the city (divisionCode=5114): {UnitsRead} units in {Pages} page(s) of ≤ 200; first read after the rebuild {FirstRead.TotalMilliseconds:0.0} ms; " +
        $"open loop {ReadRate} reads/s × {Reads / ReadRate} s (each read = every page, one after the other): p50 {Ms(50):0.0} p90 {Ms(90):0.0} p99 {Ms(99):0.0} " +
        $"max {Histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} ms (target p99 ≤ 100 ms: {(Ms(99) <= 100 ? "met" : "NOT met")})");
}

internal sealed record Options(int[] BatchRates, int BatchSize, int[] OnlineRates, int Seconds, int WarmupSeconds, int Rounds, long Stored, int Windows, int ReadRate,
    string? Replicas, int Devices)
{
    public static Options Parse(string[] args)
    {
        int[] batchRates = [10, 20];
        var batchSize = 1000;
        int[] onlineRates = [500, 1000];
        var seconds = 20;
        var warmup = 40;
        var rounds = 3;
        var stored = 10_000_000L;
        var windows = 200;
        var readRate = 10;
        string? replicas = null;
        var devices = 4;
        static int[] Rates(string value) => value.Length == 0 || value == "0" ? [] : value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--batch-rates":
                    batchRates = Rates(args[++i]);
                    break;
                case "--batch-size":
                    batchSize = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--online-rates":
                    onlineRates = Rates(args[++i]);
                    break;
                case "--seconds":
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--stored":
                    stored = long.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--windows":
                    windows = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--read-rate":
                    readRate = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--replicas":
                    replicas = args[++i];
                    break;
                case "--devices":
                    devices = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    if (devices is < 1 or > 4)
                    {
                        throw new ArgumentException("--devices is 1 to 4 (dev-rating-device and dev-rating-device-2 … -4).");
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]} (--batch-rates 10,20 --batch-size 1000 --online-rates 500,1000 --seconds 20 --warmup 40 --rounds 3 " +
                        "--stored 10000000 --windows 200 --read-rate 10 --replicas ratings=2 --devices 4).");
            }
        }

        if (batchRates.Length == 0 && onlineRates.Length > 0)
        {
            throw new ArgumentException("Online ratings rate the transactions the device batches report: give --batch-rates too.");
        }

        return new Options(batchRates, batchSize, onlineRates, seconds, warmup, rounds, stored, windows, readRate, replicas, devices);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"device batches of {BatchSize} records from {Devices} device(s) at {string.Join(", ", BatchRates)}/s, online ratings at {string.Join(", ", OnlineRates)}/s, {Seconds} s each, {Rounds} round(s) after a {WarmupSeconds} s warm-up; " +
        $"{Windows} windows; stored phase {Stored} ratings, city read at {ReadRate}/s; ") +
        (Replicas is null ? "one copy of each service" : $"copies STAR_REPLICAS={Replicas}") + "; telemetry export off";
}
