using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Tests;

/// <summary>Re-review on appeal: closed → received once, within the appeal period on the working-day calendar.</summary>
[Collection(ComplaintsCollection.Name)]
public sealed class AppealTests(ComplaintsFixture fixture)
{
    private sealed record Case(Guid Id, HttpClient Operator);

    private static Task<HttpResponseMessage> Step(HttpClient client, Guid id, string step, object? body = null) =>
        client.PostAsJsonAsync($"/api/complaints/{id}/{step}", body ?? new { });

    private static async Task<string> StatusAfterAsync(HttpResponseMessage response) => (await response.OkAsync()).Str("status");

    /// <summary>A case taken through assignment, investigation and a finding, and closed unless <paramref name="close"/> is false.</summary>
    private async Task<Case> ConcludedAsync(bool substantiated, bool violation, bool close = true, HttpClient? operatorClient = null)
    {
        operatorClient ??= fixture.As("operator");
        var id = (await (await operatorClient.FileAsync(Api.Intake(await fixture.TargetAsync()))).CreatedAsync()).Id();
        await ReviewAsync(operatorClient, id, substantiated, violation);
        if (close)
        {
            Assert.Equal("closed", await StatusAfterAsync(await Step(operatorClient, id, "closure", new { feedback = "已告知来电人" })));
        }

        return new Case(id, operatorClient);
    }

    private async Task ReviewAsync(HttpClient operatorClient, Guid id, bool substantiated, bool violation)
    {
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        Assert.Equal("assigned", await StatusAfterAsync(await Step(operatorClient, id, "assignment", new { investigatorId })));
        Assert.Equal("investigating", await StatusAfterAsync(await Step(investigator, id, "investigation")));
        Assert.Equal(substantiated ? "substantiated" : "dismissed", await StatusAfterAsync(
            await Step(investigator, id, "finding", new { substantiated, violation, offence = violation ? "integrity" : null, summary = "核查结论" })));
    }

    private async Task<string> WrittenAsync() =>
        $"{await fixture.WrittenAsync()}, inbox={await fixture.ScalarAsync("select count(*) from inbox_state")}";

    private async Task<List<string>> EventNamesAfterAsync(long before) =>
        (await fixture.EventsAfterAsync(before)).Select(e => Api.EventName(e.Type)).ToList();

    [Fact]
    public async Task A_case_shows_its_finding_summary_feedback_step_times_and_the_end_of_its_appeal_period()
    {
        var c = await ConcludedAsync(substantiated: true, violation: false);
        var progress = (await (await c.Operator.GetAsync($"/api/complaints/{c.Id}")).OkAsync()).GetProperty("progress");
        Assert.Equal("核查结论", progress.Str("findingSummary"));
        Assert.Equal("已告知来电人", progress.Str("feedback"));
        Assert.True(progress.GetProperty("substantiated").GetBoolean());
        var closedAt = progress.GetProperty("closedAt").GetDateTimeOffset();
        Assert.True(progress.GetProperty("assignedAt").GetDateTimeOffset() <= progress.GetProperty("investigationStartedAt").GetDateTimeOffset());
        Assert.True(progress.GetProperty("concludedAt").GetDateTimeOffset() <= closedAt);
        // The period the appeal step enforces: working days after the day of closure.
        Assert.True(progress.GetProperty("appealOpenUntil").GetDateTimeOffset() > closedAt.AddDays(5));

        await (await Step(c.Operator, c.Id, "appeal", new { reason = "来电人不认可" })).OkAsync();
        var reopened = (await (await c.Operator.GetAsync($"/api/complaints/{c.Id}")).OkAsync()).GetProperty("progress");
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("appealOpenUntil").ValueKind);
        Assert.Equal("核查结论", reopened.Str("priorFindingSummary"));
        Assert.Equal("已告知来电人", reopened.Str("priorFeedback"));
    }

    [Fact]
    public async Task An_appeal_reopens_a_closed_case_for_a_re_review_with_a_new_deadline_on_the_calendar()
    {
        var c = await ConcludedAsync(substantiated: true, violation: false);
        var before = await fixture.OutboxPositionAsync();
        var earliest = WorkingDayCalendar.China.DueAt(DateTimeOffset.UtcNow, 15);

        var reopened = await (await Step(c.Operator, c.Id, "appeal", new { reason = "来电人对处理结果不满意" })).OkAsync();

        var latest = WorkingDayCalendar.China.DueAt(DateTimeOffset.UtcNow, 15);
        Assert.Equal("received", reopened.Str("status"));
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("investigatorId").ValueKind);
        var due = reopened.GetProperty("dueAt").GetDateTimeOffset();
        Assert.True(due == earliest || due == latest, $"the re-review's deadline {due:O} is 15 working days from the appeal");
        Assert.Equal(["ComplaintAppealed"], await EventNamesAfterAsync(before));
        var read = await (await fixture.As("discipline").GetAsync($"/api/complaints/{c.Id}")).OkAsync();
        Assert.Equal("来电人对处理结果不满意", read.GetProperty("appeal").Str("reason"));
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from complaints where id = $1 and prior_substantiated and substantiated is null and closed_at is null and prior_closed_at is not null", c.Id));
    }

    [Fact]
    public async Task A_re_review_that_dismisses_a_substantiated_violation_publishes_ComplaintFindingReversed()
    {
        var c = await ConcludedAsync(substantiated: true, violation: true);
        await StatusAfterAsync(await Step(c.Operator, c.Id, "appeal", new { reason = "单位提出复核申请，来电人同意" }));
        var before = await fixture.OutboxPositionAsync();

        await ReviewAsync(c.Operator, c.Id, substantiated: false, violation: false);
        Assert.Equal("closed", await StatusAfterAsync(await Step(c.Operator, c.Id, "closure", new { feedback = "复核后不属实，已告知" })));

        var events = await fixture.EventsAfterAsync(before);
        Assert.Equal(["ComplaintAssigned", "ComplaintFindingReversed", "ComplaintDismissed", "ComplaintClosed"],
            events.Select(e => Api.EventName(e.Type)).ToList());
        var reversed = JsonDocument.Parse(events.Single(e => Api.EventName(e.Type) == "ComplaintFindingReversed").Body).RootElement;
        Assert.Equal(c.Id, reversed.GetProperty("complaintId").GetGuid());
        Assert.True(reversed.GetProperty("substantiationReversed").GetBoolean());
        Assert.True(reversed.GetProperty("violationReversed").GetBoolean());
    }

    [Fact]
    public async Task A_re_review_that_substantiates_a_dismissed_complaint_publishes_ComplaintSubstantiated()
    {
        var c = await ConcludedAsync(substantiated: false, violation: false);
        await StatusAfterAsync(await Step(c.Operator, c.Id, "appeal", new { reason = "来电人补充了证据" }));
        var before = await fixture.OutboxPositionAsync();

        await ReviewAsync(c.Operator, c.Id, substantiated: true, violation: true);

        Assert.Equal(["ComplaintAssigned", "ComplaintSubstantiated", "ViolationConfirmed"], await EventNamesAfterAsync(before));
    }

    [Fact]
    public async Task A_case_is_appealed_once_only()
    {
        var c = await ConcludedAsync(substantiated: true, violation: false);
        await StatusAfterAsync(await Step(c.Operator, c.Id, "appeal", new { reason = "第一次申诉" }));
        await ReviewAsync(c.Operator, c.Id, substantiated: true, violation: false);
        await StatusAfterAsync(await Step(c.Operator, c.Id, "closure", new { feedback = "复核维持原结论" }));

        var written = await WrittenAsync();
        var problem = await (await Step(c.Operator, c.Id, "appeal", new { reason = "第二次申诉" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("已申请过复核", problem.Str("title"), StringComparison.Ordinal);
        Assert.Equal(written, await WrittenAsync());
    }

    [Theory]
    [InlineData(false)] // substantiated, not yet closed
    [InlineData(true)]  // still investigating
    public async Task An_appeal_of_a_case_that_is_not_closed_is_409_and_writes_nothing(bool investigating)
    {
        Guid id;
        HttpClient operatorClient = fixture.As("operator");
        if (investigating)
        {
            id = (await (await operatorClient.FileAsync(Api.Intake(await fixture.TargetAsync()))).CreatedAsync()).Id();
            var investigatorId = await fixture.InvestigatorAsync();
            await StatusAfterAsync(await Step(operatorClient, id, "assignment", new { investigatorId }));
            await StatusAfterAsync(await Step(fixture.As("investigator", investigatorId), id, "investigation"));
        }
        else
        {
            id = (await ConcludedAsync(substantiated: true, violation: false, close: false, operatorClient)).Id;
        }

        var written = await WrittenAsync();
        var problem = await (await Step(operatorClient, id, "appeal", new { reason = "不满意" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("需要状态为 closed 的案件", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(written, await WrittenAsync());
    }

    /// <summary>
    /// The period is counted on the calendar: a case closed on the last day whose 15-working-day
    /// period still runs may be appealed; one closed a day earlier may not.
    /// </summary>
    [Fact]
    public async Task An_appeal_after_15_working_days_from_the_closure_day_is_422_and_writes_nothing()
    {
        var calendar = WorkingDayCalendar.China;
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        var day = ChinaTime.DayOf(now);
        while (calendar.DueAt(Noon(day.AddDays(-1)), 15) > now)
        {
            day = day.AddDays(-1);
        }

        // `day` is the earliest closure day whose period still runs; the day before, it has ended.
        var late = await ConcludedAsync(substantiated: true, violation: false);
        await fixture.ScalarAsync("update complaints set closed_at = $2 where id = $1 returning 1", late.Id, Noon(day.AddDays(-1)));
        var written = await WrittenAsync();
        var problem = await (await Step(late.Operator, late.Id, "appeal", new { reason = "逾期申诉" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("15 个工作日", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(written, await WrittenAsync());

        var inTime = await ConcludedAsync(substantiated: true, violation: false);
        await fixture.ScalarAsync("update complaints set closed_at = $2 where id = $1 returning 1", inTime.Id, Noon(day));
        Assert.Equal("received", await StatusAfterAsync(await Step(inTime.Operator, inTime.Id, "appeal", new { reason = "期限内申诉" })));
    }

    [Fact]
    public async Task Only_the_cases_operator_or_discipline_records_an_appeal_and_it_needs_a_reason()
    {
        var c = await ConcludedAsync(substantiated: true, violation: false);
        await (await Step(fixture.As("operator"), c.Id, "appeal", new { reason = "别人的案件" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await Step(c.Operator, c.Id, "appeal", new { reason = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Step(fixture.As("operator"), Guid.NewGuid(), "appeal", new { reason = "没有这个案件" })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("received", await StatusAfterAsync(await Step(fixture.As("discipline"), c.Id, "appeal", new { reason = "纪检受理申诉" })));
    }

    private static DateTimeOffset Noon(DateOnly chinaDay) =>
        new DateTimeOffset(chinaDay.ToDateTime(new TimeOnly(12, 0)), ChinaTime.Offset).ToUniversalTime();
}
