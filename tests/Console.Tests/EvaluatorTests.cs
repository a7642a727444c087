using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>A panel member (考评组成员) scores an application in the browser, with the keyboard only.</summary>
[Collection(ConsoleCollection.Name)]
public class EvaluatorTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_evaluator_scores_every_item_with_the_keyboard_fails_a_veto_item_with_its_reason_keeps_a_draft_and_submits()
    {
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, _) = await steps.CycleAndItemsAsync();
        var unitName = $"不动产登记窗口{Random.Shared.Next(1000, 9999)}";
        var secretary = await console.Suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, await steps.WindowAsync(unitName));

        var page = await console.SignInAsync("dev-evaluator-1");
        await page.GetByRole(AriaRole.Link, new() { Name = "我的评审" }).ClickAsync();
        await ConsoleFixture.Interactive(page);
        var row = page.Locator($"[data-testid=evaluations] tr[data-application-id='{application}']");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("评审中");
        await console.ScreenshotAsync(page, "11-evaluator-assigned-applications");
        await row.GetByRole(AriaRole.Link, new() { Name = unitName }).ClickAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.GetByTestId("materials")).ToContainTextAsync("窗口创建工作报告");
        await Assertions.Expect(page.GetByTestId("no-findings")).ToBeVisibleAsync();

        // The sheet as the page lays it out: every item of the window checklist, in order.
        var rows = page.Locator("tr[data-item]");
        await Assertions.Expect(rows).ToHaveCountAsync(27);
        var items = new List<(int Number, decimal Max, string Kind, bool Veto, decimal? Computed)>();
        for (var i = 0; i < 27; i++)
        {
            var r = rows.Nth(i);
            var computed = await r.GetAttributeAsync("data-computed");
            items.Add((int.Parse((await r.GetAttributeAsync("data-item"))!, CultureInfo.InvariantCulture),
                decimal.Parse((await r.Locator("td.num").Nth(1).TextContentAsync())!, CultureInfo.InvariantCulture),
                (await r.GetAttributeAsync("data-kind"))!, await r.GetAttributeAsync("data-veto") == "true",
                string.IsNullOrEmpty(computed) ? null : decimal.Parse(computed, CultureInfo.InvariantCulture)));
        }

        var failed = items.First(i => i.Veto).Number;
        Assert.DoesNotContain(items, i => i.Kind == "tiered"); // the window checklist grades every item (tiers: the center test)

        // The cursor starts in the first item. A figure not in halves is refused next to it, in Chinese.
        var first = items[0];
        await Assertions.Expect(page.Locator($"#item-{first.Number}")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("0.3");
        await Assertions.Expect(page.Locator($"#item-{first.Number}-problem")).ToHaveTextAsync("得分以 0.5 分为单位。");
        await page.Keyboard.PressAsync("ControlOrMeta+a");

        var expected = 0m;
        foreach (var item in items)
        {
            var input = page.Locator($"#item-{item.Number}");
            await Assertions.Expect(input).ToBeFocusedAsync();
            var points = item.Number == failed ? 0m : item.Max;
            await page.Keyboard.TypeAsync(Num(points));
            await Assertions.Expect(input).ToHaveValueAsync(Num(points));
            expected += points;
            await Assertions.Expect(page.GetByTestId("running-total")).ToContainTextAsync($"创建得分合计 {Num(expected)} / 80");
            await page.Keyboard.PressAsync("Tab");
            if (item.Veto)
            {
                await Assertions.Expect(page.Locator($"#item-{item.Number}-fail")).ToBeFocusedAsync();
                if (item.Number == failed)
                {
                    await page.Keyboard.PressAsync("Space");
                    await Assertions.Expect(page.Locator($"#item-{item.Number}-problem")).ToHaveTextAsync("判为不通过须写明否决理由。");
                    await page.Keyboard.PressAsync("Tab");
                    await Assertions.Expect(page.Locator($"#item-{item.Number}-note")).ToBeFocusedAsync();
                    await page.Keyboard.TypeAsync("窗口人员擅离岗位，群众反映强烈");
                    await Assertions.Expect(page.Locator($"#item-{item.Number}-problem")).ToHaveCountAsync(0);
                }

                await page.Keyboard.PressAsync("Tab");
            }
        }

        // The panel judgement, then the running total counts it.
        await Assertions.Expect(page.Locator("#panel-judgement")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("8.5");
        await Assertions.Expect(page.GetByTestId("running-total")).ToContainTextAsync($"本表合计 {Num(expected + 8.5m)}");
        var subtotals = page.Locator("[data-testid^=subtotal-]");
        Assert.True(await subtotals.CountAsync() > 1, "the sheet shows a subtotal per category");

        // Saved as a draft (Tab to the button, Enter), kept over a reload.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("save-draft")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("draft-status")).ToContainTextAsync("草稿已保存");
        await console.ScreenshotAsync(page, "12-score-sheet");
        await page.ReloadAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.GetByTestId("draft-status")).ToContainTextAsync("已恢复");
        var graded = items.First(i => i.Number != failed);
        await Assertions.Expect(page.Locator($"#item-{graded.Number}")).ToHaveValueAsync(Num(graded.Max));
        await Assertions.Expect(page.Locator($"#item-{failed}-note")).ToHaveValueAsync("窗口人员擅离岗位，群众反映强烈");
        await Assertions.Expect(page.GetByTestId("running-total")).ToContainTextAsync($"本表合计 {Num(expected + 8.5m)}");

        // Submitted with Enter from the panel judgement: Scoring holds the sheet with the failed veto item and its reason.
        await page.Locator("#panel-judgement").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("sheet-submitted")).ToBeVisibleAsync();
        await console.ScreenshotAsync(page, "13-score-sheet-submitted");
        var breakdown = await Ok(await (await console.Suite.GatewayAsAsync("dev-secretary")).GetAsync($"/api/scoring/applications/{application}/breakdown"));
        var mine = breakdown.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray())
            .Single(i => i.GetProperty("number").GetInt32() == failed).GetProperty("evaluators")[0];
        Assert.True(mine.GetProperty("vetoFailed").GetBoolean());
        Assert.Equal("窗口人员擅离岗位，群众反映强烈", mine.GetProperty("note").GetString());
        Assert.Equal(8.5m, breakdown.GetProperty("panelJudgements")[0].GetProperty("points").GetDecimal());
    }

    [Fact]
    public async Task A_centers_sheet_shows_item_3s_computed_tier_points_needs_a_note_to_differ_and_refuses_an_incomplete_submission_next_to_its_items()
    {
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, _) = await steps.CycleAndItemsAsync();
        var admin = await console.Suite.GatewayAsAsync("dev-admin");
        var centerName = $"测试县政务服务中心{Random.Shared.Next(100000, 999999)}";
        var centerId = (await Created(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(centerName)))).GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () => await console.Suite.CountAsync("scoring", "select count(*) from units where id = $1", centerId) == 1,
            Delivery, "Scoring holds the new center");
        var application = await FileAndAssignAsync(await console.Suite.GatewayAsAsync("dev-secretary"), cycleId, centerId);

        var page = await console.SignInAsync("dev-evaluator-2");
        await console.GotoAsync(page, $"evaluations/{application}");
        await Assertions.Expect(page.Locator("tr[data-item]")).ToHaveCountAsync(77);

        // A county center of 6000 m² reaches the first tier: 6 points, filled in and named in the rule.
        var item3 = page.Locator("tr[data-item='3']");
        await Assertions.Expect(item3).ToHaveAttributeAsync("data-kind", "tiered");
        await Assertions.Expect(item3).ToContainTextAsync("按级别和面积分档，测算 6 分");
        await Assertions.Expect(page.Locator("#item-3")).ToHaveValueAsync("6");

        // Submitting the empty sheet (Enter, from item 1 where the cursor starts) is refused on the page: each item says what it lacks.
        await Assertions.Expect(page.Locator("#item-1")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#item-1-problem")).ToHaveTextAsync("请填写得分。");
        await Assertions.Expect(page.Locator("#item-1")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#panel-judgement-problem")).ToHaveTextAsync("考评小组评定应在 0 至 10 分之间，精确到 0.1 分。");
        await Assertions.Expect(page.GetByTestId("sheet-submitted")).ToHaveCountAsync(0);

        // Another figure for item 3 needs a note.
        await page.Locator("#item-3").FocusAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+a");
        await page.Keyboard.TypeAsync("5.5");
        await Assertions.Expect(page.Locator("#item-3-problem")).ToHaveTextAsync("与测算分值 6 分不同，须在备注中说明理由。");
        await Assertions.Expect(page.Locator("#item-3")).ToHaveValueAsync("5.5");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#item-3-note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("实测面积 5800 平方米");
        await Assertions.Expect(page.Locator("#item-3-problem")).ToHaveCountAsync(0);
        await console.ScreenshotAsync(page, "14-score-sheet-center-tiers");
    }

    private static string Num(decimal? points) => points?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
}
