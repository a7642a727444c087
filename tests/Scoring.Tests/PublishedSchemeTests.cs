using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// Scoring computes with the star scheme the catalog published and the cycle pinned: a scheme
/// published with other thresholds gives a cycle opened after it other stars for the same scores,
/// and leaves the cycles opened before it as they were.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class PublishedSchemeTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    [Fact]
    public async Task A_scheme_published_with_other_thresholds_changes_the_stars_of_the_cycles_that_pin_it()
    {
        // The same scores in the current cycle (the seed's scheme): 77 + 9.5 + 9.5 = 96 → five stars.
        var (seeded, _) = await _steps.ScoredAsync(await fixture.UnitAsync(), creation: 77m, panel: 9.5m, satisfaction: 9.5m);
        var seededRead = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{seeded}")).OkAsync();
        Assert.Equal((96m, 5), (seededRead.Dec("total")!.Value, seededRead.Int("stars")!.Value));

        // The catalog publishes a stricter scheme; Scoring keeps it and a cycle opened now pins it.
        var code = $"strict-{Guid.NewGuid():N}"[..20];
        await fixture.PublishAsync(new StarSchemePublished(code, 1, 80, 10, 10,
            [new(5, 97), new(4, 93), new(3, 88)], true, DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from star_schemes where code = $1", code) == 1,
            Delivery, "the published scheme is kept");
        var year = fixture.Year + 50;
        var cycle = await (await fixture.Secretary().PostAsJsonAsync("/api/scoring/cycles", new { year })).CreatedAsync();
        Assert.Equal(code, cycle.GetProperty("scheme").Str("code"));

        // Filed while open (its window lies in another year, so the row is written as filing would).
        var window = await fixture.UnitAsync();
        var application = Guid.CreateVersion7();
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
            db.Applications.Add(new Application
            {
                Id = application, CycleId = cycle.Id(), CycleYear = year, UnitId = window.Id, UnitKind = UnitKind.Window, UnitName = window.Name,
                UnitLevel = window.Level, UnitDivisionCode = window.DivisionCode, CriteriaCode = Seed.Window.Code, CriteriaVersion = Seed.Window.Version,
                FiledAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var evaluators = new[] { await _steps.PanelMemberAsync(), await _steps.PanelMemberAsync() };
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/evaluators", new { evaluatorIds = evaluators })).OkAsync();
        foreach (var evaluator in evaluators)
        {
            await (await fixture.As("evaluator", evaluator).PutSheetAsync(application, evaluator,
                Api.Sheet(ScoreRulesTests.Sheet(Seed.Window, 77m, 9.5m).Items, 9.5m))).OkAsync();
        }

        var read = await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9.5m })).OkAsync();

        Assert.Equal((96m, 4), (read.Dec("total")!.Value, read.Int("stars")!.Value));
        // The cycle opened before keeps the scheme it pinned.
        var again = await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/cycles/{fixture.CycleId}/results", new { })).OkAsync();
        Assert.True(again.GetProperty("recomputed").GetInt32() >= 1);
        Assert.Equal(5, (await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{seeded}")).OkAsync()).Int("stars"));

        // Later cycles of other tests score with the seed's numbers again: the catalog republishes them as the latest.
        var seed = Seed.Scheme();
        var republished = 1000 + Random.Shared.Next(1000);
        await fixture.PublishAsync(new StarSchemePublished(seed.Code, republished, seed.Creation, seed.Satisfaction, seed.Panel,
            seed.Thresholds.Select(t => new PublishedStarThreshold(t.Stars, t.MinTotal)).ToList(), seed.VetoCancelsStars, DateTimeOffset.UtcNow.AddSeconds(1)));
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from star_schemes where code = $1 and version = $2", seed.Code, republished) == 1, Delivery, "the seed's numbers are the latest again");
    }
}
