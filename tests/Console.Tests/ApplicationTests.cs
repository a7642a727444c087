using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// An application's page: the secretary (评审秘书) assigns evaluators (a conflict of interest refused next to them), follows the
/// sheets, enters satisfaction and reports to the city; the approver (市政府审定) approves one and rejects another after a confirmation.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class ApplicationTests(ConsoleFixture console)
{
    private static readonly Guid Evaluator3 = Guid.Parse("00000000-0000-4000-8000-000000000007");

    [Fact]
    public async Task The_secretary_assigns_enters_satisfaction_and_reports_and_the_approver_approves_one_and_rejects_one_after_a_confirmation()
    {
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, items) = await steps.CycleAndItemsAsync();
        var tag = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var (approvedName, rejectedName) = ($"公积金窗口甲{tag}", $"公积金窗口乙{tag}");
        var secretaryApi = await console.Suite.GatewayAsAsync("dev-secretary");
        var approvedWindow = await steps.WindowAsync(approvedName);
        var approved = (await Created(await secretaryApi.PostAsJsonAsync($"/api/scoring/cycles/{cycleId}/applications", new { unitId = approvedWindow }))).GetProperty("id").GetGuid();
        var rejected = await FileAndAssignAsync(secretaryApi, cycleId, await steps.WindowAsync(rejectedName));
        // A third panel member who works for the first window: assigning them is a conflict of interest.
        await secretaryApi.PutAsJsonAsync($"/api/scoring/panel-members/{Evaluator3}", new { name = "李评委", organisation = "公积金中心", affiliatedUnitId = approvedWindow });

        var page = await console.SignInAsync("dev-secretary");
        await console.GotoAsync(page, $"applications/{approved}");
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("已申报");
        await page.Locator($"input[data-member-id='{Evaluator3}']").CheckAsync();
        await page.GetByTestId("assign-evaluators").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-conflict='{Evaluator3}']")).ToHaveTextAsync("利益冲突：与申报单位、其所属中心或所在县有关联");
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("已申报");
        await console.ScreenshotAsync(page, "15-application-conflict-of-interest");
        await page.Locator($"input[data-member-id='{Evaluator3}']").UncheckAsync();
        await page.Locator($"input[data-member-id='{Evaluator1}']").CheckAsync();
        await page.Locator($"input[data-member-id='{Evaluator2}']").CheckAsync();
        await page.GetByTestId("assign-evaluators").ClickAsync();
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("评审中");
        await Assertions.Expect(page.GetByTestId("sheets-in")).ToHaveTextAsync("已交 0 / 2 份");

        foreach (var id in new[] { approved, rejected })
        {
            await steps.PutSheetAsync("dev-evaluator-1", id, Evaluator1, items, [], 9m);
            await steps.PutSheetAsync("dev-evaluator-2", id, Evaluator2, items, [], 9m);
        }

        await page.ReloadAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.GetByTestId("sheets-in")).ToHaveTextAsync("已交 2 / 2 份");
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("已评分");
        await page.Locator("#satisfaction-points").FillAsync("9");
        await page.Locator("#satisfaction-reason").FillAsync("2026 年度群众满意度测评数据");
        await page.GetByTestId("enter-satisfaction").ClickAsync();
        await Assertions.Expect(page.GetByTestId("application-satisfaction")).ToHaveTextAsync("9.00");
        await Assertions.Expect(page.GetByTestId("application-total")).ToHaveTextAsync("98.00");
        await page.GetByTestId("report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("待审批");
        var breakdown = page.GetByTestId("breakdown");
        await Assertions.Expect(breakdown.Locator($"tr[data-item='1'] td[data-evaluator-id='{Evaluator1}']")).ToHaveTextAsync(items[1].ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("history").Locator("tr[data-subject=satisfaction]")).ToContainTextAsync("2026 年度群众满意度测评数据");
        await console.ScreenshotAsync(page, "16-application-breakdown-and-history");

        // The second one is reported through the API; the approver decides both on their pages.
        await Ok(await secretaryApi.PutAsJsonAsync($"/api/scoring/applications/{rejected}/satisfaction", new { points = 9 }));
        await Ok(await secretaryApi.PostAsJsonAsync($"/api/scoring/applications/{rejected}/report", new { }));

        var approver = await console.SignInAsync("dev-approver");
        await console.GotoAsync(approver, $"applications/{approved}");
        await approver.Locator("#decision-comment").FillAsync("同意评定为五星级窗口");
        await approver.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("decision-confirmation")).ToHaveTextAsync($"确认批准 {approvedName}：总分 98.00，评为 5 星？");
        await console.ScreenshotAsync(approver, "17-approver-confirmation");
        await approver.GetByTestId("confirm-decision").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("application-status")).ToHaveTextAsync("已批准");
        await Assertions.Expect(approver.GetByTestId("decision")).ToHaveTextAsync("已批准： 同意评定为五星级窗口");

        await console.GotoAsync(approver, $"applications/{rejected}");
        await approver.GetByTestId("reject").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("decision-confirmation")).ToHaveTextAsync($"确认不予批准 {rejectedName}（总分 98.00）？");
        await approver.GetByTestId("confirm-decision").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("application-status")).ToHaveTextAsync("未批准");
    }
}
