using StarPlatform.Contracts;

namespace StarPlatform.Awards.Tests;

/// <summary>Stars are not for life (动态管理): the next cycle's result supersedes them, and they expire after their term.</summary>
[Collection(AwardsCollection.Name)]
public class LifecycleTests(AwardsFixture awards)
{
    [Fact]
    public async Task The_next_cycles_approved_result_supersedes_the_held_award()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var first = await awards.AwardAsync(unit, year, 4);

        var next = AwardsFixture.Approval(unit, year + 2, 5);
        await awards.PublishAsync(next);
        var superseded = await awards.EventAsync<StarSuperseded>(e => e.AwardId == first);
        Assert.Equal(next.ApplicationId, superseded.SupersededByApplicationId);
        Assert.Equal(year + 2, superseded.SupersededByCycleYear);
        Assert.Equal(5, superseded.NewStars);
        var second = await awards.EventAsync<StarAwarded>(e => e.ApplicationId == next.ApplicationId);

        var old = await awards.Anonymous().GetJsonAsync($"/api/awards/{first}");
        Assert.Equal("superseded", old.Str("status"));
        Assert.Equal(next.ApprovedAt, old.GetProperty("endedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(next.ApplicationId, old.GetProperty("supersededByApplicationId").GetGuid());

        var held = await awards.Anonymous().GetJsonAsync($"/api/awards?unitId={unit}&active=true");
        Assert.Equal(second.AwardId, Assert.Single(held.Items()).GetProperty("id").GetGuid());

        var history = await awards.Anonymous().GetJsonAsync($"/api/awards/units/{unit}/history");
        Assert.Equal([year + 2, year], history.Items().Select(i => i.GetProperty("cycleYear").GetInt32()));
        Assert.Equal(["active", "superseded"], history.Items().Select(i => i.GetProperty("award").Str("status")));
    }

    [Fact]
    public async Task A_no_star_result_of_the_next_cycle_ends_the_held_award_too()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var first = await awards.AwardAsync(unit, year, 3);

        await awards.PublishAsync(AwardsFixture.Approval(unit, year + 2, 0));
        var superseded = await awards.EventAsync<StarSuperseded>(e => e.AwardId == first);
        Assert.Equal(0, superseded.NewStars);
        Assert.Equal(0, await awards.ScalarAsync("select count(*) from awards where unit_id = $1 and status = 'active'", unit));
        var held = await awards.Anonymous().GetJsonAsync($"/api/awards?unitId={unit}&active=true");
        Assert.Equal(0, held.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_older_cycles_result_arriving_late_neither_ends_the_newer_award_nor_becomes_the_held_one()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var newer = await awards.AwardAsync(unit, year + 2, 4);
        var older = await awards.AwardAsync(unit, year, 5);

        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{newer}")).Str("status"));
        Assert.Equal("superseded", (await awards.Anonymous().GetJsonAsync($"/api/awards/{older}")).Str("status"));
    }

    [Fact]
    public async Task An_award_expires_two_years_after_the_grant_when_nothing_superseded_it()
    {
        var year = AwardsFixture.NewCycleYear();
        var now = DateTimeOffset.UtcNow;
        var due = await awards.AwardAsync(await awards.UnitAsync(), year, 5, approvedAt: now.AddYears(-2).AddMinutes(-1));
        var notYet = await awards.AwardAsync(await awards.UnitAsync(), year, 4, approvedAt: now.AddYears(-2).AddMinutes(5));

        Assert.True(await awards.SweepAsync(now) >= 1);
        var expired = await awards.EventAsync<StarExpired>(e => e.AwardId == due);
        Assert.Equal(now.AddYears(-2).AddMinutes(-1).AddYears(2), expired.ExpiredAt, TimeSpan.FromMilliseconds(1));
        var award = await awards.Anonymous().GetJsonAsync($"/api/awards/{due}");
        Assert.Equal("expired", award.Str("status"));
        Assert.Equal("active", (await awards.Anonymous().GetJsonAsync($"/api/awards/{notYet}")).Str("status"));

        // The due time is stored with the award: a later sweep expires it once, and only once.
        Assert.Equal(0, await awards.ScalarAsync("select count(*) from awards where id = $1 and status = 'active'", due));
        Assert.Equal(1, await awards.SweepAsync(now.AddMinutes(10)));
        await awards.EventAsync<StarExpired>(e => e.AwardId == notYet);
        Assert.Equal("expired", (await awards.Anonymous().GetJsonAsync($"/api/awards/{notYet}")).Str("status"));
        var announced = await awards.OutboxSequenceAsync();
        Assert.Equal(0, await awards.SweepAsync(now.AddMinutes(20)));
        Assert.Equal(announced, await awards.OutboxSequenceAsync());
    }

    [Fact]
    public async Task A_superseded_award_does_not_expire_again()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var old = await awards.AwardAsync(unit, year, 5, approvedAt: DateTimeOffset.UtcNow.AddYears(-2).AddDays(-10));
        await awards.PublishAsync(AwardsFixture.Approval(unit, year + 2, 4, approvedAt: DateTimeOffset.UtcNow.AddYears(-2).AddDays(-1)));
        await awards.EventAsync<StarSuperseded>(e => e.AwardId == old);

        await awards.SweepAsync(DateTimeOffset.UtcNow);
        Assert.Equal("superseded", (await awards.Anonymous().GetJsonAsync($"/api/awards/{old}")).Str("status"));
    }
}
