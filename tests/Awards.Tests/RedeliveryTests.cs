using StarPlatform.Contracts;

namespace StarPlatform.Awards.Tests;

/// <summary>
/// Every event Awards consumes, delivered twice with the same MessageId, has one effect (the inbox);
/// the same fact again under a new MessageId has one effect too (the domain keys: application, case).
/// </summary>
[Collection(AwardsCollection.Name)]
public class RedeliveryTests(AwardsFixture awards)
{
    [Fact]
    public async Task EvaluationApproved_twice_grants_one_award_and_uses_one_plaque_number()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var approval = AwardsFixture.Approval(unit, year, 5);
        var messageId = Guid.NewGuid();
        var before = await awards.OutboxSequenceAsync();
        await awards.PublishAsync(approval, messageId);
        await awards.PublishAsync(approval, messageId);
        await awards.SkippedAsync(messageId);
        // The same approval again under another MessageId (a republish upstream).
        var again = Guid.NewGuid();
        await awards.PublishAsync(approval, again);
        await awards.ConsumedAsync(again);

        Assert.Equal(1, await awards.ScalarAsync("select count(*) from awards where application_id = $1", approval.ApplicationId));
        Assert.Equal(1, await awards.ScalarAsync("select last_number from plaque_counters where cycle_year = $1 and stars = 5", year));
        await awards.EventAsync<StarAwarded>(e => e.ApplicationId == approval.ApplicationId);
        // Three deliveries, one consume that announced anything: one outbox row (StarAwarded) in all.
        Assert.Equal(before + 1, await awards.OutboxSequenceAsync());
    }

    [Fact]
    public async Task A_superseding_EvaluationApproved_twice_supersedes_once()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var first = await awards.AwardAsync(unit, year, 4);
        var next = AwardsFixture.Approval(unit, year + 2, 0);
        var messageId = Guid.NewGuid();
        var before = await awards.OutboxSequenceAsync();
        await awards.PublishAsync(next, messageId);
        await awards.PublishAsync(next, messageId);
        await awards.SkippedAsync(messageId);

        await awards.EventAsync<StarSuperseded>(e => e.AwardId == first);
        // The skipped redelivery wrote nothing: one outbox row (StarSuperseded) in all.
        Assert.Equal(before + 1, await awards.OutboxSequenceAsync());
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from approved_results where application_id = $1", next.ApplicationId));
    }

    [Fact]
    public async Task ViolationConfirmed_twice_opens_one_revocation()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5);
        var violation = AwardsFixture.Violation(unit);
        var messageId = Guid.NewGuid();
        await awards.PublishAsync(violation, messageId);
        await awards.PublishAsync(violation, messageId);
        await awards.SkippedAsync(messageId);
        var again = Guid.NewGuid();
        await awards.PublishAsync(violation, again);
        await awards.ConsumedAsync(again);

        Assert.Equal(1, await awards.ScalarAsync("select count(*) from revocations where award_id = $1", awardId));
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from revocations where complaint_id = $1 and status = 'pending'",
            violation.ComplaintId));
    }

    [Fact]
    public async Task ComplaintSubstantiated_twice_is_recorded_once_and_revokes_nothing()
    {
        var unit = await awards.UnitAsync();
        var awardId = await awards.AwardAsync(unit, AwardsFixture.NewCycleYear(), 5, approvedAt: DateTimeOffset.UtcNow.AddDays(-30));
        var complaint = AwardsFixture.Substantiation(unit, occurredAt: DateTimeOffset.UtcNow.AddDays(-3));
        var messageId = Guid.NewGuid();
        await awards.PublishAsync(complaint, messageId);
        await awards.PublishAsync(complaint, messageId);
        await awards.SkippedAsync(messageId);
        var again = Guid.NewGuid();
        await awards.PublishAsync(complaint, again);
        await awards.ConsumedAsync(again);

        Assert.Equal(1, await awards.ScalarAsync("select count(*) from substantiated_complaints where complaint_id = $1", complaint.ComplaintId));
        var award = await awards.Anonymous().GetJsonAsync($"/api/awards/{awardId}");
        Assert.Equal("active", award.Str("status"));
        var shown = Assert.Single(award.GetProperty("substantiatedComplaints").EnumerateArray());
        Assert.Equal(complaint.CaseNumber, shown.Str("caseNumber"));
        Assert.Equal("attitude", shown.Str("category"));
        Assert.Equal(0, await awards.ScalarAsync("select count(*) from revocations where award_id = $1", awardId));
    }

    [Fact]
    public async Task A_registry_event_twice_leaves_one_unit_copy()
    {
        var center = new CenterRegistered(Guid.CreateVersion7(), $"测试县政务服务中心 {Guid.NewGuid():N}", UnitLevel.County, AwardsFixture.DivisionCode(),
            null, "眉山市", 6000m, DateTimeOffset.UtcNow);
        var messageId = Guid.NewGuid();
        await awards.PublishAsync(center, messageId);
        await awards.PublishAsync(center, messageId);
        await awards.SkippedAsync(messageId);
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from units where id = $1", center.CenterId));
    }
}
