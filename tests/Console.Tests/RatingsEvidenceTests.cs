using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// 满意度测评 from 好差评 in the console (decision 0019): the evaluator's sheet shows window item 6's evidence read-only; the
/// secretary's application page shows the derived points with the period, counts and mapping version, refuses other points
/// without a reason next to the field, and accepts the derived points, the history naming where they came from.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class RatingsEvidenceTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_evaluator_sees_item_6s_evidence_and_the_secretary_accepts_the_derived_points()
    {
        // 100 transactions, each rated: 96 satisfied or better, 4 不满意 → 评价率 100 % (met), 满意率 96 % (below 98 %), 9.6 points.
        var levels = Enumerable.Range(1, 100).Select(i => i > 96 ? "dissatisfied" : i <= 50 ? "very-satisfied" : "satisfied").ToList<string?>();
        var windowName = $"医保窗口{Random.Shared.Next(1000, 9999)}";
        var windowId = await RatingSteps.RatedWindowAsync(console.Suite, levels, windowName);
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, _) = await steps.CycleAndItemsAsync();
        var application = await FileAndAssignAsync(await console.Suite.GatewayAsAsync("dev-secretary"), cycleId, windowId);

        var evaluator = await console.SignInAsync("dev-evaluator-1");
        await console.GotoAsync(evaluator, $"evaluations/{application}");
        var evidence = evaluator.GetByTestId("ratings-item-evidence");
        await Assertions.Expect(evidence.GetByTestId("evidence-evaluation")).ToHaveAttributeAsync("data-met", "met");
        await Assertions.Expect(evidence.GetByTestId("evidence-evaluation")).ToContainTextAsync("评价率 100.00%（要求 95.00% 以上） 达到");
        await Assertions.Expect(evidence.GetByTestId("evidence-satisfaction")).ToHaveAttributeAsync("data-met", "not-met");
        await Assertions.Expect(evidence.GetByTestId("evidence-satisfaction")).ToContainTextAsync("满意率 96.00%（要求 98.00% 以上） 未达到");
        await Assertions.Expect(evaluator.GetByTestId("ratings-derived-points")).ToHaveCountAsync(0);
        // The cursor still starts in the first item: the evidence is to read, the points are the evaluator's.
        await Assertions.Expect(evaluator.Locator("#item-1")).ToBeFocusedAsync();
        await console.ScreenshotAsync(evaluator, "63-evaluator-item-6-evidence");

        var page = await console.SignInAsync("dev-secretary");
        await console.GotoAsync(page, $"applications/{application}");
        await Assertions.Expect(page.GetByTestId("ratings-counts")).ToHaveTextAsync("办件 100 件，已评价 100 件，评价 100 条（不满意 4，非常不满意 0）");
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        await Assertions.Expect(page.GetByTestId("ratings-period")).ToHaveTextAsync($"{year}-01 — {year}-12");
        await Assertions.Expect(page.GetByTestId("ratings-derived-points")).ToContainTextAsync("9.60");
        await Assertions.Expect(page.GetByTestId("ratings-derived-points")).ToContainTextAsync("meishan-2012-satisfaction");

        // Other points without a reason: refused next to the reason field, nothing entered.
        await page.Locator("#satisfaction-points").FillAsync("9");
        await page.GetByTestId("enter-satisfaction").ClickAsync();
        await Assertions.Expect(page.Locator("#satisfaction-reason-problem")).ToContainTextAsync("须说明理由");
        await Assertions.Expect(page.GetByTestId("application-satisfaction")).ToHaveTextAsync("—");

        // Accepted by keyboard: the derived points become the satisfaction points, the history says where from.
        await page.GetByTestId("accept-satisfaction").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("ratings-accepted")).ToHaveTextAsync("已采用推算得分");
        await Assertions.Expect(page.GetByTestId("application-satisfaction")).ToHaveTextAsync("9.60");
        await Assertions.Expect(page.Locator("[data-testid=history] tr[data-subject=satisfaction]")).ToContainTextAsync("meishan-2012-satisfaction");
        await console.ScreenshotAsync(page, "64-application-derived-satisfaction-accepted");
    }
}
