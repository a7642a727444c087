using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>Vetoes from Complaints' findings, consumed from RabbitMQ: item 7 for a substantiated complaint, the discipline items for a violation.</summary>
[Collection(ScoringCollection.Name)]
public sealed class OutsideVetoTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    private static ComplaintSubstantiated Complaint(Guid unit, string kind = "window", DateTimeOffset? occurredAt = null) => new(
        Guid.NewGuid(), $"TS-2026-{Random.Shared.Next(100000, 999999)}", unit, kind, "attitude",
        occurredAt ?? DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow, "窗口人员态度生硬，投诉属实");

    private static ViolationConfirmed Violation(Guid unit, string kind) => new(
        Guid.NewGuid(), $"TS-2026-{Random.Shared.Next(100000, 999999)}", unit, kind, "discipline", DateTimeOffset.UtcNow);

    private async Task<JsonElement> ReadAsync(Guid application) =>
        await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}")).OkAsync();

    private async Task<JsonElement> VetoedAsync(Guid application, int vetoes)
    {
        JsonElement read = default;
        await Eventually.HoldsAsync(async () =>
        {
            read = await ReadAsync(application);
            return read.GetProperty("vetoes").GetArrayLength() >= vetoes;
        }, Delivery, $"{vetoes} veto(es) on {application}");
        return read;
    }

    [Fact]
    public async Task A_substantiated_complaint_fails_window_item_7_with_its_case_once_however_often_it_arrives()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.UnderReviewAsync(window);
        var complaint = Complaint(window.Id);
        var messageId = Guid.NewGuid();
        await fixture.PublishAsync(complaint, messageId);

        var read = await VetoedAsync(application, 1);
        Assert.Equal("vetoed", read.Str("status"));
        var veto = read.GetProperty("vetoes").EnumerateArray().Single();
        Assert.Equal((7, "complaint", complaint.CaseNumber), (veto.GetProperty("item").GetInt32(), veto.Str("source"), veto.Str("caseNumber")));
        Assert.Contains(complaint.CaseNumber, veto.Str("reason"), StringComparison.Ordinal);

        // Redelivered (same message id) and re-sent (a new message id, the same case): no second effect.
        await fixture.PublishAsync(complaint, messageId);
        await fixture.PublishAsync(complaint);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from inbox_state where message_id = any($1)", new[] { messageId }) >= 1, Delivery, "the inbox holds the message");
        await Task.Delay(1000);
        Assert.Single((await ReadAsync(application)).GetProperty("vetoes").EnumerateArray());
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = $1", complaint.ComplaintId));
        var history = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}/history")).OkAsync();
        var entry = history.GetProperty("items").EnumerateArray().Single(c => c.Str("subject") == "veto");
        Assert.Equal((7, "complaint"), (entry.Int("itemNumber")!.Value, entry.Str("actorRole")));
        await Eventually.HoldsAsync(async () => await fixture.SagaStateAsync(application) == "Vetoed", Delivery, "the saga is Vetoed");
    }

    [Fact]
    public async Task A_complaint_that_arrived_before_the_application_vetoes_it_when_filed()
    {
        var window = await fixture.UnitAsync();
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_findings where unit_id = $1", window.Id) == 1,
            Delivery, "the finding is kept");

        var filed = await (await fixture.Applicant(window.Id).PostAsJsonAsync($"/api/scoring/cycles/{fixture.CycleId}/applications", new { unitId = window.Id })).CreatedAsync();
        Assert.Equal("vetoed", filed.Str("status"));
        Assert.Equal(complaint.CaseNumber, filed.GetProperty("vetoes")[0].Str("caseNumber"));
    }

    [Fact]
    public async Task A_complaint_from_another_year_or_against_a_center_does_not_fail_item_7()
    {
        var window = await fixture.UnitAsync();
        var center = await fixture.UnitAsync("center", floorAreaM2: 6000);
        var (windowApplication, _) = await _steps.UnderReviewAsync(window);
        var (centerApplication, _) = await _steps.UnderReviewAsync(center);
        var lastYear = Complaint(window.Id, occurredAt: new DateTimeOffset(fixture.Year - 1, 12, 31, 12, 0, 0, TimeSpan.FromHours(8)));
        var againstCenter = Complaint(center.Id, "center");
        await fixture.PublishAsync(lastYear);
        await fixture.PublishAsync(againstCenter);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = any($1)",
            new[] { lastYear.ComplaintId, againstCenter.ComplaintId }) == 2, Delivery, "both findings are kept");
        Assert.Equal(fixture.Year - 1, await fixture.ScalarAsync("select year from unit_findings where complaint_id = $1", lastYear.ComplaintId));
        Assert.Equal("under-review", (await ReadAsync(windowApplication)).Str("status"));
        Assert.Equal("under-review", (await ReadAsync(centerApplication)).Str("status"));
    }

    [Fact]
    public async Task A_confirmed_violation_fails_window_items_17_19_20_and_center_item_69()
    {
        var window = await fixture.UnitAsync();
        var center = await fixture.UnitAsync("center", floorAreaM2: 6000);
        var (windowApplication, _) = await _steps.UnderReviewAsync(window);
        var (centerApplication, _) = await _steps.UnderReviewAsync(center);
        await fixture.PublishAsync(Violation(window.Id, "window"));
        await fixture.PublishAsync(Violation(center.Id, "center"));

        var windowRead = await VetoedAsync(windowApplication, 3);
        Assert.Equal([17, 19, 20], windowRead.GetProperty("vetoes").EnumerateArray().Select(v => v.GetProperty("item").GetInt32()));
        Assert.All(windowRead.GetProperty("vetoes").EnumerateArray(), v => Assert.Equal("violation", v.Str("source")));
        var centerRead = await VetoedAsync(centerApplication, 1);
        Assert.Equal([69], centerRead.GetProperty("vetoes").EnumerateArray().Select(v => v.GetProperty("item").GetInt32()));
    }

    [Fact]
    public async Task Full_marks_with_a_substantiated_complaint_give_no_star_and_the_approved_result_lists_why()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.ScoredAsync(window, creation: 80m, panel: 10m, satisfaction: 10m);
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        var read = await VetoedAsync(application, 1);
        Assert.Equal((100m, 0, "vetoed"), (read.Dec("total")!.Value, read.Int("stars")!.Value, read.Str("status")));

        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).OkAsync();
        var decided = await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true })).OkAsync();
        Assert.Equal(("approved", 0), (decided.Str("status"), decided.Int("stars")!.Value));
        Assert.Equal(complaint.CaseNumber, decided.GetProperty("vetoes")[0].Str("caseNumber"));
    }

    [Fact]
    public async Task A_finding_after_approval_leaves_the_result_alone()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.AwaitingApprovalAsync(window);
        await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true })).OkAsync();
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = $1", complaint.ComplaintId) == 1,
            Delivery, "the finding is kept");
        var read = await ReadAsync(application);
        Assert.Equal(("approved", 4), (read.Str("status"), read.Int("stars")!.Value));
        Assert.Equal(0, read.GetProperty("vetoes").GetArrayLength());
    }
}
