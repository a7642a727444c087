using System.Net;
using System.Net.Http.Headers;

namespace StarPlatform.Awards.Tests;

/// <summary>The public registry the portal reads: filters, paging, history, statistics, ETags.</summary>
[Collection(AwardsCollection.Name)]
public class RegistryApiTests(AwardsFixture awards)
{
    [Fact]
    public async Task The_registry_filters_by_stars_active_level_and_division_with_the_units_from_the_registry_copy()
    {
        var year = AwardsFixture.NewCycleYear();
        var division = AwardsFixture.DivisionCode();
        var county = await awards.UnitAsync("center", "county", division);
        var window = await awards.UnitAsync("window", "county", division);
        var city = await awards.UnitAsync("center", "city", division);
        var countyAward = await awards.AwardAsync(county, year, 5);
        var windowAward = await awards.AwardAsync(window, year, 4);
        var cityAward = await awards.AwardAsync(city, year, 5);
        await awards.PublishAsync(AwardsFixture.Approval(city, year + 2, 0));
        await awards.EventAsync<StarPlatform.Contracts.StarSuperseded>(e => e.AwardId == cityAward);

        var client = awards.Anonymous();
        var all = await client.GetJsonAsync($"/api/awards?divisionCode={division}");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var fiveStars = await client.GetJsonAsync($"/api/awards?divisionCode={division}&stars=5");
        Assert.Equal([countyAward, cityAward], fiveStars.Items().Select(i => i.GetProperty("id").GetGuid()).Order());
        var held = await client.GetJsonAsync($"/api/awards?divisionCode={division}&active=true");
        Assert.Equal([countyAward, windowAward], held.Items().Select(i => i.GetProperty("id").GetGuid()).Order());
        var cityLevel = await client.GetJsonAsync($"/api/awards?divisionCode={division}&level=city");
        var only = Assert.Single(cityLevel.Items());
        Assert.Equal(cityAward, only.GetProperty("id").GetGuid());
        Assert.Equal("superseded", only.Str("status"));
        var prefix = await client.GetJsonAsync($"/api/awards?divisionCode={division[..4]}&active=true&level=county&stars=4");
        var windowItem = Assert.Single(prefix.Items(), i => i.GetProperty("id").GetGuid() == windowAward);
        Assert.Equal("window", windowItem.Str("unitKind"));
        Assert.Equal(division, windowItem.Str("divisionCode"));

        var paged = await client.GetJsonAsync($"/api/awards?divisionCode={division}&page=2&pageSize=2");
        Assert.Equal(3, paged.GetProperty("total").GetInt32());
        Assert.Single(paged.Items());
    }

    [Theory]
    [InlineData("stars=2")]
    [InlineData("page=0")]
    [InlineData("pageSize=201")]
    public async Task A_bad_query_is_400_with_the_field(string query)
    {
        var problem = await (await awards.Anonymous().GetAsync($"/api/awards?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(query.Split('=')[0], out _));
    }

    [Fact]
    public async Task Public_reads_carry_an_ETag_and_answer_304_until_the_award_changes()
    {
        var unit = await awards.UnitAsync();
        var year = AwardsFixture.NewCycleYear();
        var awardId = await awards.AwardAsync(unit, year, 4);
        var client = awards.Anonymous();
        foreach (var path in new[] { $"/api/awards/{awardId}", $"/api/awards?unitId={unit}", $"/api/awards/units/{unit}/history",
                     $"/api/awards/statistics?cycleYear={year}" })
        {
            var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("public, no-cache", first.Headers.CacheControl?.ToString());
            var etag = first.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"{path} has no ETag");
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }

        var before = (await client.GetAsync($"/api/awards/{awardId}")).Headers.ETag!;
        await awards.PublishAsync(AwardsFixture.Approval(unit, year + 2, 0));
        await awards.EventAsync<StarPlatform.Contracts.StarSuperseded>(e => e.AwardId == awardId);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/awards/{awardId}");
        stale.Headers.IfNoneMatch.Add(before);
        var changed = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(before, changed.Headers.ETag);
    }

    [Fact]
    public async Task Statistics_count_awards_per_star_level_per_cycle_by_what_became_of_them()
    {
        var year = AwardsFixture.NewCycleYear();
        var a = await awards.UnitAsync();
        var b = await awards.UnitAsync();
        var c = await awards.UnitAsync();
        await awards.AwardAsync(a, year, 5);
        await awards.AwardAsync(b, year, 5);
        var cAward = await awards.AwardAsync(c, year, 3);
        await awards.PublishAsync(AwardsFixture.Approval(c, year + 2, 4));
        await awards.EventAsync<StarPlatform.Contracts.StarSuperseded>(e => e.AwardId == cAward);

        var stats = await awards.Anonymous().GetJsonAsync($"/api/awards/statistics?cycleYear={year}");
        var cycle = Assert.Single(stats.GetProperty("cycles").EnumerateArray());
        Assert.Equal(year, cycle.GetProperty("cycleYear").GetInt32());
        var levels = cycle.GetProperty("levels").EnumerateArray().ToDictionary(l => l.GetProperty("stars").GetInt32());
        Assert.Equal([5, 4, 3], levels.Keys);
        Assert.Equal(2, levels[5].GetProperty("granted").GetInt32());
        Assert.Equal(2, levels[5].GetProperty("active").GetInt32());
        Assert.Equal(200_000m, levels[5].GetProperty("funding").GetDecimal());
        Assert.Equal(0, levels[4].GetProperty("granted").GetInt32());
        Assert.Equal(1, levels[3].GetProperty("granted").GetInt32());
        Assert.Equal(1, levels[3].GetProperty("superseded").GetInt32());

        var next = await awards.Anonymous().GetJsonAsync($"/api/awards/statistics?cycleYear={year + 2}");
        Assert.Equal(1, Assert.Single(next.GetProperty("cycles").EnumerateArray()).GetProperty("levels").EnumerateArray()
            .Single(l => l.GetProperty("stars").GetInt32() == 4).GetProperty("active").GetInt32());
    }

    [Fact]
    public async Task A_substantiated_complaint_shows_on_the_award_whose_term_it_happened_in_only()
    {
        var year = AwardsFixture.NewCycleYear();
        var unit = await awards.UnitAsync();
        var old = await awards.AwardAsync(unit, year, 4, approvedAt: DateTimeOffset.UtcNow.AddDays(-100));
        var current = AwardsFixture.Approval(unit, year + 2, 5, approvedAt: DateTimeOffset.UtcNow.AddDays(-10));
        await awards.PublishAsync(current);
        await awards.EventAsync<StarPlatform.Contracts.StarSuperseded>(e => e.AwardId == old);
        var currentId = (await awards.AwardIdOfAsync(current.ApplicationId))!.Value;

        var duringOld = AwardsFixture.Substantiation(unit, occurredAt: DateTimeOffset.UtcNow.AddDays(-50));
        var duringCurrent = AwardsFixture.Substantiation(unit, occurredAt: DateTimeOffset.UtcNow.AddDays(-2));
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await awards.PublishAsync(duringOld, ids[0]);
        await awards.PublishAsync(duringCurrent, ids[1]);
        await awards.ConsumedAsync(ids[0]);
        await awards.ConsumedAsync(ids[1]);

        var oldAward = await awards.Anonymous().GetJsonAsync($"/api/awards/{old}");
        Assert.Equal([duringOld.CaseNumber], oldAward.GetProperty("substantiatedComplaints").EnumerateArray().Select(c => c.Str("caseNumber")));
        var currentAward = await awards.Anonymous().GetJsonAsync($"/api/awards/{currentId}");
        Assert.Equal([duringCurrent.CaseNumber], currentAward.GetProperty("substantiatedComplaints").EnumerateArray().Select(c => c.Str("caseNumber")));
        Assert.Equal("active", currentAward.Str("status"));
        var listed = await awards.Anonymous().GetJsonAsync($"/api/awards?unitId={unit}&active=true");
        Assert.Equal(1, Assert.Single(listed.Items()).GetProperty("substantiatedComplaints").GetInt32());
    }
}
