using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>The evaluation secretary's pages against Scoring's real API: cycles, a cycle's applications, its league table.</summary>
[Collection(ConsoleCollection.Name)]
public class SecretaryTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_secretary_sees_the_cycles_applications_with_status_and_totals_and_the_league_table_with_stars()
    {
        // Through the gateway: three windows of this year's cycle — approved at 93 (four stars),
        // reported at 100 (five stars), and one still under review (no total, no stars yet).
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, items) = await steps.CycleAndItemsAsync();
        var tag = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var (fourName, fiveName, pendingName) = ($"企业登记窗口甲{tag}", $"企业登记窗口乙{tag}", $"企业登记窗口丙{tag}");
        var secretary = await console.Suite.GatewayAsAsync("dev-secretary");
        var four = await FileAndAssignAsync(secretary, cycleId, await steps.WindowAsync(fourName));
        var five = await FileAndAssignAsync(secretary, cycleId, await steps.WindowAsync(fiveName));
        var pending = await FileAndAssignAsync(secretary, cycleId, await steps.WindowAsync(pendingName));

        await steps.PutSheetAsync("dev-evaluator-1", four, Evaluator1, items, new() { [2] = 0, [3] = 0, [4] = 1 }, 8m);
        await steps.PutSheetAsync("dev-evaluator-2", four, Evaluator2, items, new() { [2] = 0, [4] = 1 }, 9m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{four}/satisfaction", new { points = 9 }));
        await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{four}/report", new { }));
        var decided = await Ok(await (await console.Suite.GatewayAsAsync("dev-approver"))
            .PostAsJsonAsync($"/api/scoring/applications/{four}/decision", new { approved = true, comment = "同意评定为四星级窗口" }));
        Assert.Equal(93m, decided.GetProperty("total").GetDecimal());

        await steps.PutSheetAsync("dev-evaluator-1", five, Evaluator1, items, [], 10m);
        await steps.PutSheetAsync("dev-evaluator-2", five, Evaluator2, items, [], 10m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{five}/satisfaction", new { points = 10 }));
        await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{five}/report", new { }));

        // The console: the cycles, this year's cycle, its applications.
        var page = await console.SignInAsync("dev-secretary");
        await console.GotoAsync(page, "cycles");
        var cycleRow = page.Locator($"[data-testid=cycles] tr[data-cycle-id='{cycleId}']");
        await Assertions.Expect(cycleRow.Locator("td[data-status]")).ToHaveTextAsync("申报中");
        await console.ScreenshotAsync(page, "08-cycles");
        await cycleRow.GetByRole(AriaRole.Link).ClickAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("年度评定");

        var applications = page.GetByTestId("applications");
        await ExpectRowAsync(applications, four, fourName, "已批准", "93.00", "4");
        await ExpectRowAsync(applications, five, fiveName, "待审批", "100.00", "5");
        await ExpectRowAsync(applications, pending, pendingName, "评审中", "—", "");
        await Assertions.Expect(applications.Locator($"tr[data-application-id='{four}'] .stars")).ToHaveTextAsync("★★★★");
        await Assertions.Expect(applications.Locator($"tr[data-application-id='{pending}'] .stars")).ToHaveAttributeAsync("aria-label", "尚未评出");

        // The league table: the secretary sees every application, ranked by total, those without one last.
        var league = page.GetByTestId("league-table");
        await ExpectRowAsync(league, five, fiveName, "待审批", "100.00", "5");
        await ExpectRowAsync(league, four, fourName, "已批准", "93.00", "4");
        await ExpectRowAsync(league, pending, pendingName, "评审中", "—", "");
        var (fiveRank, fourRank, pendingRank) = (await RankAsync(league, five), await RankAsync(league, four), await RankAsync(league, pending));
        Assert.True(fiveRank < fourRank && fourRank < pendingRank, $"ranks {fiveRank}, {fourRank}, {pendingRank}");
        await console.ScreenshotAsync(page, "09-cycle-applications-and-league-table");

        // The status filter is Scoring's `status`: only the approved application stays.
        await page.Locator("#application-status").SelectOptionAsync("approved");
        await Assertions.Expect(applications.Locator($"tr[data-application-id='{pending}']")).ToHaveCountAsync(0);
        await Assertions.Expect(applications.Locator($"tr[data-application-id='{four}']")).ToBeVisibleAsync();
        await Assertions.Expect(applications.Locator("tbody .status:not([data-status=approved])")).ToHaveCountAsync(0);
        await console.ScreenshotAsync(page, "10-cycle-applications-approved");
    }

    [Fact]
    public async Task Opening_a_second_cycle_for_this_year_is_refused_on_the_cycles_page_and_nothing_is_opened()
    {
        var (cycleId, _) = await new ScoringSteps(console.Suite).CycleAndItemsAsync();
        var page = await console.SignInAsync("dev-secretary");
        await console.GotoAsync(page, "cycles");
        var rows = page.Locator("[data-testid=cycles] tbody tr");
        await Assertions.Expect(page.Locator($"[data-testid=cycles] tr[data-cycle-id='{cycleId}']")).ToBeVisibleAsync();
        var before = await rows.CountAsync();
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year.ToString(CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#cycle-year")).ToHaveValueAsync(year);
        await page.GetByTestId("open-cycle-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("open-cycle").Locator(".problem")).ToContainTextAsync($"{year} 年已有");
        await Assertions.Expect(rows).ToHaveCountAsync(before);
        await Assertions.Expect(page.Locator($"[data-testid=cycles] tr[data-cycle-id='{cycleId}']")).ToBeVisibleAsync();
        await console.ScreenshotAsync(page, "18-cycles-open-refused");
    }

    private static async Task ExpectRowAsync(ILocator table, Guid application, string unitName, string status, string total, string stars)
    {
        var row = table.Locator($"tr[data-application-id='{application}']");
        await Assertions.Expect(row.Locator("th")).ToHaveTextAsync(unitName);
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync(status);
        await Assertions.Expect(row.Locator("[data-total]")).ToHaveTextAsync(total);
        await Assertions.Expect(row.Locator("[data-stars]")).ToHaveAttributeAsync("data-stars", stars);
    }

    private static async Task<int> RankAsync(ILocator table, Guid application) =>
        int.Parse((await table.Locator($"tr[data-application-id='{application}'] [data-rank]").TextContentAsync())!.Trim(), NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("zh-CN"));
}
