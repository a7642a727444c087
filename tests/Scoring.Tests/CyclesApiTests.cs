using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace StarPlatform.Scoring.Tests;

/// <summary>Opening cycles: one per year, every two years, the window inside the year; reading them; moving them on.</summary>
[Collection(ScoringCollection.Name)]
public sealed class CyclesApiTests(ScoringFixture fixture)
{
    [Fact]
    public async Task The_current_cycle_pins_the_seed_criteria_and_is_public()
    {
        var cycle = await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{fixture.CycleId}")).OkAsync();
        Assert.Equal(fixture.Year, cycle.GetProperty("year").GetInt32());
        Assert.Equal("open", cycle.Str("status"));
        var pinned = cycle.GetProperty("criteria").EnumerateArray().Select(c => (c.Str("unitKind"), c.Str("code"), c.GetProperty("version").GetInt32())).ToList();
        Assert.Equal([("center", "meishan-2012-center", 1), ("window", "meishan-2012-window", 1)], pinned);

        var list = await (await fixture.Anonymous().GetAsync("/api/scoring/cycles")).OkAsync();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.Id() == fixture.CycleId);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_cycle_defaults_to_the_first_ten_days_of_December_and_refuses_the_same_year_twice_or_a_year_too_close()
    {
        var secretary = fixture.Secretary();
        var year = fixture.Year + 10;
        var cycle = await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year })).CreatedAsync();
        Assert.Equal($"{year}-12-01", cycle.Str("applicationOpensOn"));
        Assert.Equal($"{year}-12-10", cycle.Str("applicationClosesOn"));

        var before = await fixture.WrittenAsync();
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year })).ProblemAsync(HttpStatusCode.Conflict);
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = fixture.Year })).ProblemAsync(HttpStatusCode.Conflict);
        // Every two years: a year next to a cycle's is refused.
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = year + 1 })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = fixture.Year - 1 })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        // The window lies in the cycle's year, opens before it closes; the year is required.
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = year + 4, applicationOpensOn = $"{year + 3}-12-01", applicationClosesOn = $"{year + 4}-01-10" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = year + 4, applicationOpensOn = $"{year + 4}-12-10", applicationClosesOn = $"{year + 4}-12-01" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = year + 4, applicationOpensOn = $"{year + 4}-12-10" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await fixture.WrittenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.As("evaluator").PostAsJsonAsync("/api/scoring/cycles", new { year = year + 6 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous().PostAsJsonAsync("/api/scoring/cycles", new { year = year + 6 })).StatusCode);
    }

    [Fact]
    public async Task A_cycle_moves_from_open_to_evaluating_to_closed_and_not_out_of_turn()
    {
        var secretary = fixture.Secretary();
        var year = fixture.Year + 20;
        var id = (await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year })).CreatedAsync()).Id();

        await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "closed" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("evaluating", (await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "evaluating" })).OkAsync()).Str("status"));
        await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "evaluating" })).ProblemAsync(HttpStatusCode.Conflict);

        // An evaluating cycle takes no applications (409, before the window is even looked at).
        var window = await fixture.UnitAsync();
        await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/applications", new { unitId = window.Id })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("closed", (await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "closed" })).OkAsync()).Str("status"));
        await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "open" })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cycle_with_undecided_applications_cannot_close()
    {
        var secretary = fixture.Secretary();
        var year = fixture.Year + 30;
        var id = (await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year })).CreatedAsync()).Id();
        await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "evaluating" })).OkAsync();
        // Filed while the cycle was open (its window is in another year, so the row is written straight).
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StarPlatform.Scoring.Data.ScoringDbContext>();
            db.Applications.Add(new StarPlatform.Scoring.Model.Application
            {
                Id = Guid.NewGuid(), CycleId = id, CycleYear = year, UnitId = Guid.NewGuid(), UnitKind = UnitKind.Window, UnitName = "窗口",
                UnitLevel = UnitLevel.County, CriteriaCode = "meishan-2012-window", CriteriaVersion = 1, FiledAt = DateTimeOffset.UtcNow,
                Stage = StarPlatform.Scoring.Model.EvaluationStage.UnderReview, Status = "under-review",
            });
            await db.SaveChangesAsync();
        }

        var refused = await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{id}/status", new { status = "closed" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("1 份申报", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("evaluating", (await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{id}")).OkAsync()).Str("status"));
    }
}
