using Microsoft.Playwright;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>A hotline case worked in the console, in a real browser: logged, listed, assigned, investigated, closed.</summary>
[Collection(ConsoleCollection.Name)]
public class CaseWorkTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_operator_logs_a_96960_call_by_keyboard_and_an_investigator_records_the_finding()
    {
        var (centerName, _, windowName) = await console.RegisterWindowAsync();

        // The operator, keyboard only: type-ahead, arrows, Enter, Tab through the form, Enter submits.
        var operatorPage = await console.SignInAsync("dev-operator");
        await console.ScreenshotAsync(operatorPage, "01-home-operator");
        await console.GotoAsync(operatorPage, "cases/new");
        await Assertions.Expect(operatorPage.Locator("#unit-search")).ToBeFocusedAsync();
        await operatorPage.Keyboard.TypeAsync(centerName);
        await Assertions.Expect(operatorPage.Locator("#unit-options")).ToContainTextAsync(windowName);
        await operatorPage.Keyboard.PressAsync("ArrowDown"); // the center first, then its window
        await operatorPage.Keyboard.PressAsync("Enter");
        await Assertions.Expect(operatorPage.GetByTestId("chosen-unit")).ToContainTextAsync(windowName);
        await Assertions.Expect(operatorPage.Locator("#channel")).ToBeFocusedAsync();
        await Assertions.Expect(operatorPage.Locator("#channel")).ToHaveValueAsync("96960");
        await operatorPage.Keyboard.PressAsync("Tab"); // category: attitude (the first)
        await operatorPage.Keyboard.PressAsync("Tab");
        await Assertions.Expect(operatorPage.Locator("#description")).ToBeFocusedAsync();
        await operatorPage.Keyboard.TypeAsync("窗口工作人员态度生硬，拒绝一次性告知所需材料");
        await operatorPage.Keyboard.PressAsync("Tab"); // anonymous: no
        await operatorPage.Keyboard.PressAsync("Tab");
        await operatorPage.Keyboard.TypeAsync("王五");
        await operatorPage.Keyboard.PressAsync("Tab");
        await operatorPage.Keyboard.TypeAsync("13900000000");
        await operatorPage.Keyboard.PressAsync("Enter"); // when it happened stays "now"

        var filed = operatorPage.GetByTestId("filed");
        await Assertions.Expect(filed).ToBeFocusedAsync();
        var caseNumber = (await operatorPage.GetByTestId("case-number").TextContentAsync())!.Trim();
        Assert.Matches(@"^TS-\d{4}-\d{6,}$", caseNumber);
        // The lookup code the operator reads out to the caller.
        await Assertions.Expect(operatorPage.GetByTestId("lookup-code")).ToContainTextAsync("查询办理进度");
        Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", (await operatorPage.GetByTestId("lookup-code").TextContentAsync())!.Trim());
        await Assertions.Expect(operatorPage.GetByTestId("due-at")).ToContainTextAsync("年"); // 2026年12月18日: a zh-CN date
        await console.ScreenshotAsync(operatorPage, "02-case-logged");

        // My cases: the new case with its status and due date.
        await console.GotoAsync(operatorPage, "cases");
        var row = operatorPage.Locator($"tr[data-case-number='{caseNumber}']");
        await Assertions.Expect(row).ToContainTextAsync("已受理");
        await Assertions.Expect(row).ToContainTextAsync(windowName);
        await console.ScreenshotAsync(operatorPage, "03-my-cases");

        // Assign the investigator.
        await row.GetByRole(AriaRole.Link, new() { Name = caseNumber }).ClickAsync();
        await ConsoleFixture.Interactive(operatorPage);
        await operatorPage.Locator("#investigator").SelectOptionAsync("00000000-0000-4000-8000-000000000003");
        await operatorPage.GetByTestId("assign").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("case-status")).ToHaveTextAsync("已分派");
        await console.ScreenshotAsync(operatorPage, "04-case-assigned");

        // The investigator: assigned cases, the case, a finding.
        var investigatorPage = await console.SignInAsync("dev-investigator");
        await console.GotoAsync(investigatorPage, "cases");
        await Assertions.Expect(investigatorPage.Locator("h1")).ToHaveTextAsync("我的调查");
        await investigatorPage.Locator($"tr[data-case-number='{caseNumber}'] a").ClickAsync();
        await ConsoleFixture.Interactive(investigatorPage);
        await investigatorPage.GetByTestId("start-investigation").ClickAsync();
        await Assertions.Expect(investigatorPage.GetByTestId("case-status")).ToHaveTextAsync("调查中");
        await investigatorPage.Locator("#substantiated").CheckAsync();
        await investigatorPage.Locator("#summary").FillAsync("经核实，窗口人员服务态度生硬，投诉属实");
        await console.ScreenshotAsync(investigatorPage, "05-finding");
        await investigatorPage.GetByTestId("record-finding").ClickAsync();
        await Assertions.Expect(investigatorPage.GetByTestId("case-status")).ToHaveTextAsync("属实");

        // The operator closes it with what the caller was told.
        await operatorPage.ReloadAsync();
        await ConsoleFixture.Interactive(operatorPage);
        await operatorPage.Locator("#feedback").FillAsync("已电话告知来电人调查结果及整改情况");
        await operatorPage.GetByTestId("close").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("case-status")).ToHaveTextAsync("已办结");
    }

    [Fact]
    public async Task A_12388_reporters_phone_never_appears_for_the_operator_who_logged_it()
    {
        var (centerName, _, windowName) = await console.RegisterWindowAsync();
        var phone = $"138{Random.Shared.Next(10000000, 99999999)}";
        var name = $"举报人{Random.Shared.Next(1000, 9999)}";

        var operatorPage = await console.SignInAsync("dev-operator");
        var seen = new List<string>();
        operatorPage.Response += (_, response) => seen.Add(response.Url);
        await console.GotoAsync(operatorPage, "cases/new");
        await operatorPage.Locator("#unit-search").FillAsync(centerName);
        await operatorPage.Locator("#unit-options [role=option]", new() { HasText = windowName }).ClickAsync();
        await operatorPage.Locator("#channel").SelectOptionAsync("12388");
        await operatorPage.Locator("#category").SelectOptionAsync("discipline");
        await operatorPage.Locator("#description").FillAsync("反映窗口工作人员索要好处费");
        await operatorPage.Locator("#caller-name").FillAsync(name);
        await operatorPage.Locator("#caller-phone").FillAsync(phone);
        await operatorPage.GetByTestId("submit-case").ClickAsync();
        var caseNumber = (await operatorPage.GetByTestId("case-number").TextContentAsync())!.Trim();

        await AssertNowhereAsync(operatorPage, phone, name, "the confirmation");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "查看案件" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("detail-case-number")).ToHaveTextAsync(caseNumber);
        await Assertions.Expect(operatorPage.GetByTestId("case-detail")).ToContainTextAsync("按规定不显示");
        await AssertNowhereAsync(operatorPage, phone, name, "the case");
        await console.ScreenshotAsync(operatorPage, "06-case-12388-operator");
        await console.GotoAsync(operatorPage, "cases");
        await Assertions.Expect(operatorPage.Locator($"tr[data-case-number='{caseNumber}']")).ToBeVisibleAsync();
        await AssertNowhereAsync(operatorPage, phone, name, "my cases");

        // Discipline may see the reporter: the same page shows the phone when the role allows it.
        var disciplinePage = await console.SignInAsync("dev-discipline");
        await console.GotoAsync(disciplinePage, "cases");
        await disciplinePage.Locator($"tr[data-case-number='{caseNumber}'] a").ClickAsync();
        await Assertions.Expect(disciplinePage.GetByTestId("case-detail")).ToContainTextAsync(phone);

        // Discipline finds the report by the reporter's phone, typed with spaces; the operator's list has no such field.
        await Assertions.Expect(operatorPage.Locator("#phone-filter")).ToHaveCountAsync(0);
        await console.GotoAsync(disciplinePage, "cases");
        await disciplinePage.Locator("#phone-filter").FillAsync("12-34");
        await disciplinePage.GetByTestId("search-cases").ClickAsync();
        await Assertions.Expect(disciplinePage.Locator("#phone-filter-problem")).ToContainTextAsync("至少 5 位数字");
        await Assertions.Expect(disciplinePage.Locator("#phone-filter")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(disciplinePage.Locator("#phone-filter")).ToBeFocusedAsync();
        await disciplinePage.Locator("#phone-filter").FillAsync($"{phone[..3]} {phone[3..7]} {phone[7..]}");
        await disciplinePage.GetByTestId("search-cases").ClickAsync();
        await Assertions.Expect(disciplinePage.GetByTestId("case-count")).ToContainTextAsync("共 1 件");
        await Assertions.Expect(disciplinePage.Locator("table.cases tbody tr")).ToHaveAttributeAsync("data-case-number", caseNumber);
        await console.ScreenshotAsync(disciplinePage, "07-cases-by-phone-discipline");
    }

    [Fact]
    public async Task Problems_from_the_api_show_next_to_their_field_and_the_console_speaks_english_on_request()
    {
        var page = await console.SignInAsync("dev-operator");
        await console.GotoAsync(page, "cases/new");
        // The page puts the cursor in the unit search once it is interactive: wait for it, or that
        // focus can land between a fill's focus and its typing and take the text.
        await Assertions.Expect(page.Locator("#unit-search")).ToBeFocusedAsync();
        await page.Locator("#description").FillAsync("未选择单位");
        await page.GetByTestId("submit-case").ClickAsync();

        // The API's 400 names targetUnitId: its message stands under the unit search, which points at it,
        // is marked invalid and has the focus (the first field in error, not <body>). In the page's
        // language, as the API words it for Accept-Language: zh-CN.
        await Assertions.Expect(page.Locator("#unit-problem")).ToContainTextAsync("被投诉单位（服务中心、窗口或便民服务点）为必填项。");
        await Assertions.Expect(page.Locator("#unit-search")).ToHaveAttributeAsync("aria-describedby", "unit-hint unit-problem");
        await Assertions.Expect(page.Locator("#unit-search")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#unit-search")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("请检查填写的内容");
        await Assertions.Expect(page.Locator("#caller-problem")).ToBeVisibleAsync();
        await console.ScreenshotAsync(page, "19-problems");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Log a call");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.Locator("#description").FillAsync("No unit chosen");
        await page.GetByTestId("submit-case").ClickAsync();
        await Assertions.Expect(page.Locator("#unit-problem")).ToContainTextAsync("The target unit (a center, window or outlet) is required.");
    }

    private static async Task AssertNowhereAsync(IPage page, string phone, string name, string where)
    {
        var html = await page.ContentAsync();
        Assert.False(html.Contains(phone, StringComparison.Ordinal), $"the reporter's phone appears on {where}");
        Assert.False(html.Contains(name, StringComparison.Ordinal), $"the reporter's name appears on {where}");
    }
}
