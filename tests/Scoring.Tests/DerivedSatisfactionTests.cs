using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.RegistryReplica;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// 满意度测评 from 好差评 (decision 0019): Scoring's copies of the published mapping and of Ratings' unit-month
/// figures give an application its derived points with their provenance and window item 6's evidence (both rates
/// against 95 % / 98 %, met exactly at them); the secretary accepts them, or enters other points with a reason kept
/// in the history; the evaluator reads the evidence.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class DerivedSatisfactionTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    private static IReadOnlyList<PublishedLevelWeight> Weights(decimal fairly = 1) =>
    [
        new(RatingLevel.VerySatisfied, 1), new(RatingLevel.Satisfied, 1), new(RatingLevel.FairlySatisfied, fairly),
        new(RatingLevel.Dissatisfied, 0), new(RatingLevel.VeryDissatisfied, 0),
    ];

    /// <summary>The seed's mapping (as the catalog announces it), newest of all when published.</summary>
    private async Task<int> SeedMappingAsync()
    {
        var version = 1000 + Random.Shared.Next(100000);
        await MappingAsync(new SatisfactionMappingPublished("meishan-2012-satisfaction", version, 10, Weights(), SatisfactionMath.Linear, [],
            "meishan-2012-window", 6, 95, 98, await NewestAsync()));
        return version;
    }

    /// <summary>A publication instant after every mapping Scoring holds: the next one published is the newest.</summary>
    private async Task<DateTimeOffset> NewestAsync()
    {
        var latest = await fixture.ScalarAsync("select coalesce(max(extract(epoch from published_at) * 1000), 0)::bigint from satisfaction_mappings");
        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(latest, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) + 1000);
    }

    private async Task MappingAsync(SatisfactionMappingPublished mapping)
    {
        await fixture.PublishAsync(mapping);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from satisfaction_mappings where code = $1 and version = $2", mapping.Code, mapping.Version) == 1, Delivery, "the mapping is kept");
    }

    /// <summary>A window whose January of the cycle year 好差评 counted as given (good = 非常满意 + 满意 + 基本满意).</summary>
    private async Task<ReplicatedUnit> RatedWindowAsync(long served, long rated, long good, long bad)
    {
        var unit = await fixture.UnitAsync();
        var (very, fairly) = (good / 2, good - good / 2 - 1);
        var changed = new UnitMonthRatingsChanged(unit.Id, new DateOnly(fixture.Year, 1, 1), served, rated, very, 1, fairly, bad - bad / 2, bad / 2, DateTimeOffset.UtcNow);
        await fixture.PublishAsync(changed);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from unit_month_ratings where unit_id = $1 and tally = $2", unit.Id, changed.Tally) == 1, Delivery, "the figures are kept");
        return unit;
    }

    private async Task<JsonElement> DerivedAsync(Guid application, HttpClient? reader = null) =>
        await (await (reader ?? fixture.Secretary()).GetAsync($"/api/scoring/applications/{application}/satisfaction")).OkAsync();

    [Fact]
    public async Task An_application_shows_the_derived_points_with_their_counts_period_and_mapping_and_item_6s_evidence_to_its_evaluator()
    {
        var version = await SeedMappingAsync();
        var unit = await RatedWindowAsync(served: 1000, rated: 950, good: 931, bad: 19);
        var (application, evaluators) = await _steps.UnderReviewAsync(unit);

        var derived = await DerivedAsync(application);
        var asEvaluator = await DerivedAsync(application, fixture.As("evaluator", evaluators[0]));

        Assert.Equal($"{fixture.Year}-01", derived.GetProperty("period").Str("from"));
        Assert.Equal($"{fixture.Year}-12", derived.GetProperty("period").Str("to"));
        var counts = derived.GetProperty("counts");
        Assert.Equal((1000, 950, 950), (counts.GetProperty("served").GetInt64(), counts.GetProperty("rated").GetInt64(), counts.GetProperty("ratings").GetInt64()));
        Assert.Equal((95.00m, 98.00m), (derived.Dec("evaluationRate")!.Value, derived.Dec("satisfactionRate")!.Value));
        Assert.Equal(("meishan-2012-satisfaction", version), (derived.GetProperty("mapping").Str("code"), derived.GetProperty("mapping").Int("version")!.Value));
        Assert.Equal(9.8m, derived.Dec("derivedPoints"));
        Assert.Null(derived.Dec("enteredPoints"));
        Assert.False(derived.GetProperty("accepted").GetBoolean());
        var evidence = asEvaluator.GetProperty("evidence");
        Assert.Equal(("meishan-2012-window", 6), (evidence.Str("setCode"), evidence.Int("item")!.Value));
        Assert.Equal((95m, 98m), (evidence.Dec("minEvaluationRate")!.Value, evidence.Dec("minSatisfactionRate")!.Value));
        Assert.True(evidence.GetProperty("evaluationRateMet").GetBoolean());
        Assert.True(evidence.GetProperty("satisfactionRateMet").GetBoolean());
        // Another evaluator, not assigned, reads nothing of it.
        await (await fixture.As("evaluator").GetAsync($"/api/scoring/applications/{application}/satisfaction")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(1000, 950, 931, 19, true, true)]   // exactly 95 % and 98 %
    [InlineData(1000, 949, 931, 19, false, true)]  // 94.90 %
    [InlineData(1000, 950, 930, 20, true, false)]  // 97.89 %
    [InlineData(20000, 18999, 18619, 380, false, false)] // 94.995 % and 97.9999 %: shown as 95.00 and 98.00, not reached
    public async Task Item_6_is_met_exactly_at_95_and_98_percent_and_not_a_hair_below(
        long served, long rated, long good, long bad, bool evaluationMet, bool satisfactionMet)
    {
        await SeedMappingAsync();
        var application = await _steps.FiledAsync(await RatedWindowAsync(served, rated, good, bad));

        var evidence = (await DerivedAsync(application)).GetProperty("evidence");

        Assert.Equal(evaluationMet, evidence.GetProperty("evaluationRateMet").GetBoolean());
        Assert.Equal(satisfactionMet, evidence.GetProperty("satisfactionRateMet").GetBoolean());
    }

    [Fact]
    public async Task The_secretary_accepts_the_derived_points_and_the_history_names_the_mapping_and_the_counts()
    {
        var version = await SeedMappingAsync();
        var (application, _) = await _steps.UnderReviewAsync(await RatedWindowAsync(served: 200, rated: 190, good: 181, bad: 9));

        var accepted = await (await fixture.Secretary().PostAsync($"/api/scoring/applications/{application}/satisfaction/accept", null)).OkAsync();

        Assert.Equal((9.5m, 9.5m), (accepted.Dec("derivedPoints")!.Value, accepted.Dec("enteredPoints")!.Value));
        Assert.True(accepted.GetProperty("accepted").GetBoolean());
        var read = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}")).OkAsync();
        Assert.Equal(9.5m, read.Dec("satisfactionPoints"));
        var change = (await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}/history")).OkAsync())
            .GetProperty("items").EnumerateArray().Single(c => c.Str("subject") == "satisfaction");
        Assert.Equal(9.5m, change.Dec("newPoints"));
        Assert.Contains($"meishan-2012-satisfaction 第 {version} 版", change.Str("reason"));
        Assert.Contains($"{fixture.Year}-01 至 {fixture.Year}-12", change.Str("reason"));
        Assert.Contains("办件 200 件、已评价 190 件、评价 190 条", change.Str("reason"));
    }

    [Fact]
    public async Task Other_points_than_the_derived_take_a_reason_kept_in_the_history_and_without_one_nothing_is_written()
    {
        await SeedMappingAsync();
        var (application, _) = await _steps.UnderReviewAsync(await RatedWindowAsync(served: 100, rated: 100, good: 97, bad: 3));
        var history = $"select count(*) from score_changes where application_id = '{application}'";
        var before = await fixture.ScalarAsync(history);

        var refused = await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9 });
        var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(before, await fixture.ScalarAsync(history));

        var overridden = await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction",
            new { points = 9, reason = "评价器故障两周，现场抽样测评为 90%" })).OkAsync();
        Assert.Equal(9m, overridden.Dec("satisfactionPoints"));
        var derived = await DerivedAsync(application);
        Assert.Equal((9.7m, 9m), (derived.Dec("derivedPoints")!.Value, derived.Dec("enteredPoints")!.Value));
        Assert.False(derived.GetProperty("accepted").GetBoolean());
        var change = (await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}/history")).OkAsync())
            .GetProperty("items").EnumerateArray().Single(c => c.Str("subject") == "satisfaction");
        Assert.Equal("评价器故障两周，现场抽样测评为 90%", change.Str("reason"));
        // The derived points themselves need no reason.
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9.7m })).OkAsync();
    }

    [Fact]
    public async Task Without_ratings_in_the_cycle_year_there_is_nothing_to_accept_and_nothing_is_written()
    {
        await SeedMappingAsync();
        var (application, _) = await _steps.UnderReviewAsync(await fixture.UnitAsync());

        var refused = await fixture.Secretary().PostAsync($"/api/scoring/applications/{application}/satisfaction/accept", null);

        await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await fixture.ScalarAsync($"select count(*) from score_changes where application_id = '{application}' and subject = 'satisfaction'"));
        var derived = await DerivedAsync(application);
        Assert.Null(derived.Dec("derivedPoints"));
        Assert.Equal(0, derived.GetProperty("counts").GetProperty("served").GetInt64());
        // Entering points by hand needs no reason when nothing is derived.
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 8 })).OkAsync();
    }

    [Fact]
    public async Task Figures_announced_out_of_order_keep_the_larger_tally()
    {
        var unit = await fixture.UnitAsync();
        var month = new DateOnly(fixture.Year, 3, 1);
        var newer = new UnitMonthRatingsChanged(unit.Id, month, 10, 8, 8, 0, 0, 0, 0, DateTimeOffset.UtcNow);
        var older = new UnitMonthRatingsChanged(unit.Id, month, 5, 4, 4, 0, 0, 0, 0, DateTimeOffset.UtcNow.AddSeconds(-1));

        await fixture.PublishAsync(newer);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_month_ratings where unit_id = $1", unit.Id) == 1, Delivery, "kept");
        await fixture.PublishAsync(older);
        var marker = await fixture.UnitAsync();
        await fixture.PublishAsync(older with { UnitId = marker.Id });
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync("select count(*) from unit_month_ratings where unit_id = $1", marker.Id) == 1, Delivery, "the later message is consumed");

        Assert.Equal(10, await fixture.ScalarAsync("select served from unit_month_ratings where unit_id = $1", unit.Id));
    }

    [Fact]
    public async Task A_newly_published_mapping_version_changes_the_derived_points_of_the_same_ratings()
    {
        await SeedMappingAsync();
        var application = await _steps.FiledAsync(await RatedWindowAsync(served: 100, rated: 100, good: 96, bad: 4));
        Assert.Equal(9.6m, (await DerivedAsync(application)).Dec("derivedPoints"));

        var bands = 1000 + Random.Shared.Next(100000);
        await MappingAsync(new SatisfactionMappingPublished("meishan-2012-satisfaction", bands, 10, Weights(), SatisfactionMath.Bands,
            [new(98, 10), new(95, 8), new(90, 6)], "meishan-2012-window", 6, 95, 98, await NewestAsync()));
        var derived = await DerivedAsync(application);

        Assert.Equal(8m, derived.Dec("derivedPoints"));
        Assert.Equal((bands, "bands"), (derived.GetProperty("mapping").Int("version")!.Value, derived.GetProperty("mapping").Str("method")));

        // Later tests derive with the seed's line again.
        await MappingAsync(new SatisfactionMappingPublished("meishan-2012-satisfaction", bands + 1, 10, Weights(), SatisfactionMath.Linear, [],
            "meishan-2012-window", 6, 95, 98, await NewestAsync()));
    }
}
