using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Messaging;
using StarPlatform.Testing;

namespace StarPlatform.Complaints.Tests;

[Collection(ComplaintsCollection.Name)]
public sealed partial class IntakeApiTests(ComplaintsFixture fixture)
{
    [GeneratedRegex(@"^TS-\d{4}-\d{6,}$")]
    private static partial Regex CaseNumberPattern();

    [Fact]
    public async Task An_operator_logs_a_96960_complaint_against_a_window_as_a_numbered_case_with_working_day_deadlines()
    {
        var window = await fixture.TargetAsync();
        var operatorId = Guid.NewGuid();
        var before = await fixture.OutboxPositionAsync();
        var start = DateTimeOffset.UtcNow;

        var filed = await (await fixture.As("operator", operatorId).FileAsync(Api.Intake(window))).CreatedAsync();

        Assert.Matches(CaseNumberPattern(), filed.Str("caseNumber"));
        Assert.Equal("received", filed.Str("status"));
        var dueAt = filed.GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(WorkingDayCalendar.China.DueAt(start, 15), dueAt);
        Assert.Equal(WorkingDayCalendar.China.DueAt(start, 1), filed.GetProperty("acknowledgeDueAt").GetDateTimeOffset());

        var events = await fixture.EventsAfterAsync(before);
        var received = Assert.Single(events);
        Assert.Contains("ComplaintReceived", received.Type, StringComparison.Ordinal);
        Assert.Contains(filed.Str("caseNumber"), received.Body, StringComparison.Ordinal);

        var read = await (await fixture.As("operator", operatorId).GetAsync($"/api/complaints/{filed.Id()}")).OkAsync();
        Assert.Equal(window, read.GetProperty("targetUnitId").GetGuid());
        Assert.Equal("window", read.Str("targetKind"));
        Assert.Equal(operatorId, read.GetProperty("filedBy").GetGuid());
        Assert.Equal("张三", read.GetProperty("caller").Str("name"));
    }

    [Fact]
    public async Task A_filed_case_can_be_found_in_the_traces_by_its_number()
    {
        var window = await fixture.TargetAsync();
        var filed = await (await fixture.As("operator").FileAsync(Api.Intake(window))).CreatedAsync();
        var caseNumber = filed.Str("caseNumber");

        // The request's span carries the case number and id (the span ends just after the answer).
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Spans.Any(s => s.StartsWith("Microsoft.AspNetCore |", StringComparison.Ordinal)
                && s.Contains($"{SpanTags.CaseNumber}={caseNumber}", StringComparison.Ordinal)
                && s.Contains($"{SpanTags.CaseId}={filed.Id()}", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "the POST's span carries the case");
    }

    [Fact]
    public async Task Case_numbers_are_unique_and_increase()
    {
        var outlet = await fixture.TargetAsync("outlet");
        var client = fixture.As("discipline");
        var first = (await (await client.FileAsync(Api.Intake(outlet, "96196"))).CreatedAsync()).Str("caseNumber");
        var second = (await (await client.FileAsync(Api.Intake(outlet, "96196"))).CreatedAsync()).Str("caseNumber");
        Assert.NotEqual(first, second);
        Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} then {second}");
    }

    [Fact]
    public async Task Anyone_may_file_online_but_hotline_channels_need_an_operator_or_discipline_token()
    {
        var center = await fixture.TargetAsync("center");
        var online = await (await fixture.Anonymous().FileAsync(Api.Intake(center, "online", anonymous: true))).CreatedAsync();
        Assert.Equal("received", online.Str("status"));

        var written = await fixture.WrittenAsync();
        await (await fixture.Anonymous().FileAsync(Api.Intake(center, "96960"))).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.As("investigator").FileAsync(Api.Intake(center, "12388"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.As("admin").FileAsync(Api.Intake(center, "96196"))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(written, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task An_incomplete_intake_is_a_validation_problem_naming_every_field_and_writes_nothing()
    {
        var written = await fixture.WrittenAsync();
        var problem = await (await fixture.As("operator").FileAsync(new
        {
            channel = "110",
            category = "rudeness",
            description = " ",
            occurredAt = DateTimeOffset.UtcNow.AddDays(2),
        })).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "channel", "targetUnitId", "category", "description", "occurredAt", "anonymous" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var target = await fixture.TargetAsync();
        await (await fixture.As("operator").FileAsync(Api.Intake(target, anonymous: false, caller: new { name = " ", phone = "" })))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.As("operator").FileAsync(new
        {
            channel = "96960", targetUnitId = target, category = "fees", description = "多收费", occurredAt = DateTimeOffset.UtcNow,
            anonymous = true, caller = new { name = "李四" },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(written, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task A_target_unknown_to_the_registry_copy_or_closed_is_refused_with_422()
    {
        var closed = await fixture.TargetAsync(acceptsComplaints: false);
        var written = await fixture.WrittenAsync();
        await (await fixture.As("operator").FileAsync(Api.Intake(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await fixture.As("operator").FileAsync(Api.Intake(closed))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(written, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_key_returns_the_same_case_and_another_body_is_409()
    {
        var window = await fixture.TargetAsync();
        var client = fixture.As("operator");
        var body = Api.Intake(window);
        var key = Guid.NewGuid().ToString();

        var first = await (await client.FileAsync(body, key)).CreatedAsync();
        var retry = await client.FileAsync(body, key);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Id(), (await retry.CreatedAsync()).Id());

        var written = await fixture.WrittenAsync();
        await (await client.FileAsync(Api.Intake(window), key)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(written, await fixture.WrittenAsync());
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where target_unit_id = $1", window));
    }

    [Fact]
    public async Task Keys_past_24_hours_are_purged_and_newer_ones_are_kept()
    {
        var window = await fixture.TargetAsync();
        var client = fixture.As("operator");
        var (aged, kept) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await (await client.FileAsync(Api.Intake(window), aged)).CreatedAsync();
        await (await client.FileAsync(Api.Intake(window), kept)).CreatedAsync();
        Assert.Equal(1, await fixture.ScalarAsync(
            "with x as (update idempotency_records set created_at = created_at - interval '24 hours 1 second' where key = $1 returning 1) select count(*) from x", aged));

        var purge = fixture.Services.GetRequiredService<ExpiredRowsPurge<ComplaintsDbContext, IdempotencyRecord>>();
        Assert.Equal(TimeSpan.FromHours(24), purge.Retention);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            Assert.True(await purge.PurgeAsync(scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>(), DateTimeOffset.UtcNow, CancellationToken.None) >= 1);
        }

        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from idempotency_records where key = $1", aged));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from idempotency_records where key = $1", kept));
        // The cases stay: only the answers kept for retries go.
        Assert.Equal(2, await fixture.ScalarAsync("select count(*) from complaints where target_unit_id = $1", window));
    }

    [Fact]
    public async Task A_key_older_than_24_hours_is_free_again_and_makes_a_new_case()
    {
        var window = await fixture.TargetAsync();
        var client = fixture.As("operator");
        var key = Guid.NewGuid().ToString();
        var first = await (await client.FileAsync(Api.Intake(window), key)).CreatedAsync();
        Assert.Equal(1, await fixture.ScalarAsync(
            "with aged as (update idempotency_records set created_at = created_at - interval '24 hours 1 second' where key = $1 returning 1) select count(*) from aged",
            key));

        // Another body under the same key: no longer a conflict, a new case with its own number.
        var body = Api.Intake(window);
        var again = await client.FileAsync(body, key);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        var second = await again.CreatedAsync();
        Assert.NotEqual(first.Id(), second.Id());
        Assert.NotEqual(first.Str("caseNumber"), second.Str("caseNumber"));
        Assert.Matches(CaseNumberPattern(), second.Str("caseNumber"));
        Assert.Equal(2, await fixture.ScalarAsync("select count(*) from complaints where target_unit_id = $1", window));
        // The key now stands for the new case: a retry replays it.
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from idempotency_records where key = $1 and complaint_id = $2", key, second.Id()));
        var retry = await client.FileAsync(body, key);
        Assert.Equal(second.Id(), (await retry.CreatedAsync()).Id());
    }

    [Fact]
    public async Task Twenty_identical_submissions_at_the_same_moment_make_one_case()
    {
        var window = await fixture.TargetAsync();
        var client = fixture.As("operator");
        var body = Api.Intake(window);
        var key = Guid.NewGuid().ToString();
        using var gate = new SemaphoreSlim(0);

        var requests = Enumerable.Range(0, 20).Select(async _ =>
        {
            await gate.WaitAsync();
            return await (await client.FileAsync(body, key)).CreatedAsync();
        }).ToList();
        gate.Release(20);
        var answers = await Task.WhenAll(requests);

        Assert.Single(answers.Select(a => a.Id()).Distinct());
        Assert.Single(answers.Select(a => a.Str("caseNumber")).Distinct());
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where target_unit_id = $1", window));
    }

    [Fact]
    public async Task Other_staff_cannot_read_a_case_that_is_not_theirs()
    {
        var window = await fixture.TargetAsync();
        var filed = await (await fixture.As("operator").FileAsync(Api.Intake(window))).CreatedAsync();

        await (await fixture.As("operator").GetAsync($"/api/complaints/{filed.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.As("investigator").GetAsync($"/api/complaints/{filed.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.As("admin").GetAsync($"/api/complaints/{filed.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous().GetAsync($"/api/complaints/{filed.Id()}")).StatusCode);
        await (await fixture.As("discipline").GetAsync($"/api/complaints/{filed.Id()}")).OkAsync();
    }
}
