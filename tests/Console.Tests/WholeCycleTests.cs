using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// One whole evaluation cycle in the browser only (issue 22): the secretary opens the cycle, registers two panel
/// members, files for two windows and assigns evaluators; both evaluators score with the keyboard (one fails a veto
/// item with a reason); the secretary enters satisfaction and reports; the approver approves one and rejects one;
/// the public page shows the approved star. The windows themselves are registered through the API (the admin's pages are issue 22's
/// other half). Also: a cycle moved open → evaluating → closed, and the approver deciding a checked group and a revocation.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class WholeCycleTests(ConsoleFixture console)
{
    private const string VetoReason = "窗口人员擅离岗位，群众反映强烈";

    [Fact]
    public async Task A_whole_cycle_walked_in_the_browser_from_opening_to_the_city_approving_one_star_and_rejecting_a_vetoed_one()
    {
        var steps = new ScoringSteps(console.Suite);
        var tag = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var (starName, vetoedName) = ($"医保窗口甲{tag}", $"医保窗口乙{tag}");
        var starWindow = await steps.WindowAsync(starName);
        var vetoedWindow = await steps.WindowAsync(vetoedName);
        await CatalogReachedScoringAsync();

        // The secretary opens this year's cycle (one a year: when an earlier test of the run opened it, it is listed, open).
        var secretary = await console.SignInAsync("dev-secretary");
        await console.GotoAsync(secretary, "cycles");
        var year = ChinaYear().ToString(CultureInfo.InvariantCulture);
        var cycleRow = secretary.Locator("[data-testid=cycles] tbody tr").Filter(new() { Has = secretary.GetByRole(AriaRole.Link, new() { Name = year, Exact = true }) });
        if (await cycleRow.CountAsync() == 0)
        {
            await secretary.Locator("#cycle-opens").FillAsync($"{year}-01-01");
            await secretary.Locator("#cycle-closes").FillAsync($"{year}-12-31");
            await secretary.GetByTestId("open-cycle-submit").ClickAsync();
        }

        await Assertions.Expect(cycleRow.Locator("td[data-status]")).ToHaveTextAsync("申报中");
        await console.ScreenshotAsync(secretary, "40-cycle-opened");

        // Two panel members, registered on the panel page.
        await secretary.GetByRole(AriaRole.Link, new() { Name = "考评小组" }).ClickAsync();
        await ConsoleFixture.Interactive(secretary);
        // The accounts come from Identity's directory of people, by name; choosing one fills its name, which the
        // panel's list may word otherwise.
        foreach (var (id, directoryName, name) in new[] { (Evaluator1, "赵敏", "王评委"), (Evaluator2, "孙磊", "张评委") })
        {
            await secretary.Locator("#member-account").SelectOptionAsync(new SelectOptionValue { Label = directoryName });
            await Assertions.Expect(secretary.Locator("#member-account")).ToHaveValueAsync(id.ToString());
            await Assertions.Expect(secretary.Locator("#member-name")).ToHaveValueAsync(directoryName);
            await secretary.Locator("#member-name").FillAsync(name);
            await secretary.Locator("#member-organisation").FillAsync("市政府办公室");
            await secretary.GetByTestId("register-submit").ClickAsync();
            await Assertions.Expect(secretary.GetByTestId("registered")).ToHaveTextAsync($"已登记 {name}。");
            await Assertions.Expect(secretary.Locator($"[data-testid=panel-members] tr[data-member-id='{id}'] th")).ToHaveTextAsync(name);
            await Assertions.Expect(secretary.Locator($"[data-testid=panel-members] tr[data-member-id='{id}'] td.muted")).ToHaveTextAsync(directoryName);
        }

        await console.ScreenshotAsync(secretary, "41-panel-members");

        // Filing for both windows on the cycle's page, then assigning both evaluators on each application's page.
        await console.GotoAsync(secretary, "cycles");
        await cycleRow.GetByRole(AriaRole.Link).ClickAsync();
        await ConsoleFixture.Interactive(secretary);
        var cycleUrl = secretary.Url;
        var applications = new Dictionary<Guid, Guid>();
        foreach (var (window, name) in new[] { (starWindow, starName), (vetoedWindow, vetoedName) })
        {
            await secretary.Locator("#file-unit").FocusAsync();
            await secretary.Keyboard.TypeAsync(name);
            await Assertions.Expect(secretary.Locator($"#file-unit-options li[data-unit-id='{window}']")).ToHaveAttributeAsync("aria-selected", "true");
            await secretary.Keyboard.PressAsync("Enter");
            await Assertions.Expect(secretary.GetByTestId("file-unit-chosen")).ToContainTextAsync(name);
            await Assertions.Expect(secretary.GetByTestId("file-unit-chosen").GetByRole(AriaRole.Button)).ToBeFocusedAsync();
            await secretary.Keyboard.PressAsync("Tab");
            await Assertions.Expect(secretary.Locator("#material-title")).ToBeFocusedAsync();
            await secretary.Keyboard.TypeAsync("窗口创建工作报告");
            await secretary.Keyboard.PressAsync("Tab");
            await secretary.Keyboard.TypeAsync("https://docs.example/2026/window-report.pdf");
            if (window == starWindow)
            {
                await console.ScreenshotAsync(secretary, "42-file-on-a-units-behalf");
            }

            await secretary.Keyboard.PressAsync("Enter");
            await Assertions.Expect(secretary.GetByTestId("filed-application")).ToContainTextAsync($"已为 {name} 申报。");
            await secretary.GetByTestId("filed-application").GetByRole(AriaRole.Link).ClickAsync();
            await ConsoleFixture.Interactive(secretary);
            var application = Guid.Parse(secretary.Url.Split('/')[^1]);
            applications[window] = application;
            await Assertions.Expect(secretary.GetByTestId("application-status")).ToHaveTextAsync("已申报");
            await secretary.Locator($"input[data-member-id='{Evaluator1}']").CheckAsync();
            await secretary.Locator($"input[data-member-id='{Evaluator2}']").CheckAsync();
            await secretary.GetByTestId("assign-evaluators").ClickAsync();
            await Assertions.Expect(secretary.GetByTestId("application-status")).ToHaveTextAsync("评审中");
            await secretary.GotoAsync(cycleUrl);
            await ConsoleFixture.Interactive(secretary);
        }

        var (star, vetoed) = (applications[starWindow], applications[vetoedWindow]);

        // Both evaluators score both with the keyboard; the second fails a veto item of the second window, with the reason.
        await ScoreWithKeyboardAsync("dev-evaluator-1", star, null, "9");
        await ScoreWithKeyboardAsync("dev-evaluator-1", vetoed, null, "9");
        await ScoreWithKeyboardAsync("dev-evaluator-2", star, null, "9", "43-whole-cycle-score-sheet");
        await ScoreWithKeyboardAsync("dev-evaluator-2", vetoed, VetoReason, "9", "44-whole-cycle-veto-failed");

        // The secretary enters satisfaction (with its source) and reports each to the city.
        foreach (var application in new[] { star, vetoed })
        {
            await console.GotoAsync(secretary, $"applications/{application}");
            await Assertions.Expect(secretary.GetByTestId("sheets-in")).ToHaveTextAsync("已交 2 / 2 份");
            await secretary.Locator("#satisfaction-points").FillAsync("9");
            await secretary.Locator("#satisfaction-reason").FillAsync($"{year} 年度群众满意度测评数据");
            await secretary.GetByTestId("enter-satisfaction").ClickAsync();
            await Assertions.Expect(secretary.GetByTestId("application-satisfaction")).ToHaveTextAsync("9.00");
            await secretary.GetByTestId("report").ClickAsync();
            await Assertions.Expect(secretary.GetByTestId("report")).ToHaveCountAsync(0);
            // A vetoed result shows 一票否决 at every stage until the city decides.
            await Assertions.Expect(secretary.GetByTestId("application-status")).ToHaveTextAsync(application == star ? "待审批" : "一票否决");
        }

        await Assertions.Expect(secretary.GetByTestId("application-vetoes")).ToContainTextAsync(VetoReason);
        await console.ScreenshotAsync(secretary, "45-whole-cycle-reported-with-veto");

        // The approver: both await approval with their breakdown and vetoes; one approved, one rejected, each after a confirmation naming it.
        var approver = await console.SignInAsync("dev-approver");
        await approver.GetByRole(AriaRole.Link, new() { Name = "市政府审定" }).ClickAsync();
        await ConsoleFixture.Interactive(approver);
        var awaiting = approver.GetByTestId("awaiting-applications");
        await Assertions.Expect(awaiting.Locator($"tr[data-application-id='{star}'] [data-total]")).ToHaveTextAsync("98.00");
        await Assertions.Expect(awaiting.Locator($"tr[data-application-id='{star}'] [data-stars]")).ToHaveAttributeAsync("data-stars", "5");
        await Assertions.Expect(awaiting.Locator($"tr[data-application-id='{vetoed}'] [data-vetoes]")).ToContainTextAsync(VetoReason);
        await Assertions.Expect(awaiting.Locator($"tr[data-application-id='{vetoed}'] [data-stars]")).ToHaveAttributeAsync("data-stars", "0");
        await approver.Locator($"input[data-choose='{star}']").CheckAsync();
        await approver.Locator("#approvals-comment").FillAsync("同意评定为五星级窗口");
        await approver.GetByTestId("approve-chosen").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("approvals-confirmation")).ToHaveTextAsync($"确认批准以下 1 份申报：{starName}（总分 98.00，5 星）？");
        await console.ScreenshotAsync(approver, "46-approvals-confirmation");
        await approver.GetByTestId("confirm-approvals").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("approvals-decided")).ToHaveTextAsync("已批准 1 份。");
        await Assertions.Expect(awaiting.Locator($"tr[data-application-id='{star}']")).ToHaveCountAsync(0);
        await approver.Locator($"input[data-choose='{vetoed}']").CheckAsync();
        await approver.GetByTestId("reject-chosen").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("approvals-confirmation")).ToContainTextAsync($"确认不予批准以下 1 份申报：{vetoedName}（总分 ");
        await approver.GetByTestId("confirm-approvals").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("approvals-decided")).ToHaveTextAsync("已不予批准 1 份。");
        await console.GotoAsync(approver, $"applications/{star}");
        await Assertions.Expect(approver.GetByTestId("application-status")).ToHaveTextAsync("已批准");
        await console.GotoAsync(approver, $"applications/{vetoed}");
        await Assertions.Expect(approver.GetByTestId("application-status")).ToHaveTextAsync("未批准");

        // The star is held: the public page (no sign-in) shows five stars for the approved window; nothing is held by the rejected one.
        JsonElement award = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var held = await Ok(await console.Suite.Gateway.GetAsync($"/api/awards?unitId={starWindow}&active=true"));
            award = held.GetProperty("items").EnumerateArray().FirstOrDefault(a => a.GetProperty("stars").GetInt32() == 5);
            return award.ValueKind == JsonValueKind.Object;
        }, Delivery, "Awards holds the approved window's five stars");
        var none = await Ok(await console.Suite.Gateway.GetAsync($"/api/awards?unitId={vetoedWindow}"));
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var citizen = await console.AnonymousPageAsync();
        await console.GotoAsync(citizen, "public/stars");
        var heldRow = citizen.Locator($"[data-testid=held-stars] tr[data-award-id='{award.GetProperty("id").GetGuid()}']");
        await Assertions.Expect(heldRow.Locator("th")).ToHaveTextAsync(starName);
        await Assertions.Expect(heldRow.Locator(".stars")).ToHaveTextAsync("★★★★★");
        await Assertions.Expect(heldRow.Locator("[data-plaque]")).ToHaveTextAsync(award.GetProperty("plaqueNumber").GetString()!);
        await Assertions.Expect(citizen.Locator("[data-testid=held-stars] th", new() { HasText = vetoedName })).ToHaveCountAsync(0);
        await heldRow.ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync(citizen, "53-public-stars-after-the-walk");

        // The result table: exported as CSV and Excel, and printed in the form the city publishes.
        await secretary.GotoAsync(cycleUrl);
        await ConsoleFixture.Interactive(secretary);
        var csv = await secretary.RunAndWaitForDownloadAsync(() => secretary.GetByTestId("export-csv").ClickAsync());
        var csvPath = Path.Combine(console.ScreenshotDir, "47-results.csv");
        await csv.SaveAsAsync(csvPath);
        var lines = (await File.ReadAllTextAsync(csvPath, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("名次,申报单位,单位类型,状态,总分,星级,一票否决", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains($",{starName},窗口,已批准,98.00,5,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($",{vetoedName},窗口,未批准,", StringComparison.Ordinal) && l.Contains(VetoReason, StringComparison.Ordinal));
        var xlsx = await secretary.RunAndWaitForDownloadAsync(() => secretary.GetByTestId("export-xlsx").ClickAsync());
        var xlsxPath = Path.Combine(console.ScreenshotDir, "47-results.xlsx");
        await xlsx.SaveAsAsync(xlsxPath);
        var sheet = MiniExcelLibs.MiniExcel.Query(xlsxPath, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(sheet, r => (string)r["申报单位"] == starName && (string)r["星级"] == "5");
        Assert.Contains(sheet, r => (string)r["申报单位"] == vetoedName && ((string)r["一票否决"]).Contains(VetoReason, StringComparison.Ordinal));

        await secretary.GetByTestId("print-results").ClickAsync();
        await ConsoleFixture.Interactive(secretary);
        var published = secretary.GetByTestId("results");
        await Assertions.Expect(secretary.Locator("h1")).ToHaveTextAsync($"{year} 年度五星级政务服务中心（窗口）评定结果");
        await Assertions.Expect(published.Locator($"tr[data-application-id='{star}'] th")).ToHaveTextAsync(starName);
        await Assertions.Expect(published.Locator($"tr[data-application-id='{star}'] [data-stars]")).ToHaveTextAsync("5 星级");
        await Assertions.Expect(published.Locator($"tr[data-application-id='{star}'] [data-veto]")).ToHaveTextAsync("无");
        await Assertions.Expect(published.Locator($"tr[data-application-id='{vetoed}'] [data-stars]")).ToHaveTextAsync("无星");
        // The panel's reason names the item itself (考评组评定第N项不合格：…): the table names it once.
        await Assertions.Expect(published.Locator($"tr[data-application-id='{vetoed}'] [data-veto]"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^\s*考评组评定第\d+项不合格：{VetoReason}\s*$"));
        await console.ScreenshotAsync(secretary, "48-results-publication");
    }

    [Fact]
    public async Task The_secretary_moves_a_cycle_from_open_to_evaluating_to_closed_each_after_a_confirmation()
    {
        await CatalogReachedScoringAsync();
        // A year no other console test opens (cycles are two years apart): nothing filed in it, so it closes at once.
        var year = (ChinaYear() + 20).ToString(CultureInfo.InvariantCulture);
        var page = await console.SignInAsync("dev-secretary");
        await console.GotoAsync(page, "cycles");
        await page.Locator("#cycle-year").FillAsync(year);
        await page.GetByTestId("open-cycle-submit").ClickAsync();
        var row = page.Locator("[data-testid=cycles] tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = year, Exact = true }) });
        await Assertions.Expect(row.Locator("td[data-status]")).ToHaveTextAsync("申报中");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.GetByTestId("cycle-status")).ToHaveTextAsync("申报中");
        await Assertions.Expect(page.GetByTestId("file-application")).ToBeVisibleAsync();

        // Asked first, and cancelled: nothing moves.
        await page.GetByTestId("move").ClickAsync();
        await Assertions.Expect(page.GetByTestId("move-confirmation")).ToHaveTextAsync($"确认截止 {year} 年度申报并转入评审？此后不再受理申报。");
        await Assertions.Expect(page.GetByTestId("confirm-move")).ToBeFocusedAsync();
        await console.ScreenshotAsync(page, "49-cycle-move-confirmation");
        await page.GetByTestId("cancel-move").ClickAsync();
        await Assertions.Expect(page.GetByTestId("cycle-status")).ToHaveTextAsync("申报中");

        // Confirmed with the keyboard: evaluating, and no more filing.
        await page.GetByTestId("move").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-move")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("cycle-status")).ToHaveTextAsync("评审中");
        await Assertions.Expect(page.GetByTestId("file-application")).ToHaveCountAsync(0);

        await page.GetByTestId("move").ClickAsync();
        await Assertions.Expect(page.GetByTestId("move-confirmation")).ToHaveTextAsync($"确认结束 {year} 年度评定？所有申报须已审定。");
        await page.GetByTestId("confirm-move").ClickAsync();
        await Assertions.Expect(page.GetByTestId("cycle-status")).ToHaveTextAsync("已结束");
        await Assertions.Expect(page.GetByTestId("move-cycle")).ToHaveCountAsync(0);
        await console.ScreenshotAsync(page, "50-cycle-closed");
        var cycles = await Ok(await console.Suite.Gateway.GetAsync($"/api/scoring/cycles?year={year}"));
        Assert.Equal("closed", cycles.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_approver_approves_a_checked_group_after_a_confirmation_naming_each_and_confirms_a_pending_revocation_with_its_case()
    {
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, items) = await steps.CycleAndItemsAsync();
        var tag = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var (firstName, secondName) = ($"民政窗口甲{tag}", $"民政窗口乙{tag}");
        var secretaryApi = await console.Suite.GatewayAsAsync("dev-secretary");
        var firstWindow = await steps.WindowAsync(firstName);
        var first = await FileAndAssignAsync(secretaryApi, cycleId, firstWindow);
        var second = await FileAndAssignAsync(secretaryApi, cycleId, await steps.WindowAsync(secondName));
        foreach (var id in new[] { first, second })
        {
            await steps.PutSheetAsync("dev-evaluator-1", id, Evaluator1, items, [], 9m);
            await steps.PutSheetAsync("dev-evaluator-2", id, Evaluator2, items, [], 9m);
            await Ok(await secretaryApi.PutAsJsonAsync($"/api/scoring/applications/{id}/satisfaction", new { points = 9 }));
            await Ok(await secretaryApi.PostAsJsonAsync($"/api/scoring/applications/{id}/report", new { }));
        }

        var approver = await console.SignInAsync("dev-approver");
        await console.GotoAsync(approver, "approvals");
        await approver.Locator($"input[data-choose='{first}']").CheckAsync();
        await approver.Locator($"input[data-choose='{second}']").CheckAsync();
        await approver.GetByTestId("approve-chosen").ClickAsync();
        var confirmation = approver.GetByTestId("approvals-confirmation");
        await Assertions.Expect(confirmation).ToContainTextAsync("确认批准以下 2 份申报：");
        await Assertions.Expect(confirmation).ToContainTextAsync($"{firstName}（总分 98.00，5 星）");
        await Assertions.Expect(confirmation).ToContainTextAsync($"{secondName}（总分 98.00，5 星）");
        await console.ScreenshotAsync(approver, "51-approvals-group-confirmation");
        await approver.GetByTestId("confirm-approvals").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("approvals-decided")).ToHaveTextAsync("已批准 2 份。");
        foreach (var id in new[] { first, second })
        {
            var decided = await Ok(await secretaryApi.GetAsync($"/api/scoring/applications/{id}"));
            Assert.Equal("approved", decided.GetProperty("status").GetString());
        }

        // A confirmed violation against the first window: Awards opens a revocation, which the approver confirms on the page.
        Guid awardId = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var held = await Ok(await console.Suite.Gateway.GetAsync($"/api/awards?unitId={firstWindow}&active=true"));
            var award = held.GetProperty("items").EnumerateArray().FirstOrDefault();
            awardId = award.ValueKind == JsonValueKind.Object ? award.GetProperty("id").GetGuid() : default;
            return awardId != default;
        }, Delivery, "Awards holds the first window's star");
        var caseNumber = await ConfirmedViolationAsync(firstWindow);
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var pending = await Ok(await (await console.Suite.GatewayAsAsync("dev-approver")).GetAsync($"/api/awards/revocations?status=pending&awardId={awardId}"));
            return pending.GetProperty("total").GetInt32() == 1;
        }, Delivery, "a pending revocation of the first window's award");

        await approver.ReloadAsync();
        await ConsoleFixture.Interactive(approver);
        var row = approver.Locator($"[data-testid=revocations] tr[data-award-id='{awardId}']");
        await Assertions.Expect(row.Locator("th")).ToHaveTextAsync(firstName);
        await Assertions.Expect(row).ToContainTextAsync(caseNumber);
        await Assertions.Expect(row).ToContainTextAsync("违反党纪政纪（吃拿卡要、推诿扯皮），经纪检部门查实");
        await row.GetByTestId("revoke").ClickAsync();
        await Assertions.Expect(row.GetByTestId("revocation-confirmation")).ToContainTextAsync($"确认撤销 {firstName} 的星级");
        await Assertions.Expect(row.GetByTestId("revocation-confirmation")).ToContainTextAsync(caseNumber);
        await approver.Locator("#revocation-comment").FillAsync("取消该窗口五星级资格");
        await console.ScreenshotAsync(approver, "52-revocation-confirmation");
        await row.GetByTestId("confirm-revocation").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        var award = await Ok(await console.Suite.Gateway.GetAsync($"/api/awards/{awardId}"));
        Assert.Equal("revoked", award.GetProperty("status").GetString());
        Assert.Equal(caseNumber, award.GetProperty("revocationCaseNumber").GetString());
    }

    private static int ChinaYear() => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;

    /// <summary>Scoring holds the published catalog (window and center criteria, the star scheme): a cycle can be opened.</summary>
    private Task CatalogReachedScoringAsync() =>
        SuiteFixture.EventuallyAsync(async () =>
                await console.Suite.CountAsync("scoring", "select count(*) from criteria_versions where owner_division_code is null") >= 2
                && await console.Suite.CountAsync("scoring", "select count(*) from star_schemes") >= 1,
            Delivery, "the catalog reached Scoring");

    /// <summary>A 12388 report against the unit, investigated and a violation (integrity) confirmed, through the API.</summary>
    private async Task<string> ConfirmedViolationAsync(Guid unitId)
    {
        var discipline = await console.Suite.GatewayAsAsync("dev-discipline");
        var report = await Created(await discipline.PostAsJsonAsync("/api/complaints", new
        {
            channel = "12388",
            targetUnitId = unitId,
            category = "discipline",
            description = "窗口工作人员收受办事群众财物",
            occurredAt = DateTimeOffset.UtcNow,
            caller = new { name = "赵六", phone = "13600000000" },
            anonymous = false,
        }));
        var caseId = report.GetProperty("id").GetGuid();
        await Ok(await discipline.PostAsJsonAsync($"/api/complaints/{caseId}/assignment", new { investigatorId = DevInvestigator }));
        var investigator = await console.Suite.GatewayAsAsync("dev-investigator");
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/investigation", new { }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/finding",
            new { substantiated = true, violation = true, offence = "integrity", summary = "经市纪委查实，窗口工作人员违反廉洁纪律" }));
        return report.GetProperty("caseNumber").GetString()!;
    }

    /// <summary>
    /// An evaluator scores every item at its maximum with the keyboard only (the cursor starts in item 1; Tab between items),
    /// failing the first veto item with <paramref name="vetoReason"/> when given, then the panel judgement and Enter.
    /// </summary>
    private async Task ScoreWithKeyboardAsync(string account, Guid application, string? vetoReason, string judgement, string? screenshot = null)
    {
        var page = await console.SignInAsync(account);
        await console.GotoAsync(page, $"evaluations/{application}");
        var rows = page.Locator("tr[data-item]");
        await Assertions.Expect(rows).ToHaveCountAsync(27);
        var items = new List<(int Number, string Max, bool Veto)>();
        for (var i = 0; i < 27; i++)
        {
            var r = rows.Nth(i);
            items.Add((int.Parse((await r.GetAttributeAsync("data-item"))!, CultureInfo.InvariantCulture),
                (await r.Locator("td.num").Nth(1).TextContentAsync())!.Trim(), await r.GetAttributeAsync("data-veto") == "true"));
        }

        var failed = vetoReason is null ? -1 : items.First(i => i.Veto).Number;
        await Assertions.Expect(page.Locator($"#item-{items[0].Number}")).ToBeFocusedAsync();
        foreach (var item in items)
        {
            var input = page.Locator($"#item-{item.Number}");
            await Assertions.Expect(input).ToBeFocusedAsync();
            var points = item.Number == failed ? "0" : item.Max;
            await page.Keyboard.TypeAsync(points);
            await Assertions.Expect(input).ToHaveValueAsync(points);
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
                    await page.Keyboard.TypeAsync(vetoReason!);
                    await Assertions.Expect(page.Locator($"#item-{item.Number}-problem")).ToHaveCountAsync(0);
                }

                await page.Keyboard.PressAsync("Tab");
            }
        }

        await Assertions.Expect(page.Locator("#panel-judgement")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(judgement);
        if (screenshot is not null)
        {
            await console.ScreenshotAsync(page, screenshot);
        }

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("sheet-submitted")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
