using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Complaints.Tests;

/// <summary>received → assigned → investigating → substantiated | dismissed → closed, and every step refused out of turn.</summary>
[Collection(ComplaintsCollection.Name)]
public sealed class CaseStepsTests(ComplaintsFixture fixture)
{
    private sealed record Case(Guid Id, HttpClient Operator, Guid InvestigatorId, HttpClient Investigator);

    private async Task<Case> ReceivedAsync()
    {
        var window = await fixture.TargetAsync();
        var operatorClient = fixture.As("operator");
        var id = (await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        var investigatorId = await fixture.InvestigatorAsync();
        return new Case(id, operatorClient, investigatorId, fixture.As("investigator", investigatorId));
    }

    private static Task<HttpResponseMessage> Step(HttpClient client, Guid id, string step, object? body = null) =>
        client.PostAsJsonAsync($"/api/complaints/{id}/{step}", body ?? new { });

    private static async Task<string> StatusAfterAsync(HttpResponseMessage response) => (await response.OkAsync()).Str("status");

    private async Task<Case> AtAsync(string state)
    {
        var c = await ReceivedAsync();
        if (state == "received")
        {
            return c;
        }

        Assert.Equal("assigned", await StatusAfterAsync(await Step(c.Operator, c.Id, "assignment", new { investigatorId = c.InvestigatorId })));
        if (state == "assigned")
        {
            return c;
        }

        Assert.Equal("investigating", await StatusAfterAsync(await Step(c.Investigator, c.Id, "investigation")));
        if (state == "investigating")
        {
            return c;
        }

        var substantiated = state is "substantiated" or "closed";
        Assert.Equal(substantiated ? "substantiated" : "dismissed", await StatusAfterAsync(
            await Step(c.Investigator, c.Id, "finding", new { substantiated, violation = false, summary = "核查结论" })));
        if (state is "substantiated" or "dismissed")
        {
            return c;
        }

        Assert.Equal("closed", await StatusAfterAsync(await Step(c.Operator, c.Id, "closure", new { feedback = "已电话回复来电人" })));
        return c;
    }

    [Fact]
    public async Task A_substantiated_violation_goes_from_received_to_closed_and_publishes_each_event()
    {
        var c = await ReceivedAsync();
        var before = await fixture.OutboxPositionAsync();

        await StatusAfterAsync(await Step(c.Operator, c.Id, "assignment", new { investigatorId = c.InvestigatorId }));
        var assigned = await (await c.Investigator.GetAsync($"/api/complaints/{c.Id}")).OkAsync();
        Assert.Equal("assigned", assigned.Str("status"));
        Assert.Equal(JsonValueKind.Null, assigned.GetProperty("caller").ValueKind);

        await StatusAfterAsync(await Step(c.Investigator, c.Id, "investigation"));
        Assert.Equal("substantiated", await StatusAfterAsync(await Step(c.Investigator, c.Id, "finding",
            new { substantiated = true, violation = true, offence = "integrity", summary = "窗口人员违规收取费用，属实" })));
        Assert.Equal("closed", await StatusAfterAsync(await Step(c.Operator, c.Id, "closure", new { feedback = "已告知来电人处理结果" })));

        var types = (await fixture.EventsAfterAsync(before)).Select(e => Api.EventName(e.Type)).ToList();
        Assert.Equal(["ComplaintAssigned", "ComplaintSubstantiated", "ViolationConfirmed", "ComplaintClosed"], types);
        Assert.Equal("integrity", (await (await c.Investigator.GetAsync($"/api/complaints/{c.Id}")).OkAsync()).Str("offence"));
        Assert.Equal("closed", (await (await c.Operator.GetAsync($"/api/complaints/{c.Id}")).OkAsync()).Str("status"));
    }

    [Fact]
    public async Task A_dismissed_complaint_publishes_ComplaintDismissed_and_closes()
    {
        var c = await AtAsync("investigating");
        var before = await fixture.OutboxPositionAsync();
        Assert.Equal("dismissed", await StatusAfterAsync(await Step(c.Investigator, c.Id, "finding",
            new { substantiated = false, violation = false, summary = "经核查不属实" })));
        Assert.Equal("closed", await StatusAfterAsync(await Step(c.Operator, c.Id, "closure", new { feedback = "已回复" })));
        var types = (await fixture.EventsAfterAsync(before)).Select(e => Api.EventName(e.Type)).ToList();
        Assert.Equal(["ComplaintDismissed", "ComplaintClosed"], types);
    }

    [Theory]
    [InlineData("received", "closure")]
    [InlineData("assigned", "finding")]
    [InlineData("assigned", "closure")]
    [InlineData("investigating", "assignment")]
    [InlineData("investigating", "investigation")]
    [InlineData("investigating", "closure")]
    [InlineData("substantiated", "assignment")]
    [InlineData("substantiated", "investigation")]
    [InlineData("substantiated", "finding")]
    [InlineData("dismissed", "finding")]
    [InlineData("dismissed", "assignment")]
    [InlineData("closed", "assignment")]
    [InlineData("closed", "investigation")]
    [InlineData("closed", "finding")]
    [InlineData("closed", "closure")]
    public async Task A_step_out_of_turn_is_409_and_writes_nothing(string state, string step)
    {
        var c = await AtAsync(state);
        var client = step is "investigation" or "finding" ? c.Investigator : c.Operator;
        object body = step switch
        {
            "assignment" => new { investigatorId = c.InvestigatorId },
            "finding" => new { substantiated = true, violation = false, summary = "再次结论" },
            "closure" => new { feedback = "再次回复" },
            _ => new { },
        };
        var written = await fixture.WrittenAsync();
        var logged = fixture.ServiceLogs.Count;
        var problem = await (await Step(client, c.Id, step, body)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(state, problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("out-of-turn", problem.Str("code"));
        Assert.Equal(written, await fixture.WrittenAsync());
        // A refusal is an answer, not a fault: logged below Error, nothing with an exception.
        Assert.Empty(fixture.ServiceLogs.Errors(since: logged));
        Assert.Contains(fixture.ServiceLogs.Records.Skip(logged), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Information
            && r.Message.Contains("was refused: 409 out-of-turn", StringComparison.Ordinal));
        Assert.Equal(state, (await (await fixture.As("discipline").GetAsync($"/api/complaints/{c.Id}")).OkAsync()).Str("status"));
    }

    [Fact]
    public async Task Only_the_assigned_investigator_works_on_a_case_and_only_its_operator_or_discipline_assigns_it()
    {
        var received = await AtAsync("received");
        await (await Step(received.Investigator, received.Id, "investigation")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Step(received.Investigator, received.Id, "finding", new { substantiated = true, violation = false, summary = "x" }))
            .ProblemAsync(HttpStatusCode.NotFound);

        var c = await AtAsync("assigned");
        await (await Step(fixture.As("investigator"), c.Id, "investigation")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Step(fixture.As("operator"), c.Id, "assignment", new { investigatorId = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.NotFound);
        var other = await fixture.InvestigatorAsync();
        await StatusAfterAsync(await Step(fixture.As("discipline"), c.Id, "assignment", new { investigatorId = other }));
        await (await Step(c.Investigator, c.Id, "investigation")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("investigating", await StatusAfterAsync(await Step(fixture.As("investigator", other), c.Id, "investigation")));
    }

    [Fact]
    public async Task A_violation_without_a_substantiated_complaint_is_confirmed_alone()
    {
        var c = await AtAsync("investigating");
        var before = await fixture.OutboxPositionAsync();

        Assert.Equal("substantiated", await StatusAfterAsync(await Step(c.Investigator, c.Id, "finding",
            new { substantiated = false, violation = true, offence = "computer-misuse", summary = "经市纪委通报，工作时间浏览股市" })));

        // Two answers apart: no 有效投诉 (item 7 stands), the violation of its offence confirmed.
        var events = await fixture.EventsAfterAsync(before);
        Assert.Equal(["ViolationConfirmed"], events.Select(e => Api.EventName(e.Type)).ToList());
        Assert.Equal("computer-misuse", System.Text.Json.JsonDocument.Parse(events[0].Body).RootElement.GetProperty("offence").GetString());
    }

    [Fact]
    public async Task An_incomplete_finding_or_closure_is_a_validation_problem()
    {
        var c = await AtAsync("investigating");
        var errors = (await (await Step(c.Investigator, c.Id, "finding", new { violation = true, summary = " " }))
            .ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("substantiated", out _));
        Assert.True(errors.TryGetProperty("summary", out _));
        // A violation names its offence, one of the catalog's; a finding without a violation names none.
        var noOffence = (await (await Step(c.Investigator, c.Id, "finding", new { substantiated = true, violation = true, summary = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(noOffence.TryGetProperty("offence", out _));
        await (await Step(c.Investigator, c.Id, "finding", new { substantiated = true, violation = true, offence = "bribery", summary = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await Step(c.Investigator, c.Id, "finding", new { substantiated = true, violation = false, offence = "integrity", summary = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("investigating", (await (await c.Investigator.GetAsync($"/api/complaints/{c.Id}")).OkAsync()).Str("status"));
        await (await Step(c.Operator, c.Id, "closure", new { feedback = "" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Step(c.Operator, c.Id, "assignment", new { })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_overdue_case_is_flagged_and_announced_once_per_deadline()
    {
        var late = await AtAsync("received");
        var concluded = await AtAsync("dismissed");
        foreach (var id in new[] { late.Id, concluded.Id })
        {
            await fixture.ScalarAsync("update complaints set acknowledge_due_at = now() - interval '2 days', due_at = now() - interval '1 day' where id = $1 returning 1", id);
        }

        var before = await fixture.OutboxPositionAsync();
        await fixture.SweepAsync(DateTimeOffset.UtcNow);
        await fixture.SweepAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        var overdue = (await fixture.EventsAfterAsync(before)).Where(e => Api.EventName(e.Type) == "ComplaintOverdue").ToList();
        var mine = overdue.Where(e => e.Body.Contains(late.Id.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Contains(mine, e => e.Body.Contains("\"acknowledge\"", StringComparison.Ordinal));
        Assert.Contains(mine, e => e.Body.Contains("\"conclude\"", StringComparison.Ordinal));
        Assert.DoesNotContain(overdue, e => e.Body.Contains(concluded.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where id = $1 and acknowledge_overdue_at is not null and conclude_overdue_at is not null", late.Id));
    }
}

/// <summary>The case row's lock (LockedSteps): steps on one case at the same moment take turns.</summary>
[Collection(ComplaintsCollection.Name)]
public sealed class SimultaneousStepsTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task Ten_simultaneous_closures_of_one_case_close_it_once_and_the_rest_are_409()
    {
        var operatorClient = fixture.As("operator");
        var id = (await (await operatorClient.FileAsync(Api.Intake(await fixture.TargetAsync()))).CreatedAsync()).Id();
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        (await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId })).EnsureSuccessStatusCode();
        (await investigator.PostAsJsonAsync($"/api/complaints/{id}/investigation", new { })).EnsureSuccessStatusCode();
        (await investigator.PostAsJsonAsync($"/api/complaints/{id}/finding", new { substantiated = true, violation = false, summary = "属实" }))
            .EnsureSuccessStatusCode();
        var before = await fixture.OutboxPositionAsync();
        var logged = fixture.ServiceLogs.Count;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            operatorClient.PostAsJsonAsync($"/api/complaints/{id}/closure", new { feedback = $"回复 {i}" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(["ComplaintClosed"], (await fixture.EventsAfterAsync(before)).Select(e => Api.EventName(e.Type)).ToList());
        Assert.Empty(fixture.ServiceLogs.Errors(since: logged));
    }
}
