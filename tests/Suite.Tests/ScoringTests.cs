using System.Net.Http.Json;
using System.Text.Json;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// Star evaluation through the gateway with the Development clients: a window from application to
/// an approved four-star result with two evaluators, and a window whose substantiated complaint
/// (logged, assigned and found through the Complaints API) leaves it without a star at 100 points.
/// </summary>
[Collection(SuiteCollection.Name)]
public class ScoringTests(SuiteFixture suite)
{
    private readonly ScoringSteps _steps = new(suite);

    [Fact]
    public async Task A_window_goes_from_application_to_an_approved_four_star_result_with_two_evaluators()
    {
        var (cycleId, items) = await _steps.CycleAndItemsAsync();
        var windowId = await _steps.WindowAsync();
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, windowId);

        // Evaluator 1: 75 creation points (items 2, 3 and 4 lose 5), judgement 8; evaluator 2: 76 (items 2 and 4 lose 4), judgement 9.
        await _steps.PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, new() { [2] = 0, [3] = 0, [4] = 1 }, 8m);
        await _steps.PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, new() { [2] = 0, [4] = 1 }, 9m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9 }));
        Assert.Equal("awaiting-approval", (await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }))).GetProperty("status").GetString());

        var approver = await suite.GatewayAsAsync("dev-approver");
        var decided = await Ok(await approver.PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true, comment = "同意评定为四星级窗口" }));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal(75.5m, decided.GetProperty("creationPoints").GetDecimal());
        Assert.Equal(9m, decided.GetProperty("satisfactionPoints").GetDecimal());
        Assert.Equal(8.5m, decided.GetProperty("panelPoints").GetDecimal());
        Assert.Equal(93m, decided.GetProperty("total").GetDecimal());
        Assert.Equal(4, decided.GetProperty("stars").GetInt32());

        // The result is public in the league table.
        var table = await Ok(await suite.Gateway.GetAsync($"/api/scoring/cycles/{cycleId}/league-table?unitKind=window"));
        Assert.Contains(table.GetProperty("items").EnumerateArray(), r => r.GetProperty("applicationId").GetGuid() == application && r.GetProperty("stars").GetInt32() == 4);
        var history = await Ok(await (await suite.GatewayAsAsync("dev-evaluator-1")).GetAsync($"/api/scoring/applications/{application}/history"));
        Assert.Equal(2 * 28 + 1, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_window_with_a_substantiated_complaint_in_the_year_gets_no_star_though_its_points_reach_95()
    {
        var (cycleId, items) = await _steps.CycleAndItemsAsync();
        var windowId = await _steps.WindowAsync();
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, windowId);

        // The hotline: logged by the operator, assigned, investigated and found substantiated.
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var filed = await Created(await operatorClient.PostAsJsonAsync("/api/complaints", new
        {
            channel = "96960",
            targetUnitId = windowId,
            category = "attitude",
            description = "窗口工作人员推诿,多次往返未予办理",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            caller = new { name = "李四", phone = "13700000000" },
            anonymous = false,
        }));
        var caseId = filed.GetProperty("id").GetGuid();
        var caseNumber = filed.GetProperty("caseNumber").GetString()!;
        await Ok(await operatorClient.PostAsJsonAsync($"/api/complaints/{caseId}/assignment", new { investigatorId = DevInvestigator }));
        var investigator = await suite.GatewayAsAsync("dev-investigator");
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/investigation", new { }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/finding", new { substantiated = true, violation = false, summary = "经核实,投诉属实" }));

        // Full marks from both evaluators, satisfaction 10: 100 points.
        await _steps.PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, [], 10m);
        await _steps.PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, [], 10m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 10 }));

        JsonElement read = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            read = await Ok(await secretary.GetAsync($"/api/scoring/applications/{application}"));
            return read.GetProperty("vetoes").GetArrayLength() > 0;
        }, Delivery, "the complaint's veto reaches the application");
        Assert.Equal("vetoed", read.GetProperty("status").GetString());
        Assert.Equal(100m, read.GetProperty("total").GetDecimal());
        Assert.Equal(0, read.GetProperty("stars").GetInt32());
        var veto = read.GetProperty("vetoes").EnumerateArray().Single();
        Assert.Equal(7, veto.GetProperty("item").GetInt32());
        Assert.Equal("complaint", veto.GetProperty("source").GetString());
        Assert.Equal(caseNumber, veto.GetProperty("caseNumber").GetString());

        await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }));
        var decided = await Ok(await (await suite.GatewayAsAsync("dev-approver")).PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true }));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal(0, decided.GetProperty("stars").GetInt32());
    }
}
