using System.Net;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.Tests;

/// <summary>
/// A re-review on appeal (复核) that reverses a finding: a pending revocation is withdrawn, a decided one
/// records it, a substantiated complaint is shown as reversed and no longer counted — in either order
/// of arrival.
/// </summary>
[Collection(AwardsCollection.Name)]
public class ReversalTests(AwardsFixture awards)
{
    [Fact]
    public async Task A_reversed_violation_withdraws_its_pending_revocation_and_the_star_stays()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        var violation = AwardsFixture.Violation(unit);
        await awards.PublishAsync(violation);
        await StatusAsync(awardId, "pending");

        var reversal = Reversal(violation.ComplaintId, violation.CaseNumber, unit, substantiation: false, violation: true);
        await awards.PublishAsync(reversal);
        var withdrawn = await StatusAsync(awardId, "withdrawn");
        Assert.Equal(reversal.ReversedAt, withdrawn.GetProperty("violationReversedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(reversal.Summary, withdrawn.Str("reversalSummary"));

        // Nothing is left to decide, and the star is held.
        await (await awards.As("approver").DecideAsync(awardId, confirmed: true)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));
        Assert.DoesNotContain(awards.Published.OfType<StarRevoked>(), e => e.AwardId == awardId);

        // The same reversal again (another MessageId) changes nothing.
        var again = Guid.NewGuid();
        await awards.PublishAsync(reversal, again);
        await awards.ConsumedAsync(again);
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from finding_reversals where complaint_id = $1", violation.ComplaintId));
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from revocations where award_id = $1 and status = 'withdrawn'", awardId));
    }

    [Fact]
    public async Task A_reversal_after_the_star_was_revoked_is_recorded_on_the_revocation_and_restores_nothing()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 4);
        var violation = AwardsFixture.Violation(unit);
        await awards.PublishAsync(violation);
        await StatusAsync(awardId, "pending");
        Assert.Equal(HttpStatusCode.OK, (await awards.As("approver").DecideAsync(awardId, confirmed: true)).StatusCode);
        await awards.EventAsync<StarRevoked>(e => e.AwardId == awardId);

        var reversal = Reversal(violation.ComplaintId, violation.CaseNumber, unit, substantiation: false, violation: true);
        await awards.PublishAsync(reversal);
        await Eventually(async () => (await StatusOrNullAsync(awardId, "confirmed")) is { } r
            && r.GetProperty("violationReversedAt").ValueKind != System.Text.Json.JsonValueKind.Null, "the reversal recorded on the revocation");
        Assert.Equal("revoked", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));
    }

    [Fact]
    public async Task A_violation_arriving_after_its_reversal_opens_no_revocation()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        var violation = AwardsFixture.Violation(unit);
        var first = Guid.NewGuid();
        await awards.PublishAsync(Reversal(violation.ComplaintId, violation.CaseNumber, unit, substantiation: false, violation: true), first);
        await awards.ConsumedAsync(first);

        var late = Guid.NewGuid();
        await awards.PublishAsync(violation, late);
        await awards.ConsumedAsync(late);
        Assert.Equal(0, await awards.ScalarAsync("select count(*) from revocations where award_id = $1", awardId));
        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));
    }

    [Fact]
    public async Task A_reversed_substantiation_is_shown_reversed_on_its_award_and_no_longer_counted()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5, approvedAt: DateTimeOffset.UtcNow.AddDays(-30));
        var complaint = AwardsFixture.Substantiation(unit, occurredAt: DateTimeOffset.UtcNow.AddDays(-3));
        await awards.PublishAsync(complaint);
        await Eventually(async () => await CountedAsync(unit) == 1, "the substantiated complaint counted on the award");

        var reversal = Reversal(complaint.ComplaintId, complaint.CaseNumber, unit, substantiation: true, violation: false);
        await awards.PublishAsync(reversal);
        await Eventually(async () => await CountedAsync(unit) == 0, "the reversed complaint no longer counted");
        var shown = Assert.Single((await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).GetProperty("substantiatedComplaints").EnumerateArray());
        Assert.Equal(complaint.CaseNumber, shown.Str("caseNumber"));
        Assert.Equal(reversal.ReversedAt, shown.GetProperty("reversedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await awards.ScalarAsync("select count(*) from revocations where award_id = $1", awardId));
    }

    [Fact]
    public async Task A_substantiation_arriving_after_its_reversal_is_recorded_as_reversed()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 3, approvedAt: DateTimeOffset.UtcNow.AddDays(-30));
        var complaint = AwardsFixture.Substantiation(unit, occurredAt: DateTimeOffset.UtcNow.AddDays(-3));
        var first = Guid.NewGuid();
        await awards.PublishAsync(Reversal(complaint.ComplaintId, complaint.CaseNumber, unit, substantiation: true, violation: false), first);
        await awards.ConsumedAsync(first);

        var late = Guid.NewGuid();
        await awards.PublishAsync(complaint, late);
        await awards.ConsumedAsync(late);
        var shown = Assert.Single((await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).GetProperty("substantiatedComplaints").EnumerateArray());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, shown.GetProperty("reversedAt").ValueKind);
        Assert.Equal(0, await CountedAsync(unit));
    }

    private static ComplaintFindingReversed Reversal(
        Guid complaintId, string caseNumber, Guid unit, bool substantiation, bool violation, Offence? offence = Offence.Integrity) =>
        new(complaintId, caseNumber, unit, UnitKind.Center, "discipline", substantiation, violation, violation ? offence : null,
            DateTimeOffset.UtcNow, "复核认定：原认定事实不清，予以撤销");

    [Fact]
    public async Task A_re_review_naming_another_offence_withdraws_the_old_revocation_and_opens_one_for_the_new_offence()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        var first = AwardsFixture.Violation(unit, offence: Offence.HallConduct);
        await awards.PublishAsync(first);
        await StatusAsync(awardId, "pending");

        // The re-review: hall conduct reversed, computer misuse confirmed, for the same case.
        var reversal = Guid.NewGuid();
        await awards.PublishAsync(Reversal(first.ComplaintId, first.CaseNumber, unit, substantiation: false, violation: true, Offence.HallConduct), reversal);
        await awards.ConsumedAsync(reversal);
        var second = AwardsFixture.Violation(unit, offence: Offence.ComputerMisuse, complaintId: first.ComplaintId);
        var confirmed = Guid.NewGuid();
        await awards.PublishAsync(second, confirmed);
        await awards.ConsumedAsync(confirmed);

        Assert.Equal(1, await awards.ScalarAsync("select count(*) from revocations where complaint_id = $1 and offence = 'hall-conduct' and status = 'withdrawn'", first.ComplaintId));
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from revocations where complaint_id = $1 and offence = 'computer-misuse' and status = 'pending'", first.ComplaintId));
    }

    /// <summary>The substantiated complaints the public list counts on the unit's award.</summary>
    private async Task<int> CountedAsync(Guid unit) =>
        Assert.Single((await awards.Anonymous().GetJsonAsync($"/api/awards?unitId={unit}")).Items()).GetProperty("substantiatedComplaints").GetInt32();

    private async Task<System.Text.Json.JsonElement?> StatusOrNullAsync(Guid awardId, string status)
    {
        var page = await awards.As("approver").GetJsonAsync($"/api/awards/revocations?status={status}&awardId={awardId}");
        return page.Items().FirstOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.Object } found ? found : null;
    }

    private async Task<System.Text.Json.JsonElement> StatusAsync(Guid awardId, string status)
    {
        System.Text.Json.JsonElement? found = null;
        await Eventually(async () => (found = await StatusOrNullAsync(awardId, status)) is not null, $"a {status} revocation of {awardId}");
        return found!.Value;
    }

    private static Task Eventually(Func<Task<bool>> condition, string what) =>
        Testing.Eventually.HoldsAsync(condition, AwardsFixture.Delivery, what);
}
