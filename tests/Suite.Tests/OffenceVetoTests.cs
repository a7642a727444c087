using System.Net.Http.Json;
using System.Text.Json;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// A confirmed violation names its offence, and the catalog's data decides which veto item it
/// fails: through the gateway, a 12388 report found a violation of each offence fails exactly the
/// window item the seed ties to it, and every other item of the window's sheet passes.
/// </summary>
[Collection(SuiteCollection.Name)]
public class OffenceVetoTests(SuiteFixture suite)
{
    private readonly ScoringSteps _steps = new(suite);

    [Theory]
    [InlineData("integrity", 17)]
    [InlineData("hall-conduct", 19)]
    [InlineData("computer-misuse", 20)]
    [InlineData("overdue-or-incident", 8)]
    public async Task A_violation_fails_exactly_the_item_of_its_offence_and_every_other_item_passes(string offence, int item)
    {
        var (cycleId, items) = await _steps.CycleAndItemsAsync();
        var windowId = await _steps.WindowAsync();
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, windowId);
        await _steps.PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, [], 10m);
        await _steps.PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, [], 10m);

        // A 12388 report: the violation is confirmed, the report is no substantiated service complaint (item 7 stands).
        var discipline = await suite.GatewayAsAsync("dev-discipline");
        var report = await Created(await discipline.PostAsJsonAsync("/api/complaints", new
        {
            channel = "12388", targetUnitId = windowId, category = "discipline", description = "举报窗口工作人员违纪",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1), anonymous = true,
        }));
        var caseId = report.GetProperty("id").GetGuid();
        await Ok(await discipline.PostAsJsonAsync($"/api/complaints/{caseId}/assignment", new { investigatorId = DevInvestigator }));
        var investigator = await suite.GatewayAsAsync("dev-investigator");
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/investigation", new { }));
        var found = await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/finding",
            new { substantiated = false, violation = true, offence, summary = "经纪检部门查实/通报" }));
        Assert.Equal("substantiated", found.GetProperty("status").GetString());

        JsonElement read = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            read = await Ok(await secretary.GetAsync($"/api/scoring/applications/{application}"));
            return read.GetProperty("vetoes").GetArrayLength() > 0;
        }, Delivery, $"the {offence} violation reaches the application");

        var veto = Assert.Single(read.GetProperty("vetoes").EnumerateArray());
        Assert.Equal((item, "violation", report.GetProperty("caseNumber").GetString()),
            (veto.GetProperty("item").GetInt32(), veto.GetProperty("source").GetString(), veto.GetProperty("caseNumber").GetString()));
        Assert.Equal("vetoed", read.GetProperty("status").GetString());
        // Every other item keeps the full marks both evaluators gave it.
        var breakdown = await Ok(await secretary.GetAsync($"/api/scoring/applications/{application}/breakdown"));
        var others = breakdown.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray())
            .Where(i => i.GetProperty("number").GetInt32() != item).ToList();
        Assert.Equal(26, others.Count);
        Assert.All(others, i => Assert.Equal(i.GetProperty("maxPoints").GetDecimal(), i.GetProperty("mean").GetDecimal()));
    }
}
