using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// A finding withdrawn on re-review (<see cref="ComplaintFindingReversed"/>), consumed from RabbitMQ:
/// the veto it caused is lifted before the decision, once, never after approval, and a reversal that
/// arrives before its finding leaves no veto behind.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class FindingReversalTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    private static ComplaintSubstantiated Complaint(Guid unit) => new(
        Guid.NewGuid(), $"TS-2026-{Random.Shared.Next(100000, 999999)}", unit, UnitKind.Window, "attitude",
        DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow, "窗口人员态度生硬，投诉属实");

    private static ViolationConfirmed Violation(ComplaintSubstantiated complaint, Offence offence = Offence.Integrity) => new(
        complaint.ComplaintId, complaint.CaseNumber, complaint.TargetUnitId, UnitKind.Window, "discipline", offence, DateTimeOffset.UtcNow);

    private static ComplaintFindingReversed Reversal(
        ComplaintSubstantiated complaint, bool substantiation = true, bool violation = false, Offence offence = Offence.Integrity) => new(
        complaint.ComplaintId, complaint.CaseNumber, complaint.TargetUnitId, UnitKind.Window, complaint.Category,
        substantiation, violation, violation ? offence : null, DateTimeOffset.UtcNow, "复核认定投诉不属实");

    private async Task<JsonElement> ReadAsync(Guid application) =>
        await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}")).OkAsync();

    private async Task<JsonElement> WhenAsync(Guid application, Func<JsonElement, bool> condition, string what)
    {
        JsonElement read = default;
        await Eventually.HoldsAsync(async () => condition(read = await ReadAsync(application)), Delivery, what);
        return read;
    }

    private async Task<List<JsonElement>> VetoHistoryAsync(Guid application) =>
        (await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}/history")).OkAsync())
        .GetProperty("items").EnumerateArray().Where(c => c.Str("subject") == "veto").ToList();

    private static int[] Items(JsonElement read) => read.GetProperty("vetoes").EnumerateArray().Select(v => v.GetProperty("item").GetInt32()).ToArray();

    private Task ReversalKeptAsync(Guid complaintId, int sources) => Eventually.HoldsAsync(async () =>
        await fixture.ScalarAsync("select count(*) from finding_reversals where complaint_id = $1", complaintId) == sources, Delivery, "the reversal is kept");

    [Fact]
    public async Task A_reversed_substantiation_lifts_the_item_7_veto_before_the_decision_and_the_result_is_recomputed()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.ScoredAsync(window, creation: 80m, panel: 10m, satisfaction: 10m);
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        var vetoed = await WhenAsync(application, r => r.Str("status") == "vetoed", "item 7 vetoes");
        Assert.Equal((100m, 0), (vetoed.Dec("total")!.Value, vetoed.Int("stars")!.Value));

        await fixture.PublishAsync(Reversal(complaint));

        var lifted = await WhenAsync(application, r => r.GetProperty("vetoes").GetArrayLength() == 0, "the veto is lifted");
        Assert.Equal(("scored", 100m, 5), (lifted.Str("status"), lifted.Dec("total")!.Value, lifted.Int("stars")!.Value));
        var history = await VetoHistoryAsync(application);
        Assert.Equal(2, history.Count);
        var lift = history[1];
        Assert.Equal((7, "complaint", true, false),
            (lift.Int("itemNumber")!.Value, lift.Str("actorRole"), lift.GetProperty("oldVetoFailed").GetBoolean(), lift.GetProperty("newVetoFailed").GetBoolean()));
        Assert.Contains(complaint.CaseNumber, lift.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("复核认定投诉不属实", lift.Str("reason"), StringComparison.Ordinal);

        // The finding is kept for the record; the application goes on to a five-star result.
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = $1", complaint.ComplaintId));
        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).OkAsync();
        var decided = await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true })).OkAsync();
        Assert.Equal(("approved", 5), (decided.Str("status"), decided.Int("stars")!.Value));
    }

    [Fact]
    public async Task Reversing_only_the_violation_lifts_its_item_17_and_keeps_item_7()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.UnderReviewAsync(window);
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        await fixture.PublishAsync(Violation(complaint));
        await WhenAsync(application, r => r.GetProperty("vetoes").GetArrayLength() == 2, "items 7 and 17 veto");

        await fixture.PublishAsync(Reversal(complaint, substantiation: false, violation: true));

        var read = await WhenAsync(application, r => r.GetProperty("vetoes").GetArrayLength() == 1, "the violation's vetoes are lifted");
        Assert.Equal([7], Items(read));
        Assert.Equal("vetoed", read.Str("status"));
        var lifts = (await VetoHistoryAsync(application)).Where(c => c.GetProperty("newVetoFailed").GetBoolean() == false).ToList();
        Assert.Equal([17], lifts.Select(c => c.Int("itemNumber")!.Value).Order());
        Assert.All(lifts, c => Assert.Equal("violation", c.Str("actorRole")));
    }

    [Fact]
    public async Task A_redelivered_or_resent_reversal_has_no_second_effect()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.UnderReviewAsync(window);
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        await WhenAsync(application, r => r.Str("status") == "vetoed", "item 7 vetoes");
        var reversal = Reversal(complaint);
        var messageId = Guid.NewGuid();
        await fixture.PublishAsync(reversal, messageId);
        await WhenAsync(application, r => r.Str("status") == "under-review", "the veto is lifted");

        // Redelivered (same message id) and re-sent (a new message id, the same reversal).
        var resentId = Guid.NewGuid();
        await fixture.PublishAsync(reversal, messageId);
        await fixture.PublishAsync(reversal, resentId);
        await fixture.Logs.SkippedAsync(messageId, Delivery);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from inbox_state where message_id = $1", resentId) == 1, Delivery, "the re-sent reversal is consumed");
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from finding_reversals where complaint_id = $1", complaint.ComplaintId));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from inbox_state where message_id = $1", messageId));
        var history = await VetoHistoryAsync(application);
        Assert.Equal([true, false], history.Select(c => c.GetProperty("newVetoFailed").GetBoolean()));
        Assert.Equal("under-review", (await ReadAsync(application)).Str("status"));
    }

    [Fact]
    public async Task A_reversal_after_approval_leaves_the_approved_result_as_it_is()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.ScoredAsync(window, creation: 80m, panel: 10m, satisfaction: 10m);
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(complaint);
        await WhenAsync(application, r => r.Str("status") == "vetoed", "item 7 vetoes");
        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).OkAsync();
        await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true })).OkAsync();
        var changes = await fixture.ScalarAsync("select count(*) from score_changes where application_id = $1", application);

        await fixture.PublishAsync(Reversal(complaint));
        await ReversalKeptAsync(complaint.ComplaintId, 1);

        var read = await ReadAsync(application);
        Assert.Equal(("approved", 0), (read.Str("status"), read.Int("stars")!.Value));
        Assert.Equal([7], Items(read));
        Assert.Equal(complaint.CaseNumber, read.GetProperty("vetoes")[0].Str("caseNumber"));
        Assert.Equal(changes, await fixture.ScalarAsync("select count(*) from score_changes where application_id = $1", application));
    }

    [Fact]
    public async Task A_reversal_that_arrives_before_its_finding_leaves_no_veto_now_or_at_filing()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.UnderReviewAsync(window);
        var later = await fixture.UnitAsync();
        var complaint = Complaint(window.Id);
        var laterComplaint = Complaint(later.Id);
        await fixture.PublishAsync(Reversal(complaint, substantiation: true, violation: true));
        await fixture.PublishAsync(Reversal(laterComplaint));
        await ReversalKeptAsync(complaint.ComplaintId, 2);
        await ReversalKeptAsync(laterComplaint.ComplaintId, 1);

        await fixture.PublishAsync(complaint);
        await fixture.PublishAsync(Violation(complaint));
        await fixture.PublishAsync(laterComplaint);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = any($1)",
            new[] { complaint.ComplaintId, laterComplaint.ComplaintId }) == 3, Delivery, "the findings are kept");

        var read = await ReadAsync(application);
        Assert.Equal(("under-review", 0), (read.Str("status"), read.GetProperty("vetoes").GetArrayLength()));
        Assert.Empty(await VetoHistoryAsync(application));

        // A unit that applies after both arrived is not vetoed either.
        var filed = await (await fixture.Applicant(later.Id).PostAsJsonAsync($"/api/scoring/cycles/{fixture.CycleId}/applications", new { unitId = later.Id })).CreatedAsync();
        Assert.Equal(("applied", 0), (filed.Str("status"), filed.GetProperty("vetoes").GetArrayLength()));
    }

    [Fact]
    public async Task Findings_and_their_reversals_arriving_together_leave_no_veto()
    {
        var windows = new List<(Guid Application, ComplaintSubstantiated Complaint)>();
        for (var i = 0; i < 20; i++)
        {
            var window = await fixture.UnitAsync();
            windows.Add((await _steps.FiledAsync(window), Complaint(window.Id)));
        }

        await Task.WhenAll(windows.SelectMany(w => new[] { fixture.PublishAsync(Reversal(w.Complaint)), fixture.PublishAsync(w.Complaint) }));
        var complaints = windows.Select(w => w.Complaint.ComplaintId).ToArray();
        await Eventually.HoldsAsync(async () =>
            await fixture.ScalarAsync("select count(*) from unit_findings where complaint_id = any($1)", complaints) == 20
            && await fixture.ScalarAsync("select count(*) from finding_reversals where complaint_id = any($1)", complaints) == 20,
            Delivery, "every finding and reversal is kept");

        var vetoed = new List<Guid>();
        foreach (var (application, _) in windows)
        {
            var read = await ReadAsync(application);
            if (read.GetProperty("vetoes").GetArrayLength() > 0 || read.Str("status") != "applied")
            {
                vetoed.Add(application);
            }
        }

        Assert.Empty(vetoed);
    }

    [Fact]
    public async Task A_re_review_that_names_another_offence_moves_the_veto_to_that_offences_item()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.UnderReviewAsync(window);
        var complaint = Complaint(window.Id);
        await fixture.PublishAsync(Violation(complaint, Offence.HallConduct));
        await WhenAsync(application, r => Items(r).SequenceEqual([19]), "item 19 vetoes");

        // The re-review: hall conduct reversed, computer misuse confirmed, for the same case, in either order.
        await fixture.PublishAsync(Violation(complaint, Offence.ComputerMisuse));
        await fixture.PublishAsync(Reversal(complaint, substantiation: false, violation: true, Offence.HallConduct));

        var read = await WhenAsync(application, r => Items(r).SequenceEqual([20]), "only item 20 vetoes");
        Assert.Equal("vetoed", read.Str("status"));
    }
}
