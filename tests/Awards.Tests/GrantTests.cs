using System.Net;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.Tests;

/// <summary>Stars granted on an approved result: plaque numbers, funding, the event, the unit copy.</summary>
[Collection(AwardsCollection.Name)]
public class GrantTests(AwardsFixture awards)
{
    [Fact]
    public async Task An_approved_five_star_result_grants_an_award_with_the_next_plaque_number_and_the_default_funding()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync(level: "county", divisionCode: "511402");
        var approval = AwardsFixture.Approval(unit, year, 5);
        await awards.PublishAsync(approval);

        var awarded = await awards.EventAsync<StarAwarded>(e => e.ApplicationId == approval.ApplicationId);
        Assert.Equal(unit, awarded.UnitId);
        Assert.Equal($"MS-{year}-5S-0001", awarded.PlaqueNumber);
        Assert.Equal(100_000m, awarded.FundingAmount);
        Assert.Equal(approval.ApprovedAt, awarded.AwardedAt);
        Assert.Equal(approval.ApprovedAt.AddYears(2), awarded.ExpiresAt);

        var award = await awards.Anonymous().GetJsonAsync($"/api/awards/{awarded.AwardId}");
        Assert.Equal("active", award.Str("status"));
        Assert.Equal(5, award.GetProperty("stars").GetInt32());
        Assert.Equal(year, award.GetProperty("cycleYear").GetInt32());
        Assert.Equal(approval.CycleId, award.GetProperty("cycleId").GetGuid());
        Assert.Equal($"MS-{year}-5S-0001", award.Str("plaqueNumber"));
        Assert.Equal(100_000m, award.GetProperty("fundingAmount").GetDecimal());
        Assert.Equal("granted", award.Str("fundingStatus"));
        Assert.Equal("county", award.Str("unitLevel"));
        Assert.Equal("511402", award.Str("divisionCode"));
        Assert.StartsWith("测试center", award.Str("unitName"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_award_keeps_the_total_as_scoring_rounded_it_to_two_decimals()
    {
        var year = AwardsFixture.NewCycleYear();
        var approval = AwardsFixture.Approval(await awards.UnitAsync(), year, 5) with { Total = 98.06m };
        await awards.PublishAsync(approval);

        var awarded = await awards.EventAsync<StarAwarded>(e => e.ApplicationId == approval.ApplicationId);
        var award = await awards.Anonymous().GetJsonAsync($"/api/awards/{awarded.AwardId}");
        Assert.Equal(98.06m, award.GetProperty("total").GetDecimal());
        Assert.Equal(98.06m, await awards.ReadAsync(db => db.ApprovedResults.Where(r => r.ApplicationId == approval.ApplicationId).Select(r => r.Total).SingleAsync()));
    }

    [Fact]
    public async Task Plaque_numbers_count_per_cycle_year_and_star_level()
    {
        var year = AwardsFixture.NewCycleYear();
        var fiveA = await awards.AwardAsync(await awards.UnitAsync(), year, 5);
        var four = await awards.AwardAsync(await awards.UnitAsync(), year, 4);
        var fiveB = await awards.AwardAsync(await awards.UnitAsync(), year, 5);
        var three = await awards.AwardAsync(await awards.UnitAsync(), year, 3);

        var plaques = await awards.ReadAsync(db => db.Awards.Where(a => a.CycleYear == year)
            .ToDictionaryAsync(a => a.Id, a => a.PlaqueNumber));
        Assert.Equal($"MS-{year}-5S-0001", plaques[fiveA]);
        Assert.Equal($"MS-{year}-4S-0001", plaques[four]);
        Assert.Equal($"MS-{year}-5S-0002", plaques[fiveB]);
        Assert.Equal($"MS-{year}-3S-0001", plaques[three]);
    }

    [Fact]
    public async Task Funding_follows_the_table_configured_for_the_cycle()
    {
        var year = AwardsFixture.ConfiguredCycleYear;
        var five = await awards.AwardAsync(await awards.UnitAsync(), year, 5);
        var four = await awards.AwardAsync(await awards.UnitAsync(), year, 4);
        var three = await awards.AwardAsync(await awards.UnitAsync(), year, 3);

        var funding = await awards.ReadAsync(db => db.Awards.Where(a => a.CycleYear == year).ToDictionaryAsync(a => a.Id, a => a.FundingAmount));
        Assert.Equal(150_000m, funding[five]);
        Assert.Equal(80_000m, funding[four]);
        Assert.Equal(30_000m, funding[three]); // the cycle's table names no 3-star amount: the default's
    }

    [Fact]
    public async Task A_no_star_result_grants_nothing()
    {
        var unit = await awards.UnitAsync();
        var approval = AwardsFixture.Approval(unit, AwardsFixture.NewCycleYear(), 0);
        var messageId = Guid.NewGuid();
        await awards.PublishAsync(approval, messageId);
        await awards.ConsumedAsync(messageId);

        Assert.Equal(0, await awards.ScalarAsync("select count(*) from awards where unit_id = $1", unit));
        Assert.Equal(1, await awards.ScalarAsync("select count(*) from approved_results where application_id = $1", approval.ApplicationId));
        var history = await awards.Anonymous().GetJsonAsync($"/api/awards/units/{unit}/history");
        var entry = Assert.Single(history.Items());
        Assert.Equal(0, entry.GetProperty("stars").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("award").ValueKind);
    }

    [Fact]
    public async Task An_unknown_award_is_404_as_a_problem()
    {
        var response = await awards.Anonymous().GetAsync($"/api/awards/{Guid.NewGuid()}");
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}
