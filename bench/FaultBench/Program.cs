using StarPlatform.Bench;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// Fault benchmark: intakes and findings through the gateway at fixed arrival rates (open loop), and under that load
// one part of the suite killed after a few seconds — RabbitMQ, complaints-api, scoring-api, PostgreSQL, one after the
// other, each in a load of its own. Clients retry a failed request as a real client would (the same body and
// Idempotency-Key, after its Retry-After). Each fault then gets counted end to end in the services' databases:
// accepted (answered 2xx), stored, lost, duplicated, down to Scoring's and Awards' effects of each finding, and how
// long until the suite served again with no person acting (the AppHost restarts what died). Exit 1 if anything was
// lost or duplicated.
var options = Options.Parse(args);
var invariant = CultureInfo.InvariantCulture;
// The Development investigator (dev-investigator's actor id) every finding's case is assigned to.
var devInvestigator = Guid.Parse("00000000-0000-4000-8000-000000000003");
Console.WriteLine(string.Create(invariant, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {ProcessTable.LoadAverage()}"));
Console.WriteLine($"settings: {options}");

await using var suite = await BenchSuite.StartAsync(new SuiteOptions(
    // The operator client's allowance (600/min) is for people; the driver is one client at a hundred per second.
    GatewayEnvironment:
    [
        new("Gateway__RateLimits__PerClient__PermitLimit", "100000000"),
        new("Gateway__RateLimits__PerClient__WindowSeconds", "60"),
    ]));
Console.WriteLine(string.Create(invariant, $"suite started in {suite.StartedIn.TotalSeconds:0} s"));

var databases = (
    Complaints: (await suite.App.GetConnectionStringAsync("complaints-db"))!,
    Scoring: (await suite.App.GetConnectionStringAsync("scoring-db"))!,
    Awards: (await suite.App.GetConnectionStringAsync("awards-db"))!);

// One county center every intake targets (a division has one; the runs tell their cases apart by a marker).
var target = await suite.ComplaintTargetAsync("故障压测县政务服务中心");
if (options.WarmupSeconds > 0)
{
    Console.WriteLine((await RunAsync(null, options.WarmupSeconds)).Line("warm-up, no fault"));
}

var results = new List<Result>();
foreach (var fault in options.Faults)
{
    var result = await RunAsync(fault, options.Seconds);
    Console.WriteLine(result.Line(result.Fault));
    results.Add(result);
}

Console.WriteLine();
Console.WriteLine("| fault | intakes accepted | stored | lost | duplicated | findings accepted | in Scoring / Awards | lost | duplicated | intake served again after | finding served again after | longest pause of Scoring's / Awards' effects | restarted by the AppHost (healthy) after |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(r.Row());
}

var lost = results.Sum(r => r.IntakesLost + r.FindingsLost);
var duplicated = results.Sum(r => r.IntakesDuplicated + r.FindingsDuplicated);
Console.WriteLine();
Console.WriteLine($"lost in all: {lost}, duplicated in all: {duplicated}; load average at the end {ProcessTable.LoadAverage()}");
return lost > 0 || duplicated > 0 ? 1 : 0;

async Task<Result> RunAsync(Fault? fault, int seconds)
{
    var marker = $"fault-{Guid.NewGuid():N}"[..22];
    var effects = new Effects(databases.Complaints, databases.Scoring, databases.Awards, target);
    var answers = new Answers(TimeSpan.FromSeconds(options.GiveUpSeconds));
    using var operatorClient = await ClientAsync("dev-operator");
    using var investigatorClient = await ClientAsync("dev-investigator");

    var accepted = new ConcurrentBag<Guid>();
    var found = new ConcurrentBag<Guid>();
    var cases = Channel.CreateUnbounded<Guid>();
    var (intakesGivenUp, intakesRefused, findingsGivenUp, findingsRefused, findingsWithoutCase) = (0, 0, 0, 0, 0);
    var refusals = new ConcurrentBag<string>();

    // What the target held before this run (every earlier run's effects have settled): the run's own effects come on top.
    var (scoringBefore, awardsBefore) = await effects.HeldAsync();
    using var sampling = new CancellationTokenSource();
    var samples = effects.SampleAsync(sampling.Token);
    var started = Stopwatch.GetTimestamp();

    var intakes = Task.Run(async () =>
    {
        await OpenLoop.RunAsync(options.IntakeRate * seconds, options.IntakeRate, async (n, due) =>
        {
            // The same request on every attempt: another body under the same key would be refused 409, as it should.
            var body = JsonSerializer.Serialize(BenchSuite.IntakeBody(target, $"{marker} #{n} 来电反映窗口工作人员态度生硬"));
            var outcome = await answers.SendAsync(operatorClient, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", $"{marker}-{n}");
                return request;
            }, "intake", due);
            if (outcome.Succeeded)
            {
                var id = JsonDocument.Parse(outcome.Body).RootElement.GetProperty("id").GetGuid();
                accepted.Add(id);
                cases.Writer.TryWrite(id);
            }
            else if (outcome.Status is null)
            {
                Interlocked.Increment(ref intakesGivenUp);
            }
            else
            {
                Interlocked.Increment(ref intakesRefused);
                refusals.Add($"intake {(int)outcome.Status}: {outcome.Body}");
            }
        });
        cases.Writer.Complete();
    });

    var findings = Task.Run(() => OpenLoop.RunAsync(options.FindingRate * seconds, options.FindingRate, async (_, due) =>
    {
        Guid id;
        try
        {
            id = await cases.Reader.ReadAsync();
        }
        catch (ChannelClosedException)
        {
            Interlocked.Increment(ref findingsWithoutCase);
            return;
        }

        // 受理 → 调查 → 属实: assigned by the operator, investigated and found substantiated by the investigator.
        var done = await StepAsync(operatorClient, id, "assignment", new { investigatorId = devInvestigator }, ["assigned", "investigating", "substantiated"], due)
                   && await StepAsync(investigatorClient, id, "investigation", new { }, ["investigating", "substantiated"], due)
                   && await StepAsync(investigatorClient, id, "finding",
                       new { substantiated = true, violation = false, summary = "经核实，窗口人员服务态度生硬，投诉属实" }, ["substantiated"], due);
        if (done)
        {
            found.Add(id);
        }
    }));

    // The fault, a few seconds into the load; then the AppHost's restart of what died, watched to its health.
    long? faultAt = null;
    var description = "";
    var restarted = Task.FromResult<TimeSpan?>(null);
    if (fault is not null)
    {
        await Task.Delay(TimeSpan.FromSeconds(options.FaultAtSeconds));
        var pid = fault.ProcessToHit(suite);
        var resourcePid = Fault.ResourcePid(suite, fault.Resource);
        description = fault.Describe(pid);
        faultAt = Stopwatch.GetTimestamp();
        fault.Hit(pid);
        restarted = fault.RestartedAsync(suite, resourcePid, faultAt.Value, TimeSpan.FromSeconds(options.SettleSeconds));
    }

    await Task.WhenAll(intakes, findings);
    var loadEnded = Stopwatch.GetElapsedTime(started);

    // Every accepted intake and finding has its effects, or the settle time ran out (bounded; counted as lost).
    var acceptedIds = accepted.ToArray();
    var foundIds = found.ToArray();
    var settling = Stopwatch.StartNew();
    Effects.Counts counts;
    for (long lastRows = -1, steady = 0; ; await Task.Delay(TimeSpan.FromSeconds(1)))
    {
        try
        {
            counts = await effects.CountAsync(acceptedIds, foundIds, marker);
        }
        catch (Exception e) when ((e is Npgsql.NpgsqlException or TimeoutException) && settling.Elapsed < TimeSpan.FromSeconds(options.SettleSeconds))
        {
            continue;
        }

        // Attempts the clients gave up on may still commit: wait for the case count to hold still too.
        steady = counts.Cases.Rows == lastRows ? steady + 1 : 0;
        lastRows = counts.Cases.Rows;
        var complete = counts.Scoring.OfAccepted == foundIds.Length && counts.Awards.OfAccepted == foundIds.Length && steady >= 3;
        if (complete || settling.Elapsed > TimeSpan.FromSeconds(options.SettleSeconds))
        {
            break;
        }
    }

    var restartedAfter = await restarted;
    await sampling.CancelAsync();
    var timeline = await samples;
    var (scoringPause, awardsPause) = faultAt is { } at
        ? (Effects.LongestPause(timeline.Select(s => (s.At, s.Scoring)), at, scoringBefore + foundIds.Length),
            Effects.LongestPause(timeline.Select(s => (s.At, s.Awards)), at, awardsBefore + foundIds.Length))
        : (TimeSpan.Zero, TimeSpan.Zero);
    foreach (var refusal in refusals.Take(3))
    {
        Console.WriteLine($"  refused: {refusal}");
    }

    return new Result(
        fault?.Name ?? "none", description, options.IntakeRate * seconds, acceptedIds.Length, intakesGivenUp, intakesRefused,
        options.FindingRate * seconds, foundIds.Length, findingsGivenUp, findingsRefused, findingsWithoutCase, counts,
        faultAt is { } k ? answers.Recovery("intake", k) : null, faultAt is { } f ? answers.Recovery("finding", f) : null,
        scoringPause, awardsPause, fault is null ? null : restartedAfter, answers.Of("intake"), answers.Of("finding"),
        loadEnded, settling.Elapsed);

    // A step on a case, sent until answered. A step whose answer was lost after it took effect finds the case moved on
    // when sent again (409/422): the case's status then says whether it was done.
    async Task<bool> StepAsync(HttpClient client, Guid id, string step, object body, string[] done, long due)
    {
        var json = JsonSerializer.Serialize(body);
        var outcome = await answers.SendAsync(client,
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{id}/{step}") { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            "finding", due);
        if (outcome.Succeeded)
        {
            return true;
        }

        if (outcome.Status is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity && outcome.Attempts > 1)
        {
            var read = await answers.SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/{id}"), "finding", due);
            if (read.Succeeded && Array.IndexOf(done, JsonDocument.Parse(read.Body).RootElement.GetProperty("status").GetString()) >= 0)
            {
                return true;
            }
        }

        if (outcome.Status is null)
        {
            Interlocked.Increment(ref findingsGivenUp);
        }
        else
        {
            Interlocked.Increment(ref findingsRefused);
            refusals.Add($"{step} {(int)outcome.Status}: {outcome.Body}");
        }

        return false;
    }
}

async Task<HttpClient> ClientAsync(string clientId)
{
    var http = suite.Client(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchSuite.TokenAsync(http, clientId));
    return http;
}

internal sealed record Result(
    string Fault, string How, int IntakesSent, int IntakesAccepted, int IntakesGivenUp, int IntakesRefused,
    int FindingsSent, int FindingsAccepted, int FindingsGivenUp, int FindingsRefused, int FindingsWithoutCase, Effects.Counts Counts,
    (TimeSpan ServedAgain, TimeSpan LastFailure)? IntakeRecovery, (TimeSpan ServedAgain, TimeSpan LastFailure)? FindingRecovery,
    TimeSpan ScoringPause, TimeSpan AwardsPause, TimeSpan? Restarted, string IntakeAnswers, string FindingAnswers, TimeSpan Load, TimeSpan Settled)
{
    /// <summary>Accepted (answered 2xx) and not stored.</summary>
    public long IntakesLost => IntakesAccepted - Counts.Cases.OfAccepted;

    /// <summary>Stored twice: the same intake (its number in the description) as two cases.</summary>
    public long IntakesDuplicated => Counts.Cases.Duplicated;

    /// <summary>Accepted and not substantiated in Complaints, or without Scoring's or Awards' effect.</summary>
    public long FindingsLost => FindingsAccepted - Counts.Substantiated + FindingsAccepted - Counts.Scoring.OfAccepted + FindingsAccepted - Counts.Awards.OfAccepted;

    public long FindingsDuplicated => Counts.Scoring.Duplicated + Counts.Awards.Duplicated;

    public string Line(string title) => string.Create(CultureInfo.InvariantCulture,
        $"{title}{(How.Length > 0 ? $" — {How}" : "")}: " +
        $"intakes sent {IntakesSent}, accepted {IntakesAccepted}, given up {IntakesGivenUp}, refused {IntakesRefused}; stored {Counts.Cases.Rows} " +
        $"(keys {Counts.Keys}, committed without a 2xx reaching the client {Counts.Cases.Distinct - Counts.Cases.OfAccepted}), lost {IntakesLost}, duplicated {IntakesDuplicated}; " +
        $"findings sent {FindingsSent}, accepted {FindingsAccepted}, given up {FindingsGivenUp}, refused {FindingsRefused}, without a case {FindingsWithoutCase}; " +
        $"substantiated {Counts.Substantiated}, in Scoring {Counts.Scoring.OfAccepted} (rows {Counts.Scoring.Rows}), in Awards {Counts.Awards.OfAccepted} (rows {Counts.Awards.Rows}), " +
        $"lost {FindingsLost}, duplicated {FindingsDuplicated}; " +
        $"intake served again after {Recovered(IntakeRecovery)}, finding steps after {Recovered(FindingRecovery)}; " +
        $"longest pause of effects: Scoring {ScoringPause.TotalSeconds:0.0} s, Awards {AwardsPause.TotalSeconds:0.0} s; " +
        $"restarted by the AppHost (healthy) after {(Fault == "none" ? "n/a" : Restarted is { } r ? $"{r.TotalSeconds:0.0} s" : "NOT RESTARTED")}; " +
        $"load {Load.TotalSeconds:0} s, effects settled {Settled.TotalSeconds:0} s later\n" +
        $"  intake answers: {IntakeAnswers}\n  finding-step answers: {FindingAnswers}");

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {IntakesAccepted} of {IntakesSent} | {Counts.Cases.Rows} | {IntakesLost} | {IntakesDuplicated} | {FindingsAccepted} of {FindingsSent} | " +
        $"{Counts.Scoring.OfAccepted} / {Counts.Awards.OfAccepted} | {FindingsLost} | {FindingsDuplicated} | {Recovered(IntakeRecovery)} | {Recovered(FindingRecovery)} | " +
        $"{ScoringPause.TotalSeconds:0.0} s / {AwardsPause.TotalSeconds:0.0} s | {(Restarted is { } r ? $"{r.TotalSeconds:0.0} s" : "NOT RESTARTED")} |");

    private static string Recovered((TimeSpan ServedAgain, TimeSpan LastFailure)? recovery) => recovery switch
    {
        null => "no failed answer",
        { ServedAgain: var again } when again == TimeSpan.MaxValue => "NEVER",
        { } r => string.Create(CultureInfo.InvariantCulture, $"{r.ServedAgain.TotalSeconds:0.0} s (last failure +{r.LastFailure.TotalSeconds:0.0} s)"),
    };
}

internal sealed record Options(
    int IntakeRate, int FindingRate, int Seconds, int FaultAtSeconds, int WarmupSeconds, int GiveUpSeconds, int SettleSeconds,
    int AttemptTimeoutSeconds, IReadOnlyList<Fault> Faults)
{
    public static Options Parse(string[] args)
    {
        var (intakeRate, findingRate, seconds, faultAt, warmup, giveUp, settle, attemptTimeout) = (100, 10, 25, 5, 10, 120, 180, 10);
        var faults = Fault.Names;
        var postgresStop = "kill";
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--intake-rate": intakeRate = Next(); break;
                case "--finding-rate": findingRate = Next(); break;
                case "--seconds": seconds = Next(); break;
                case "--fault-at": faultAt = Next(); break;
                case "--warmup": warmup = Next(); break;
                case "--give-up": giveUp = Next(); break;
                case "--settle": settle = Next(); break;
                case "--attempt-timeout": attemptTimeout = Next(); break;
                case "--faults": faults = args[++i].Split(','); break;
                case "--postgres-stop":
                    postgresStop = args[++i] is "kill" or "fast" ? args[i] : throw new ArgumentException($"--postgres-stop is kill or fast, not {args[i]}.");
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]} (--intake-rate 100 --finding-rate 10 --seconds 25 --fault-at 5 --warmup 10 " +
                                                "--give-up 120 --settle 180 --attempt-timeout 10 --faults rabbitmq,complaints-api,scoring-api,postgres --postgres-stop kill|fast).");
            }
        }

        if (faultAt >= seconds)
        {
            throw new ArgumentException("--fault-at must fall within --seconds of load.");
        }

        return new Options(intakeRate, findingRate, seconds, faultAt, warmup, giveUp, settle, attemptTimeout, [.. faults.Select(f => Fault.Of(f, postgresStop))]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{IntakeRate} intakes/s + {FindingRate} findings/s (assign, investigate, find substantiated) for {Seconds} s per fault, the fault at {FaultAtSeconds} s; " +
        $"faults {string.Join(", ", Faults.Select(f => $"{f.Name} ({f.Signal})"))}; warm-up {WarmupSeconds} s without a fault; a failed request retried with its key " +
        $"after its Retry-After (≤ 5 s), each attempt given {AttemptTimeoutSeconds} s, given up {GiveUpSeconds} s after it was due; effects awaited up to {SettleSeconds} s");
}
