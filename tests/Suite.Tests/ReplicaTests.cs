using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.IdentityModel.JsonWebTokens;
using StarPlatform.AppHost.Infrastructure;
using StarPlatform.Ratings.Data;
using StarPlatform.Testing;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// Two copies each of complaints-api, scoring-api, awards-api and ratings-api behind the gateway
/// (<see cref="ReplicaFixture"/>), under intake, findings, registration and rating-device load, with one copy of
/// each killed mid-run: every intake accepted is stored once, every finding reaches Scoring and Awards once,
/// every unit reaches each service's copy once, every record of the device's batches (each re-sent until
/// answered, some re-sent on purpose) is stored once with a rectification case per bad rating, the kept monthly
/// counts equal a recount from the rows and Scoring's copy equals them, nothing is answered but the answer or
/// 503 with <c>Retry-After</c> (or, for a device batch, a connection lost: re-sent), and each sweep takes
/// one turn per period across the copies (its lease).
/// </summary>
[Collection(ReplicaCollection.Name)]
public class ReplicaTests(ReplicaFixture suite)
{
    private static readonly Guid DevInvestigator = ScoringSteps.DevInvestigator;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(ReplicaFixture.SweepSeconds);

    /// <summary>The Development rating device (bound to the city center seed-dev registers) and the records in each of its batches.</summary>
    private const string RatingDevice = "dev-rating-device";
    private const int BatchSize = 200;

    /// <summary>The sweeps whose lease the test watches: service and job (the lease row's name).</summary>
    private static readonly (string Service, string Job)[] Sweeps = [("complaints", "OverdueSweeper"), ("awards", "ExpirySweeper")];

    [Fact]
    public async Task Two_copies_of_each_service_lose_one_mid_run_and_nothing_is_lost_or_stored_twice()
    {
        using var setup = new CancellationTokenSource(Settle);
        foreach (var service in ReplicaFixture.ReplicatedServices)
        {
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync($"{service}-api", setup.Token);
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync($"{service}-api-2", setup.Token);
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var admin = await suite.GatewayAsAsync("dev-admin");
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var investigator = await suite.GatewayAsAsync("dev-investigator");
        var answers = new Answers();

        var center = (await (await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(name: $"副本测试中心 {run}"))).CreatedAsync()).Id();
        var window = await RegisterWindowAsync(admin, center, $"副本测试窗口 {run}", answers);
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("complaints", "select count(*) from units where id = $1", window) == 1,
            Settle, "Complaints holds the window every complaint of the run targets");

        // 好差评: the center the rating device is bound to (seed-dev) and two windows of it, held by Ratings.
        await RatingSteps.SeedDevAsync(suite);
        var device = await suite.GatewayAsAsync(RatingDevice);
        var deviceCenter = Guid.Parse(new JsonWebToken(await suite.TokenAsync(RatingDevice)).GetClaim("unit_id").Value);
        Guid[] ratedWindows =
        [
            await RegisterWindowAsync(admin, deviceCenter, $"副本测试好差评窗口 {run} 1", answers),
            await RegisterWindowAsync(admin, deviceCenter, $"副本测试好差评窗口 {run} 2", answers),
        ];
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("ratings", "select count(*) from units where id = any($1)", ratedWindows) == ratedWindows.Length,
            Settle, "Ratings holds the windows the device rates");

        var filed = new ConcurrentBag<Guid>();
        var substantiated = new ConcurrentBag<Guid>();
        var windows = new ConcurrentBag<Guid> { window };
        var toInvestigate = Channel.CreateUnbounded<Guid>();
        var leases = Sweeps.ToDictionary(s => s.Service, _ => new List<Lease>());
        var killed = new List<(string Resource, int Pid)>();
        var batches = new ConcurrentBag<DeviceBatch>();
        var resent = 0;
        var recovered = 0;
        var killedAt = TimeSpan.MaxValue;

        using var stop = new CancellationTokenSource(Load);
        var clock = Stopwatch.StartNew();
        var sampling = Sweeps.Select(s => SampleLeaseAsync(s.Service, s.Job, leases[s.Service], stop.Token)).ToList();

        async Task IntakeAsync(int worker)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = await FileAsync(operatorClient, window, $"副本测试 {run} {worker}-{n}", $"{run}-{worker}-{n}", answers);
                filed.Add(id);
                if (n % 3 == 0)
                {
                    await toInvestigate.Writer.WriteAsync(id);
                }
            }
        }

        async Task FindingsAsync()
        {
            await foreach (var id in toInvestigate.Reader.ReadAllAsync())
            {
                await StepAsync(operatorClient, id, "assignment", new { investigatorId = DevInvestigator }, ["assigned", "investigating", "substantiated"], answers);
                await StepAsync(investigator, id, "investigation", new { }, ["investigating", "substantiated"], answers);
                await StepAsync(investigator, id, "finding",
                    new { substantiated = true, violation = false, summary = "经核实，窗口人员服务态度生硬，投诉属实" }, ["substantiated"], answers);
                substantiated.Add(id);
            }
        }

        async Task RegistrationsAsync()
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                windows.Add(await RegisterWindowAsync(admin, center, $"副本测试窗口 {run} {n}", answers));
            }
        }

        // The device's batches, as a device sends them: each until it is answered, and the first and every fourth after it once more after its answer.
        async Task DeviceAsync(int worker)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var batch = DeviceBatch.Of($"{run}-{worker}-{n}", ratedWindows);
                var sending = Stopwatch.StartNew();
                var (answer, retried) = await SendBatchAsync(device, batch, answers, "device-batch");
                batch.Took = sending.Elapsed;
                Assert.Equal(BatchSize, answer.GetProperty("received").GetInt32());
                // Recorded whole; or, when an attempt before went unanswered after its commit, whole duplicates of it.
                var recorded = answer.GetProperty("recorded").GetInt32();
                Assert.True(recorded == BatchSize || (retried && answer.GetProperty("duplicates").GetInt32() == BatchSize),
                    $"device batch {batch.Id}{(retried ? " (re-sent)" : "")}: {answer}");
                if (recorded != BatchSize)
                {
                    Interlocked.Increment(ref recovered);
                }

                batch.AnsweredAt = clock.Elapsed;
                batches.Add(batch);
                if (n % 4 == 0)
                {
                    var (again, _) = await SendBatchAsync(device, batch, answers, "device-batch resent");
                    Assert.True(again.GetProperty("duplicates").GetInt32() == BatchSize
                                && again.GetProperty("records").EnumerateArray().All(r => r.Str("outcome") == "duplicate" && r.Str("firstOutcome") == "recorded"),
                        $"device batch {batch.Id} sent again after its answer: {again}");
                    Interlocked.Increment(ref resent);
                }
            }
        }

        async Task ReadsAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await RetriedAsync(() => suite.Gateway.GetAsync($"/api/ratings/units/{window}"), answers, "read");
                answers.Count("read", read);
                Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"a public read of ratings answered {(int)read.StatusCode}");
            }
        }

        async Task KillAsync()
        {
            await Task.Delay(KillAfter, stop.Token);
            foreach (var service in ReplicaFixture.ReplicatedServices)
            {
                killed.Add(await KillOneCopyAsync(service));
            }

            killedAt = clock.Elapsed;
        }

        var intake = Enumerable.Range(1, 3).Select(IntakeAsync).ToList();
        var findings = Enumerable.Range(1, 3).Select(_ => FindingsAsync()).ToList();
        var load = new List<Task>([.. intake, RegistrationsAsync(), ReadsAsync(), DeviceAsync(1), DeviceAsync(2), KillAsync()]);
        await Task.WhenAll(load);
        toInvestigate.Writer.Complete();
        await Task.WhenAll(findings);
        await Task.WhenAll(sampling);
        var ran = clock.Elapsed;

        // Each killed copy is back (the AppHost restarts it) under a new process and healthy.
        Assert.Equal(ReplicaFixture.ReplicatedServices.Length, killed.Count);
        foreach (var (resource, pid) in killed)
        {
            await RestartedAsync(resource, pid);
        }

        // Intake: every accepted complaint stored once (its Idempotency-Key once), lost 0, duplicated 0.
        var accepted = filed.Distinct().ToArray();
        Assert.Equal(filed.Count, accepted.Length);
        var stored = await suite.CountAsync("complaints", "select count(*) from complaints where description like $1", $"副本测试 {run} %");
        var keys = await suite.CountAsync("complaints", "select count(*) from idempotency_records where key like $1", $"{run}-%");
        var storedAccepted = await suite.CountAsync("complaints", "select count(*) from complaints where id = any($1)", accepted);
        Assert.Equal(accepted.Length, stored);
        Assert.Equal(accepted.Length, storedAccepted);
        Assert.Equal(accepted.Length, keys);

        // Findings: each substantiation reached Scoring's copies and Awards' copies once.
        var found = substantiated.Distinct().ToArray();
        Assert.Equal(found.Length, await suite.CountAsync("complaints", "select count(*) from complaints where id = any($1) and status = 'substantiated'", found));
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from unit_findings where complaint_id = any($1)", found) == found.Length
                && await suite.CountAsync("awards", "select count(*) from substantiated_complaints where complaint_id = any($1)", found) == found.Length,
            Settle, $"{found.Length} substantiations recorded by Scoring and by Awards");
        Assert.Equal(found.Length, await suite.CountAsync("scoring", "select count(*) from unit_findings where complaint_id = any($1)", found));

        // Registrations: every unit in each service's copy of the registry once (consumers competing on each queue).
        var units = windows.ToArray();
        foreach (var service in ReplicaFixture.ReplicatedServices)
        {
            await SuiteFixture.EventuallyAsync(async () =>
                    await suite.CountAsync(service, "select count(*) from units where id = any($1)", units) == units.Length,
                Settle, $"{service} holds the {units.Length} units registered during the run");
        }

        // 好差评: every record the device sent stored once (its transaction, its rating when rated, its device record),
        // a rectification case per bad rating, the kept monthly counts equal to the rebuild's recount from those rows,
        // and Scoring's copy of them (UnitMonthRatingsChanged) equal to them.
        var sent = batches.ToArray();
        Assert.Contains(sent, b => b.AnsweredAt > killedAt);
        var records = sent.Length * BatchSize;
        var ratings = sent.Sum(b => b.Rated);
        var bad = sent.Sum(b => b.Bad);
        Assert.Equal(records, await suite.CountAsync("ratings", "select count(*) from device_records where record_id like $1", $"{run}-%"));
        Assert.Equal(records, await suite.CountAsync("ratings", "select count(*) from served_transactions where unit_id = any($1)", ratedWindows));
        Assert.Equal(ratings, await suite.CountAsync("ratings", "select count(*) from served_transactions where unit_id = any($1) and first_rated_at is not null", ratedWindows));
        Assert.Equal(ratings, await suite.CountAsync("ratings", "select count(*) from ratings where unit_id = any($1)", ratedWindows));
        Assert.Equal(bad, await suite.CountAsync("ratings", "select count(*) from rectification_cases where unit_id = any($1)", ratedWindows));
        Assert.Equal(records, await suite.CountAsync("ratings", "select coalesce(sum(served), 0) from monthly_rates where unit_id = any($1)", ratedWindows));
        Assert.Equal(0, await suite.CountAsync("ratings", $"""
            select count(*) from (
              (select {MonthlyCounts} from monthly_rates where unit_id = any($1)
               except all
               select {MonthlyCounts} from ({RatesRecount.Sql}) recount where unit_id = any($1))
              union all
              (select {MonthlyCounts} from ({RatesRecount.Sql}) recount where unit_id = any($1)
               except all
               select {MonthlyCounts} from monthly_rates where unit_id = any($1))) drift
            """, ratedWindows));
        var kept = await MonthlyCountsAsync("ratings", "monthly_rates", ratedWindows);
        await SuiteFixture.EventuallyAsync(async () => (await MonthlyCountsAsync("scoring", "unit_month_ratings", ratedWindows)).SequenceEqual(kept),
            Settle, $"Scoring's unit_month_ratings of the device's windows equal Ratings' monthly_rates ({string.Join("; ", kept)})");

        // Sweeps: one turn per period across the copies, the lease moving on when its holder was killed.
        var turns = Sweeps.ToDictionary(s => s.Service, s => TurnsOf(s.Service, leases[s.Service]));
        Assert.True(leases["complaints"].Select(l => l.Holder).Distinct().Count() >= 2,
            $"the overdue sweep's lease moved to another copy after its holder was killed; holders: {string.Join(", ", leases["complaints"].Select(l => l.Holder).Distinct())}");

        // Both copies served: the service's telemetry names two instances.
        foreach (var service in ReplicaFixture.ReplicatedServices)
        {
            var instances = await InstancesAsync($"{service}-api");
            Assert.True(instances.Count >= 2, $"{service}-api's telemetry comes from {instances.Count} instance(s): {string.Join(", ", instances)}");
        }

        Console.WriteLine($"replicas: {ran.TotalSeconds:0} s, intake accepted {accepted.Length} = stored {stored}, " +
                          $"substantiated {found.Length}, units {units.Length}, device batches {sent.Length} ({records} records, {ratings} rated, " +
                          $"{bad} bad, {resent} sent again, {recovered} recorded by an unanswered attempt, " +
                          $"answered in {sent.Average(b => b.Took.TotalSeconds):0.0} s on average), killed {string.Join(", ", killed.Select(k => k.Resource))}, " +
                          $"sweep turns {string.Join(", ", turns.Select(t => $"{t.Key} {t.Value}"))}, answers {answers}");
    }

    /// <summary>Files a complaint with <paramref name="key"/> until it is accepted: a 503 is retried with the same key.</summary>
    private static async Task<Guid> FileAsync(HttpClient client, Guid window, string description, string key, Answers answers)
    {
        // A retry sends the same request: with another body the key would be refused 409 (as it should).
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-2);
        var response = await RetriedAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints")
            {
                Content = JsonContent.Create(new
                {
                    channel = "96960",
                    targetUnitId = window,
                    category = "attitude",
                    description,
                    occurredAt,
                    caller = new { name = "王五", phone = "13900000000" },
                    anonymous = false,
                }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }, answers, "intake");
        answers.Count("intake", response);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK,
            $"intake {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Id();
    }

    /// <summary>
    /// A batch of <see cref="BatchSize"/> served transactions (SB-…, two hours ago) across <paramref name="windows"/>, as its
    /// device sends it (the same body every time): nine in ten rated, most satisfied, six 不满意 or 非常不满意.
    /// </summary>
    private sealed class DeviceBatch(string id, string body, IReadOnlyList<string?> levels)
    {
        public string Id => id;
        public string Body => body;
        public int Rated => levels.Count(l => l is not null);
        public int Bad => levels.Count(l => l is "dissatisfied" or "very-dissatisfied");
        public TimeSpan AnsweredAt { get; set; }
        public TimeSpan Took { get; set; }

        public static DeviceBatch Of(string id, Guid[] windows)
        {
            var servedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture);
            var levels = Enumerable.Range(0, BatchSize).Select(LevelOf).ToList();
            var records = levels.Select((level, i) => new
            {
                recordId = $"{id}-{i}", unitId = windows[i % windows.Length], transactionId = $"SB-{id}-{i}", serviceItem = "社保卡补办", servedAt, level,
                comment = level == "dissatisfied" ? "等候时间太长" : null,
            });
            return new DeviceBatch(id, JsonSerializer.Serialize(new { records }), levels);
        }

        private static string? LevelOf(int i) =>
            i % 10 == 9 ? null
            : i % 40 == 13 ? "dissatisfied"
            : i == 101 ? "very-dissatisfied"
            : (i % 3) switch { 0 => "very-satisfied", 1 => "satisfied", _ => "fairly-satisfied" };
    }

    /// <summary>
    /// Sends <paramref name="batch"/> until it is answered, as a device does: the same body again after a 503 (with
    /// <c>Retry-After</c>; the gateway answers a copy that died under a request so, never 502) or a connection lost on the
    /// way (its copy killed while the answer was being sent). Retried: an attempt before the answered one went unanswered,
    /// so it may have been recorded.
    /// </summary>
    private static async Task<(JsonElement Answer, bool Retried)> SendBatchAsync(HttpClient device, DeviceBatch batch, Answers answers, string what)
    {
        for (var retried = false; ; retried = true)
        {
            HttpResponseMessage response;
            string body;
            try
            {
                response = await device.PostAsync("/api/ratings/device-batches", new StringContent(batch.Body, Encoding.UTF8, "application/json"));
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                answers.Lost(what);
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                continue;
            }

            answers.Count(what, response);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (JsonSerializer.Deserialize<JsonElement>(body), retried);
            }

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"device batch {batch.Id}: {(int)response.StatusCode} {body}");
            AssertRetryAfter(response);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The monthly counts' columns, as <c>monthly_rates</c> and Scoring's <c>unit_month_ratings</c> both name them.</summary>
    private const string MonthlyCounts = "unit_id, month, served, rated, very_satisfied, satisfied, fairly_satisfied, dissatisfied, very_dissatisfied";

    /// <summary>The monthly counts of <paramref name="units"/> in <paramref name="table"/>, a line per unit and month.</summary>
    private async Task<List<string>> MonthlyCountsAsync(string service, string table, Guid[] units)
    {
        await using var db = await suite.OpenDatabaseAsync(service);
        await using var command = new Npgsql.NpgsqlCommand($"select {MonthlyCounts} from {table} where unit_id = any($1) order by unit_id, month", db)
        {
            Parameters = { new Npgsql.NpgsqlParameter { Value = units } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static async Task<Guid> RegisterWindowAsync(HttpClient admin, Guid center, string name, Answers answers)
    {
        var response = await admin.PostAsJsonAsync($"/api/registry/centers/{center}/windows", new { department = "市场监管局", name });
        answers.Count("registration", response);
        return (await response.CreatedAsync()).Id();
    }

    /// <summary>
    /// A step on a case, retried after a 503. A step whose answer was lost (its copy killed after the commit)
    /// finds the case moved on when retried (409/422): the case's status says whether it was done.
    /// </summary>
    private static async Task StepAsync(HttpClient client, Guid id, string step, object body, string[] done, Answers answers)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.PostAsJsonAsync($"/api/complaints/{id}/{step}", body);
            answers.Count(step, response);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            var retried = attempt > 1 && response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity;
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable || retried,
                $"{step} of {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            AssertRetryAfter(response);
            var read = await RetriedAsync(() => client.GetAsync($"/api/complaints/{id}"), answers, "read");
            var status = (await read.OkAsync()).Str("status");
            if (Array.IndexOf(done, status) >= 0)
            {
                return;
            }

            Assert.False(retried, $"{step} of {id} refused on retry while the case had not moved on");
        }
    }

    /// <summary>Sends until the answer is not a 503; each 503 must carry <c>Retry-After</c> (the client waits less, to keep the run short).</summary>
    private static async Task<HttpResponseMessage> RetriedAsync(Func<Task<HttpResponseMessage>> send, Answers answers, string what)
    {
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            answers.Count(what, response);
            AssertRetryAfter(response);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(response.Headers.RetryAfter is not null, $"503 without Retry-After from {response.RequestMessage?.RequestUri}");
        }
    }

    /// <summary>Kills one copy of <paramref name="service"/> (by the pid the AppHost started it under): the one holding a watched sweep's lease, else the second.</summary>
    private async Task<(string Resource, int Pid)> KillOneCopyAsync(string service)
    {
        string[] copies = [$"{service}-api", $"{service}-api-2"];
        var pids = copies.ToDictionary(c => c, PidOf);
        var victim = copies[1];
        if (Sweeps.Where(s => s.Service == service).Select(s => s.Job).FirstOrDefault() is { } job)
        {
            await using var db = await suite.OpenDatabaseAsync(service);
            await using var command = new Npgsql.NpgsqlCommand("select holder from periodic_job_lease where job = $1", db) { Parameters = { new Npgsql.NpgsqlParameter { Value = job } } };
            if (await command.ExecuteScalarAsync() is string holder
                && int.TryParse(holder.Split('/')[1], CultureInfo.InvariantCulture, out var holderPid)
                && pids.FirstOrDefault(p => p.Value == holderPid).Key is { } holding)
            {
                victim = holding;
            }
        }

        Process.GetProcessById(pids[victim]).Kill();
        return (victim, pids[victim]);
    }

    private int PidOf(string resource)
    {
        Assert.True(suite.App.ResourceNotifications.TryGetCurrentState(resource, out var current), $"{resource} has a state");
        return Convert.ToInt32(current!.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, CultureInfo.InvariantCulture);
    }

    private async Task RestartedAsync(string resource, int oldPid)
    {
        using var timeout = new CancellationTokenSource(Settle);
        await suite.App.ResourceNotifications.WaitForResourceAsync(resource, e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running
            && e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && Convert.ToInt32(p.Value, CultureInfo.InvariantCulture) != oldPid)
            && e.Snapshot.Properties.Any(p => p.Name == SupervisionExtensions.RestartsProperty && Convert.ToInt32(p.Value, CultureInfo.InvariantCulture) >= 1),
            timeout.Token);
        await suite.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    private sealed record Lease(string Holder, DateTimeOffset ExpiresAt);

    /// <summary>Reads the job's lease row every 50 ms and keeps each change.</summary>
    private async Task SampleLeaseAsync(string service, string job, List<Lease> changes, CancellationToken stop)
    {
        await using var db = await suite.OpenDatabaseAsync(service);
        while (!stop.IsCancellationRequested)
        {
            await using (var command = new Npgsql.NpgsqlCommand("select holder, expires_at from periodic_job_lease where job = $1", db) { Parameters = { new Npgsql.NpgsqlParameter { Value = job } } })
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                if (await reader.ReadAsync(CancellationToken.None))
                {
                    var lease = new Lease(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
                    if (changes.Count == 0 || changes[^1] != lease)
                    {
                        changes.Add(lease);
                    }
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The turns the lease's changes show, checking that no copy began a turn within a period of another
    /// copy's: a turn takes the lease until now + period and renews it so at its end (the same holder,
    /// moments later); the next turn, by any copy, can only take it once it expired, so its expiry is a
    /// period or more later.
    /// </summary>
    private static int TurnsOf(string service, List<Lease> changes)
    {
        Assert.True(changes.Count >= 2, $"{service}'s sweep took turns during the run ({changes.Count} lease changes seen)");
        var turns = 1;
        for (var i = 1; i < changes.Count; i++)
        {
            var (previous, current) = (changes[i - 1], changes[i]);
            var gap = current.ExpiresAt - previous.ExpiresAt;
            if (current.Holder == previous.Holder && gap < SweepPeriod - TimeSpan.FromMilliseconds(10))
            {
                continue; // the same turn renewing at its end
            }

            Assert.True(gap >= SweepPeriod - TimeSpan.FromMilliseconds(10),
                $"{service}: a turn by {current.Holder} began {gap.TotalMilliseconds:0} ms after the one by {previous.Holder} (period {SweepPeriod.TotalSeconds} s)");
            turns++;
        }

        var expected = (int)(Load / (SweepPeriod * 2));
        Assert.True(turns >= expected, $"{service}: {turns} turns in {Load.TotalSeconds} s, fewer than {expected}");
        return turns;
    }

    /// <summary>The <c>service.instance.id</c>s of the spans the dashboard holds from <paramref name="service"/>.</summary>
    private async Task<IReadOnlySet<string>> InstancesAsync(string service)
    {
        using var json = JsonDocument.Parse(await suite.Dashboard.GetStringAsync("/api/telemetry/traces?limit=100000"));
        var instances = new HashSet<string>();
        foreach (var resource in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var attributes = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(a => a.GetProperty("value").TryGetProperty("stringValue", out _))
                .ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").GetProperty("stringValue").GetString());
            if (attributes.GetValueOrDefault("service.name") == service && attributes.GetValueOrDefault("service.instance.id") is { } instance)
            {
                instances.Add(instance);
            }
        }

        return instances;
    }

    /// <summary>How many of each answer each kind of request got.</summary>
    private sealed class Answers
    {
        private readonly ConcurrentDictionary<(string What, int Status), int> _counts = new();

        public void Count(string what, HttpResponseMessage response) => _counts.AddOrUpdate((what, (int)response.StatusCode), 1, (_, n) => n + 1);

        /// <summary>A request whose connection was lost before its answer (counted as status 0, shown as "lost").</summary>
        public void Lost(string what) => _counts.AddOrUpdate((what, 0), 1, (_, n) => n + 1);

        public override string ToString() => string.Join(", ", _counts.OrderBy(c => c.Key.What).ThenBy(c => c.Key.Status)
            .Select(c => $"{c.Key.What} {(c.Key.Status == 0 ? "lost" : c.Key.Status.ToString(CultureInfo.InvariantCulture))}×{c.Value}"));
    }
}
