using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// Vetoes from Complaints' findings, consumed from RabbitMQ: item 7 for a substantiated complaint, the
/// item of its offence for a violation — as the pinned criteria version's data says.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class OutsideVetoTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    private static ComplaintSubstantiated Complaint(Guid unit, UnitKind kind = UnitKind.Window, DateTimeOffset? occurredAt = null) => new(
        Guid.NewGuid(), $"TS-2026-{Random.Shared.Next(100000, 999999)}", unit, kind, "attitude",
        occurredAt ?? DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow, "窗口人员态度生硬，投诉属实");

    private static ViolationConfirmed Violation(Guid unit, UnitKind kind, Offence offence) => new(
        Guid.NewGuid(), $"TS-2026-{Random.Shared.Next(100000, 999999)}", unit, kind, "discipline", offence, DateTimeOffset.UtcNow);

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
        // Both are waited for as they are consumed: the inbox's skip of the one, the other's inbox row.
        var resent = Guid.NewGuid();
        await fixture.PublishAsync(complaint, messageId);
        await fixture.PublishAsync(complaint, resent);
        await fixture.Logs.SkippedAsync(messageId, Delivery);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from inbox_state where message_id = $1", resent) == 1, Delivery, "the re-sent finding is consumed");
        Assert.Single((await ReadAsync(application)).GetProperty("vetoes").EnumerateArray());
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = $1", complaint.ComplaintId));
        var history = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}/history")).OkAsync();
        var entry = history.GetProperty("items").EnumerateArray().Single(c => c.Str("subject") == "veto");
        Assert.Equal((7, "complaint"), (entry.Int("itemNumber")!.Value, entry.Str("actorRole")));
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
        var againstCenter = Complaint(center.Id, UnitKind.Center);
        await fixture.PublishAsync(lastYear);
        await fixture.PublishAsync(againstCenter);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = any($1)",
            new[] { lastYear.ComplaintId, againstCenter.ComplaintId }) == 2, Delivery, "both findings are kept");
        Assert.Equal(fixture.Year - 1, await fixture.ScalarAsync("select year from unit_findings where complaint_id = $1", lastYear.ComplaintId));
        Assert.Equal("under-review", (await ReadAsync(windowApplication)).Str("status"));
        Assert.Equal("under-review", (await ReadAsync(centerApplication)).Str("status"));
    }

    /// <summary>A violation names its offence and fails exactly the item the catalog ties to it; every other item passes.</summary>
    [Theory]
    [InlineData("window", Offence.Integrity, 17)]
    [InlineData("window", Offence.HallConduct, 19)]
    [InlineData("window", Offence.ComputerMisuse, 20)]
    [InlineData("window", Offence.OverdueOrIncident, 8)]
    [InlineData("center", Offence.Integrity, 69)]
    [InlineData("center", Offence.OverdueOrIncident, 25)]
    public async Task A_confirmed_violation_fails_exactly_the_item_of_its_offence(string kind, Offence offence, int item)
    {
        var unit = kind == "center" ? await fixture.UnitAsync("center", floorAreaM2: 6000) : await fixture.UnitAsync();
        var (application, _) = await _steps.UnderReviewAsync(unit);
        await fixture.PublishAsync(Violation(unit.Id, unit.Kind, offence));

        var read = await VetoedAsync(application, 1);
        var veto = Assert.Single(read.GetProperty("vetoes").EnumerateArray());
        Assert.Equal((item, "violation"), (veto.GetProperty("item").GetInt32(), veto.Str("source")));
        Assert.Contains(Offences.NameOf(offence), veto.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_violation_whose_offence_the_center_checklist_does_not_name_fails_nothing()
    {
        var center = await fixture.UnitAsync("center", floorAreaM2: 6000);
        var (application, _) = await _steps.UnderReviewAsync(center);
        var violation = Violation(center.Id, UnitKind.Center, Offence.HallConduct);
        var messageId = Guid.NewGuid();
        await fixture.PublishAsync(violation, messageId);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from inbox_state where message_id = $1", messageId) == 1,
            Delivery, "the violation is consumed");

        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = $1 and offence = 'hall-conduct'", violation.ComplaintId));
        Assert.Equal(0, (await ReadAsync(application)).GetProperty("vetoes").GetArrayLength());
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

        // The public league table lists it apart: after every ranked result, without a rank, however high its total.
        var table = await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?pageSize=200")).OkAsync();
        var rows = table.GetProperty("items").EnumerateArray().ToList();
        var vetoed = rows.Single(r => r.GetProperty("applicationId").GetGuid() == application);
        Assert.Equal((JsonValueKind.Null, true, 100m), (vetoed.GetProperty("rank").ValueKind, vetoed.GetProperty("vetoed").GetBoolean(), vetoed.Dec("total")!.Value));
        static bool Apart(JsonElement r) => r.GetProperty("vetoed").GetBoolean() || r.GetProperty("revoked").GetBoolean();
        Assert.DoesNotContain(rows.SkipWhile(r => !Apart(r)), r => !Apart(r));
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
