using System.Net.Http.Json;
using System.Net;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.Tests;

/// <summary>
/// 凡取得星级荣誉期间出现违法、违纪行为，一经查实，取消星级资格: the revocation's lifecycle, from a
/// confirmed violation to the city government's decision, taken at once.
/// </summary>
[Collection(AwardsCollection.Name)]
public class RevocationTests(AwardsFixture awards)
{
    [Fact]
    public async Task A_confirmed_revocation_revokes_the_award_marks_its_funding_for_recovery_and_is_published()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        var violation = AwardsFixture.Violation(unit);
        await awards.PublishAsync(violation);
        var pending = await PendingAsync(awardId);
        Assert.Equal(violation.ComplaintId, pending.GetProperty("complaintId").GetGuid());
        Assert.Equal(violation.CaseNumber, pending.Str("caseNumber"));
        Assert.Equal("integrity", pending.Str("offence"));
        Assert.Equal("discipline", pending.Str("category"));
        Assert.Equal("pending", pending.Str("status"));
        // Still held while the city government decides.
        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));

        var approverId = Guid.NewGuid();
        var approver = awards.As("approver", approverId);
        var decision = await approver.DecideAsync(awardId, confirmed: true, comment: "经市纪委查实，予以取消");
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        // Decided at once: the answer is the decided revocation, and the award is revoked before it.
        Assert.Equal("confirmed", (await decision.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).Str("status"));
        Assert.Equal("revoked", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));

        var revoked = await awards.EventAsync<StarRevoked>(e => e.AwardId == awardId);
        Assert.Equal(violation.CaseNumber, revoked.CaseNumber);
        Assert.Equal(violation.ComplaintId, revoked.ComplaintId);
        Assert.Equal(100_000m, revoked.FundingToRecover);
        Assert.Equal(approverId.ToString(), revoked.RevokedBy);

        var award = await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}");
        Assert.Equal("revoked", award.Str("status"));
        Assert.Equal("to-recover", award.Str("fundingStatus"));
        Assert.Equal(violation.CaseNumber, award.Str("revocationCaseNumber"));
        Assert.Contains(violation.CaseNumber, award.Str("revocationReason"), StringComparison.Ordinal);
        Assert.Contains("经市纪委查实，予以取消", award.Str("revocationReason"), StringComparison.Ordinal);
        Assert.Equal(revoked.RevokedAt, award.GetProperty("revokedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        var listed = await awards.Anonymous().GetJsonAsync($"/api/awards?unitId={unit}");
        Assert.Equal("revoked", Assert.Single(listed.Items()).Str("status"));
        var confirmed = await approver.GetJsonAsync($"/api/awards/revocations?status=confirmed&awardId={awardId}");
        Assert.Equal(approverId.ToString(), Assert.Single(confirmed.Items()).Str("decidedBy"));
    }

    [Fact]
    public async Task A_rejected_revocation_leaves_the_award_held()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 4);
        await awards.PublishAsync(AwardsFixture.Violation(unit));
        await PendingAsync(awardId);

        var approver = awards.As("approver");
        Assert.Equal(HttpStatusCode.OK, (await approver.DecideAsync(awardId, confirmed: false, comment: "证据不足")).StatusCode);
        Assert.Equal(1, (await approver.GetJsonAsync($"/api/awards/revocations?status=rejected&awardId={awardId}")).GetProperty("total").GetInt32());

        var award = await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}");
        Assert.Equal("active", award.Str("status"));
        Assert.Equal("granted", award.Str("fundingStatus"));
        Assert.DoesNotContain(awards.Published.OfType<StarRevoked>(), e => e.AwardId == awardId);
        // Decided: a second decision finds nothing pending.
        await (await approver.DecideAsync(awardId, confirmed: true)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_violation_for_a_unit_without_an_active_award_changes_nothing()
    {
        var unit = await awards.UnitAsync();
        var never = AwardsFixture.Violation(unit);
        var messageId = Guid.NewGuid();
        await awards.PublishAsync(never, messageId);
        await awards.ConsumedAsync(messageId);

        // And one whose award has already ended (superseded by a no-star result).
        var year = AwardsFixture.NewCycleYear();
        var other = await awards.UnitAsync();
        var ended = await awards.AwardAsync(other, year, 5);
        await awards.PublishAsync(AwardsFixture.Approval(other, year + 2, 0));
        await awards.EventAsync<StarSuperseded>(e => e.AwardId == ended);
        var late = AwardsFixture.Violation(other);
        var lateId = Guid.NewGuid();
        await awards.PublishAsync(late, lateId);
        await awards.ConsumedAsync(lateId);

        Assert.Equal(0, await awards.ScalarAsync("select count(*) from revocations where complaint_id = any($1)",
            new[] { never.ComplaintId, late.ComplaintId }));
        Assert.Equal("superseded", (await awards.Anonymous().GetJsonAsync($"/api/awards/{ended}")).Str("status"));
        await (await awards.As("approver").DecideAsync(ended, confirmed: true)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_decision_without_a_pending_revocation_is_409_and_an_unknown_award_404()
    {
        var awardId = await awards.AwardAsync(await awards.UnitAsync(), AwardsFixture.NewCycleYear(), 3);
        var approver = awards.As("approver");
        var before = await OutboxSequenceAsync();

        var conflict = await (await approver.DecideAsync(awardId, confirmed: true)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("没有待决定的撤星。", conflict.Str("title"));
        await (await approver.DecideAsync(Guid.NewGuid(), confirmed: true)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));
        Assert.Equal(before, await OutboxSequenceAsync()); // nothing was announced
        Assert.Equal(0, await awards.ScalarAsync("select count(*) from revocations where award_id = $1", awardId));
    }

    [Fact]
    public async Task A_decision_needs_the_approver_and_says_whether_it_confirms()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        await awards.PublishAsync(AwardsFixture.Violation(unit));
        await PendingAsync(awardId);

        await (await awards.Anonymous().DecideAsync(awardId, confirmed: true)).ProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var role in new[] { "operator", "discipline", "investigator", "applicant", "evaluator", "secretary", "admin" })
        {
            await (await awards.As(role).DecideAsync(awardId, confirmed: true)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await awards.As(role).GetAsync("/api/awards/revocations?status=pending")).ProblemAsync(HttpStatusCode.Forbidden);
        }

        var invalid = await (await awards.As("approver").DecideAsync(awardId, confirmed: null)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("confirmed", out _));
        await (await awards.As("approver").GetAsync("/api/awards/revocations?status=maybe")).ProblemAsync(HttpStatusCode.BadRequest);

        // None of it touched the revocation or the award.
        Assert.Equal("pending", (await PendingAsync(awardId)).Str("status"));
        Assert.Equal(JsonNull, (await PendingAsync(awardId)).GetProperty("decidedAt").ValueKind);
        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));
    }

    [Fact]
    public async Task Of_two_decisions_at_once_one_is_taken_and_the_other_is_409()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        await awards.PublishAsync(AwardsFixture.Violation(unit));
        await PendingAsync(awardId);

        var responses = await Task.WhenAll(
            awards.As("approver").DecideAsync(awardId, confirmed: true),
            awards.As("approver").DecideAsync(awardId, confirmed: false));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from revocations where award_id = $1 and status <> 'pending'", awardId));
    }

    [Fact]
    public async Task A_confirmation_after_the_award_ended_another_way_lapses()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, year, 5);
        await awards.PublishAsync(AwardsFixture.Violation(unit));
        await PendingAsync(awardId);
        await awards.PublishAsync(AwardsFixture.Approval(unit, year + 2, 3));
        await awards.EventAsync<StarSuperseded>(e => e.AwardId == awardId);

        var approver = awards.As("approver");
        Assert.Equal(HttpStatusCode.OK, (await approver.DecideAsync(awardId, confirmed: true)).StatusCode);
        Assert.Equal(1, (await approver.GetJsonAsync($"/api/awards/revocations?status=lapsed&awardId={awardId}")).GetProperty("total").GetInt32());
        Assert.Equal("superseded", (await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}")).Str("status"));
    }

    private Task<long> OutboxSequenceAsync() => awards.OutboxSequenceAsync();

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private async Task<System.Text.Json.JsonElement> PendingAsync(Guid awardId)
    {
        System.Text.Json.JsonElement? found = null;
        var approver = awards.As("approver");
        await Eventually(async () =>
        {
            var page = await approver.GetJsonAsync($"/api/awards/revocations?status=pending&awardId={awardId}");
            found = page.Items().FirstOrDefault();
            return found is { ValueKind: System.Text.Json.JsonValueKind.Object };
        }, $"a pending revocation of {awardId}");
        return found!.Value;
    }

    private static Task Eventually(Func<Task<bool>> condition, string what) =>
        Testing.Eventually.HoldsAsync(condition, AwardsFixture.Delivery, what);
}
