using System.Globalization;
using System.Net.Http.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// 满意度测评 from real data through the gateway (issue 23, decision 0019): a window of the city center is served and
/// rated by its device (dev-rating-device, one batch) → the window files → its application shows the points the
/// catalog's published mapping derives, with the counts and the period, and window item 6's evidence against 95 % /
/// 98 % — to the secretary and to the evaluator → the secretary accepts them → the evaluators score → reported →
/// approved → the public registry shows the star.
/// </summary>
[Collection(SuiteCollection.Name)]
public class RatedWindowTests(SuiteFixture suite)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_window_rated_by_its_device_gets_its_satisfaction_points_and_item_6_evidence_from_the_ratings_and_an_approved_star()
    {
        // A window of the city center seed-dev registers, served and rated by its device (dev-rating-device) in one batch:
        // 100 transactions, each rated — 99 satisfied or better, one 不满意.
        var windowId = await RatingSteps.RatedWindowAsync(suite, RatingSteps.NinetyNinePercent());

        // The window files; the secretary sees the derived points with their provenance and item 6's evidence.
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var steps = new ScoringSteps(suite);
        var (cycleId, items) = await steps.CycleAndItemsAsync();
        var application = await ScoringSteps.FileAndAssignAsync(secretary, cycleId, windowId);
        var derived = await ScoringSteps.Ok(await secretary.GetAsync($"/api/scoring/applications/{application}/satisfaction"));
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        Assert.Equal(($"{year}-01", $"{year}-12"), (derived.GetProperty("period").GetProperty("from").GetString(), derived.GetProperty("period").GetProperty("to").GetString()));
        Assert.Equal((100, 100, 100), (derived.GetProperty("counts").GetProperty("served").GetInt64(), derived.GetProperty("counts").GetProperty("rated").GetInt64(),
            derived.GetProperty("counts").GetProperty("ratings").GetInt64()));
        Assert.Equal((100m, 99m), (derived.GetProperty("evaluationRate").GetDecimal(), derived.GetProperty("satisfactionRate").GetDecimal()));
        Assert.Equal("meishan-2012-satisfaction", derived.GetProperty("mapping").GetProperty("code").GetString());
        Assert.Equal(9.9m, derived.GetProperty("derivedPoints").GetDecimal());

        // The evaluator reads item 6's evidence; the item's points stay theirs.
        var evaluator = await suite.GatewayAsAsync("dev-evaluator-1");
        var evidence = (await ScoringSteps.Ok(await evaluator.GetAsync($"/api/scoring/applications/{application}/satisfaction"))).GetProperty("evidence");
        Assert.Equal(("meishan-2012-window", 6), (evidence.GetProperty("setCode").GetString(), evidence.GetProperty("item").GetInt32()));
        Assert.Equal((95m, 98m), (evidence.GetProperty("minEvaluationRate").GetDecimal(), evidence.GetProperty("minSatisfactionRate").GetDecimal()));
        Assert.True(evidence.GetProperty("evaluationRateMet").GetBoolean());
        Assert.True(evidence.GetProperty("satisfactionRateMet").GetBoolean());

        // The secretary accepts; the evaluators score; reported; approved.
        var accepted = await ScoringSteps.Ok(await secretary.PostAsync($"/api/scoring/applications/{application}/satisfaction/accept", null));
        Assert.True(accepted.GetProperty("accepted").GetBoolean());
        await steps.PutSheetAsync("dev-evaluator-1", application, ScoringSteps.Evaluator1, items, [], 10m);
        await steps.PutSheetAsync("dev-evaluator-2", application, ScoringSteps.Evaluator2, items, [], 10m);
        var history = await ScoringSteps.Ok(await secretary.GetAsync($"/api/scoring/applications/{application}/history"));
        Assert.Contains(history.GetProperty("items").EnumerateArray(), c => c.GetProperty("subject").GetString() == "satisfaction"
            && c.GetProperty("newPoints").GetDecimal() == 9.9m && c.GetProperty("reason").GetString()!.Contains("办件 100 件、已评价 100 件", StringComparison.Ordinal));
        await ScoringSteps.Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }));
        var approver = await suite.GatewayAsAsync("dev-approver");
        var decided = await ScoringSteps.Ok(await approver.PostAsJsonAsync($"/api/scoring/applications/{application}/decision",
            new { approved = true, comment = "好差评数据属实，同意评定为五星级窗口" }));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal((9.9m, 99.9m, 5), (decided.GetProperty("satisfactionPoints").GetDecimal(), decided.GetProperty("total").GetDecimal(),
            decided.GetProperty("stars").GetInt32()));

        await SuiteFixture.EventuallyAsync(async () =>
        {
            var page = await ScoringSteps.Ok(await suite.Gateway.GetAsync($"/api/awards?unitId={windowId}&active=true"));
            return page.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("stars").GetInt32() == 5);
        }, Delivery, "the public registry shows the window's five stars");
    }

    [Fact]
    public async Task Many_writes_to_a_windows_month_reach_Scoring_as_exactly_the_months_counts()
    {
        var windowId = await RatingSteps.RatedWindowAsync(suite, ["satisfied"]);
        var device = await suite.GatewayAsAsync("dev-rating-device");
        var servedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture);
        string?[] levels = ["very-satisfied", "satisfied", "fairly-satisfied", "dissatisfied", null];

        // Twenty writes within about a second, four at a time: the month announcer coalesces them.
        await Parallel.ForEachAsync(Enumerable.Range(1, 20), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var records = new[]
            {
                new { recordId = $"{windowId:N}-many-{i}", unitId = windowId, transactionId = $"MW-{i:0000}", serviceItem = "社保卡补办", servedAt, level = levels[i % levels.Length] },
            };
            var batch = await ScoringSteps.Ok(await device.PostAsJsonAsync("/api/ratings/device-batches", new { records }, ct));
            Assert.Equal(1, batch.GetProperty("recorded").GetInt32());
        });

        const string counts = "served, rated, very_satisfied, satisfied, fairly_satisfied, dissatisfied, very_dissatisfied";
        Assert.Equal(1, await suite.CountAsync("ratings", "select count(*) from monthly_rates where unit_id = $1 and served = 21 and rated = 17", windowId));
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", $"select count(*) from unit_month_ratings where unit_id = $1 and ({counts}) = (21, 17, 4, 5, 4, 4, 0)", windowId) == 1,
            Delivery, "Scoring's copy of the window's month equals Ratings' counts (served 21, rated 17: 4 非常满意, 5 满意, 4 基本满意, 4 不满意)");
        Assert.Equal(0, await suite.CountAsync("ratings", "select count(*) from monthly_rates where unit_id = $1 and announced_tally < served + rated + very_satisfied + satisfied + fairly_satisfied + dissatisfied + very_dissatisfied", windowId));
    }
}
