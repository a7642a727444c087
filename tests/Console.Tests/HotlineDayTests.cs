using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// A hotline center's day in the console (issue 21): the occurrence time typed, a long case list
/// searched, sorted and exported, a window found by its name, a case's finding, feedback and
/// timeline, a stale page, an appeal, and an unexpected exception that keeps the form.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class HotlineDayTests(ConsoleFixture console)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static string ChinaText(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_call_is_logged_with_an_occurrence_time_typed_in_the_past_and_one_in_the_future_is_refused_by_the_field()
    {
        var (_, _, windowName) = await console.RegisterWindowAsync();
        var page = await console.SignInAsync("dev-operator");
        await console.GotoAsync(page, "cases/new");

        // A window found by its own name, as callers give it (社保窗口…), with its center beside it.
        await page.Locator("#unit-search").FillAsync(windowName);
        var option = page.Locator("#unit-options [role=option]", new() { HasText = windowName });
        await Assertions.Expect(option).ToContainTextAsync("测试县政务服务中心");
        // Options are not tab stops: the search box keeps the focus and names the active option.
        Assert.Equal(0, await page.Locator("#unit-options button, #unit-options [tabindex]").CountAsync());
        await Assertions.Expect(page.Locator("#unit-search")).ToHaveAttributeAsync("aria-activedescendant", "unit-option-0");
        await console.ScreenshotAsync(page, "22-window-by-name");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("chosen-unit")).ToContainTextAsync(windowName);

        // The placeholder's examples find what they promise: 社保 a window, 东坡区 a center.
        await page.GetByRole(AriaRole.Button, new() { Name = "更换单位" }).ClickAsync();
        var placeholder = await page.Locator("#unit-search").GetAttributeAsync("placeholder");
        Assert.Contains("社保", placeholder, StringComparison.Ordinal);
        Assert.Contains("东坡区", placeholder, StringComparison.Ordinal);
        await page.Locator("#unit-search").FillAsync("社保");
        await Assertions.Expect(page.Locator("#unit-options [role=option]").First).ToContainTextAsync("窗口");
        var admin = await console.Suite.GatewayAsAsync("dev-admin");
        var dongpo = $"东坡区政务服务中心{Random.Shared.Next(100000, 999999)}";
        Assert.True((await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(dongpo))).IsSuccessStatusCode);
        await page.Locator("#unit-search").FillAsync("东坡区");
        await Assertions.Expect(page.Locator("#unit-options")).ToContainTextAsync("东坡区政务服务中心");
        await page.Locator("#unit-search").FillAsync(windowName);
        await page.Locator("#unit-options [role=option]", new() { HasText = windowName }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chosen-unit")).ToContainTextAsync(windowName);
        await page.Locator("#description").FillAsync("窗口办理社保转移拖延两周");
        await page.Locator("#caller-name").FillAsync("赵六");
        await page.Locator("#caller-phone").FillAsync("13700000000");

        // The time field starts at now, written as in China (2026-12-02 08:34).
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", await page.Locator("#occurred-at").InputValueAsync());

        // In the future: refused next to the field, in Chinese, the field marked and focused; nothing sent.
        await page.Locator("#occurred-at").FillAsync(ChinaText(DateTimeOffset.UtcNow.AddDays(1)));
        await page.GetByTestId("submit-case").ClickAsync();
        await Assertions.Expect(page.Locator("#occurred-problem")).ToHaveTextAsync("发生时间不能晚于现在。");
        await Assertions.Expect(page.Locator("#occurred-at")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#occurred-at")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("filed")).ToBeHiddenAsync();
        await console.ScreenshotAsync(page, "23-occurred-in-future");

        // Not a time: its own message, never a crash.
        await page.Locator("#occurred-at").FillAsync("1");
        await page.GetByTestId("submit-case").ClickAsync();
        await Assertions.Expect(page.Locator("#occurred-problem")).ToContainTextAsync("请按");

        // Two days ago, typed: the case keeps it.
        var past = DateTimeOffset.UtcNow.AddDays(-2);
        await page.Locator("#occurred-at").FillAsync(ChinaText(past));
        await page.GetByTestId("submit-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("filed")).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "查看案件" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-detail")).ToContainTextAsync(ChinaText(past));
    }

    [Fact]
    public async Task An_unexpected_exception_shows_a_chinese_message_and_keeps_the_form()
    {
        var page = await console.SignInAsync("dev-operator");
        await console.GotoAsync(page, "cases/new?fault=submit");
        // The page puts the cursor in the unit search once it is interactive: wait for it, or that
        // focus can land between a fill's focus and its typing and take the text.
        await Assertions.Expect(page.Locator("#unit-search")).ToBeFocusedAsync();
        await page.Locator("#description").FillAsync("一段不应丢失的来电记录");
        await page.Locator("#caller-name").FillAsync("钱七");
        await page.GetByTestId("submit-case").ClickAsync();

        var error = page.GetByTestId("unexpected-error");
        await Assertions.Expect(error).ToContainTextAsync("系统出现意外错误");
        await Assertions.Expect(error).ToContainTextAsync("已保留");
        await Assertions.Expect(page.Locator("#description")).ToHaveValueAsync("一段不应丢失的来电记录");
        await Assertions.Expect(page.Locator("#caller-name")).ToHaveValueAsync("钱七");
        await console.ScreenshotAsync(page, "24-unexpected-error");

        // The circuit lives on: the form still answers (the counter follows typing).
        await page.Locator("#description").FillAsync("一段不应丢失的来电记录，补充");
        await Assertions.Expect(page.GetByTestId("description-count")).ToContainTextAsync("14 / 4,000");
        await error.GetByRole(AriaRole.Button, new() { Name = "知道了" }).ClickAsync();
        await Assertions.Expect(error).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#description")).ToHaveValueAsync("一段不应丢失的来电记录，补充");
    }

    [Fact]
    public async Task Long_text_is_counted_and_kept_whole_with_the_limit_said()
    {
        var page = await console.SignInAsync("dev-operator");
        await console.GotoAsync(page, "cases/new");
        // The page puts the cursor in the unit search once it is interactive: wait for it, or that
        // focus can land between a fill's focus and its typing and take the text.
        await Assertions.Expect(page.Locator("#unit-search")).ToBeFocusedAsync();
        var text = new string('长', 10_000);
        await page.Locator("#description").FillAsync(text);
        Assert.Equal(10_000, (await page.Locator("#description").InputValueAsync()).Length);
        await Assertions.Expect(page.GetByTestId("description-count")).ToContainTextAsync("超过上限 4,000 字 6,000 字");
        await Assertions.Expect(page.Locator("#description")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByTestId("submit-case").ClickAsync();
        await Assertions.Expect(page.Locator("#description-problem")).ToContainTextAsync("最多 4,000 字");
        await console.ScreenshotAsync(page, "25-long-text");
    }

    [Fact]
    public async Task A_list_of_120_cases_is_paged_searched_by_number_and_unit_sorted_by_due_date_and_exported()
    {
        var (_, windowId, windowName) = await console.RegisterWindowAsync();
        var operatorApi = await console.Suite.GatewayAsAsync("dev-operator");
        var cases = new List<(Guid Id, string Number)>();
        foreach (var batch in Enumerable.Range(0, 120).Chunk(10))
        {
            cases.AddRange(await Task.WhenAll(batch.Select(i => FileAsync(operatorApi, windowId, $"第 {i} 件：窗口办理拖延"))));
        }

        // Three of them came in weeks ago: their deadlines are the nearest (and past).
        await using (var db = await console.Suite.OpenDatabaseAsync("complaints"))
        {
            for (var k = 0; k < 3; k++)
            {
                await using var command = new Npgsql.NpgsqlCommand(
                    "update complaints set received_at = received_at - make_interval(days => $1), due_at = due_at - make_interval(days => $1), " +
                    "acknowledge_due_at = acknowledge_due_at - make_interval(days => $1) where id = $2", db);
                command.Parameters.AddWithValue(40 - k * 5);
                command.Parameters.AddWithValue(cases[k * 7].Id);
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }
        }

        var page = await console.SignInAsync("dev-operator");
        await console.GotoAsync(page, "cases");
        await page.Locator("#unit-filter").FillAsync(windowName);
        await page.GetByTestId("search-cases").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-count")).ToContainTextAsync("共 120 件，第 1 / 6 页");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(20);

        // Paged to the end: the last page holds the oldest ones.
        for (var n = 2; n <= 6; n++)
        {
            await page.GetByTestId("next-page").ClickAsync();
            await Assertions.Expect(page.GetByTestId("page-number")).ToHaveTextAsync($"第 {n} / 6 页");
        }

        await Assertions.Expect(page.GetByTestId("next-page")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator($"tr[data-case-number='{cases[0].Number}']")).ToBeVisibleAsync();

        // Nearest deadline first: the three old cases, the oldest first, overdue, with the days past.
        await page.Locator("#sort").SelectOptionAsync("due");
        await Assertions.Expect(page.GetByTestId("page-number")).ToHaveTextAsync("第 1 / 6 页");
        var rows = page.Locator("tbody tr");
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-case-number", cases[0].Number);
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-case-number", cases[7].Number);
        await Assertions.Expect(rows.Nth(2)).ToHaveAttributeAsync("data-case-number", cases[14].Number);
        await Assertions.Expect(rows.Nth(0).GetByTestId("days-left")).ToContainTextAsync("已逾期");
        await Assertions.Expect(rows.Nth(3).GetByTestId("days-left")).ToContainTextAsync("天");
        var dues = await page.GetByTestId("due").AllTextContentsAsync();
        var days = dues.Select(d => d.Trim()[..10]).ToList();
        Assert.Equal(days.Order(StringComparer.Ordinal).ToList(), days);
        await console.ScreenshotAsync(page, "26-cases-by-due-date");

        // By number: any part of it finds the one case.
        await page.Locator("#case-number-filter").FillAsync(cases[42].Number[^6..]);
        await page.GetByTestId("search-cases").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-count")).ToHaveTextAsync("共 1 件");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-case-number", cases[42].Number);

        // Exported: every case of the filter (all pages), one row each under a header.
        await page.Locator("#case-number-filter").FillAsync("");
        await page.GetByTestId("search-cases").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-count")).ToContainTextAsync("共 120 件");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(console.ScreenshotDir, "27-export.csv");
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(121, lines.Length);
        Assert.StartsWith("案件编号,渠道,被投诉单位", lines[0], StringComparison.Ordinal);
        Assert.Equal(120, lines.Skip(1).Count(l => l.Contains(windowName, StringComparison.Ordinal)));
        Assert.All(cases, c => Assert.Contains(lines, l => l.StartsWith(c.Number + ",", StringComparison.Ordinal)));

        // The same rows as an Excel workbook.
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", workbook.SuggestedFilename, StringComparison.Ordinal);
        var xlsx = Path.Combine(console.ScreenshotDir, "27-export.xlsx");
        await workbook.SaveAsAsync(xlsx);
        var sheet = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(120, sheet.Count);
        Assert.Equal(cases.Select(c => c.Number).Order(StringComparer.Ordinal), sheet.Select(r => (string)r["案件编号"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_case_page_shows_the_finding_the_feedback_and_the_timeline_refreshes_a_stale_tab_and_takes_an_appeal()
    {
        var (_, windowId, _) = await console.RegisterWindowAsync();
        var (id, number) = await FileAsync(await console.Suite.GatewayAsAsync("dev-operator"), windowId, "窗口人员办事推诿");
        var operatorPage = await console.SignInAsync("dev-operator");
        await console.GotoAsync(operatorPage, $"cases/{id}");
        // The picker names the directory's active investigators (not 马超, who left), and the choice is by name.
        var picker = operatorPage.Locator("#investigator");
        await Assertions.Expect(picker.Locator("option[value='00000000-0000-4000-8000-000000000013']")).ToHaveTextAsync("黄丽");
        await Assertions.Expect(picker.Locator("option[value='00000000-0000-4000-8000-000000000016']")).ToHaveCountAsync(0);
        await picker.SelectOptionAsync(new SelectOptionValue { Label = "李明" });
        await operatorPage.GetByTestId("assign").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("case-status")).ToHaveTextAsync("已分派");
        await Assertions.Expect(operatorPage.GetByTestId("detail-investigator")).ToHaveTextAsync("李明");

        // The investigator: only 认定违纪违规 ticked — the rule that makes it 属实 is said on the form.
        var investigatorPage = await console.SignInAsync("dev-investigator");
        await Assertions.Expect(investigatorPage.Locator(".cards")).ToContainTextAsync("开始调查");
        await console.GotoAsync(investigatorPage, $"cases/{id}");
        await investigatorPage.GetByTestId("start-investigation").ClickAsync();
        await Assertions.Expect(investigatorPage.GetByTestId("case-status")).ToHaveTextAsync("调查中");
        await investigatorPage.Locator("#violation").CheckAsync();
        await Assertions.Expect(investigatorPage.Locator("#substantiated")).ToBeCheckedAsync();
        await Assertions.Expect(investigatorPage.Locator("#substantiated")).ToBeDisabledAsync();
        await Assertions.Expect(investigatorPage.GetByTestId("violation-rule")).ToContainTextAsync("即认定投诉属实");
        await investigatorPage.Locator("#offence").SelectOptionAsync("integrity");
        await investigatorPage.Locator("#summary").FillAsync("经核实，窗口人员推诿扯皮，违反工作纪律");
        await investigatorPage.GetByTestId("record-finding").ClickAsync();
        await Assertions.Expect(investigatorPage.GetByTestId("case-status")).ToHaveTextAsync("属实");

        // Two tabs of the operator on the case; the first closes it.
        await operatorPage.ReloadAsync();
        await ConsoleFixture.Interactive(operatorPage);
        var staleTab = await operatorPage.Context.NewPageAsync();
        await console.GotoAsync(staleTab, $"cases/{id}");
        await Assertions.Expect(operatorPage.GetByTestId("finding-summary")).ToHaveTextAsync("经核实，窗口人员推诿扯皮，违反工作纪律");
        await Assertions.Expect(operatorPage.GetByTestId("finding")).ToContainTextAsync("认定违纪违规");
        await operatorPage.Locator("#feedback").FillAsync("已电话告知来电人调查结果及处理情况");
        await operatorPage.GetByTestId("close").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("case-status")).ToHaveTextAsync("已办结");
        await Assertions.Expect(operatorPage.GetByTestId("feedback")).ToHaveTextAsync("已电话告知来电人调查结果及处理情况");
        var timeline = operatorPage.GetByTestId("timeline");
        await Assertions.Expect(timeline.Locator("li")).ToHaveCountAsync(5);
        foreach (var step in new[] { "受理来电", "分派给 李明", "开始调查", "提交调查结论：属实", "办结并反馈来电人" })
        {
            await Assertions.Expect(timeline).ToContainTextAsync(step);
        }

        // Who did what, by name from the directory: the operator who logged the call, the investigator's steps.
        await Assertions.Expect(timeline.Locator("li").First.Locator(".who")).ToHaveTextAsync("张晓燕");
        await Assertions.Expect(timeline.Locator("li", new() { HasText = "开始调查" }).Locator(".who")).ToHaveTextAsync("李明");

        await console.ScreenshotAsync(operatorPage, "28-case-closed-with-timeline");

        // The stale tab still offers closing: it is told in Chinese, and shows the case as it is.
        await staleTab.Locator("#feedback").FillAsync("重复办结");
        await staleTab.GetByTestId("close").ClickAsync();
        await Assertions.Expect(staleTab.GetByTestId("stale")).ToContainTextAsync("状态已从「属实」变为「已办结」");
        await Assertions.Expect(staleTab.GetByTestId("case-status")).ToHaveTextAsync("已办结");
        await Assertions.Expect(staleTab.GetByTestId("close")).ToHaveCountAsync(0);
        await Assertions.Expect(staleTab.GetByTestId("feedback")).ToHaveTextAsync("已电话告知来电人调查结果及处理情况");
        await console.ScreenshotAsync(staleTab, "29-stale-tab");

        // The caller appeals within the period the API gives: the case is received again, the first round kept.
        await Assertions.Expect(operatorPage.Locator("#appeal-title + p")).ToContainTextAsync("前申请复核");
        await operatorPage.Locator("#appeal-reason").FillAsync("来电人认为处理过轻，申请复核");
        await operatorPage.GetByTestId("appeal").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("case-status")).ToHaveTextAsync("已受理");
        await Assertions.Expect(operatorPage.GetByTestId("appeal-reason")).ToHaveTextAsync("来电人认为处理过轻，申请复核");
        await Assertions.Expect(operatorPage.GetByTestId("timeline")).ToContainTextAsync("来电人申请复核");
        await Assertions.Expect(operatorPage.GetByTestId("case-detail")).ToContainTextAsync("经核实，窗口人员推诿扯皮");
        await Assertions.Expect(operatorPage.GetByTestId("detail-case-number")).ToHaveTextAsync(number);
        await console.ScreenshotAsync(operatorPage, "30-appealed");
    }

    [Fact]
    public async Task The_supervisor_board_shows_an_overdue_case_first_and_reassigns_it()
    {
        var (_, windowId, windowName) = await console.RegisterWindowAsync();
        var operatorApi = await console.Suite.GatewayAsAsync("dev-operator");
        var (lateId, late) = await FileAsync(operatorApi, windowId, "来电人反映办件超期无人回复");
        var (_, fresh) = await FileAsync(operatorApi, windowId, "窗口排队时间过长");
        await Ok(await operatorApi.PostAsJsonAsync($"/api/complaints/{lateId}/assignment", new { investigatorId = Guid.Parse("00000000-0000-4000-8000-000000000003") }));
        // Received long ago: both its deadlines are past, further than any other test's case.
        await using (var db = await console.Suite.OpenDatabaseAsync("complaints"))
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "update complaints set received_at = received_at - interval '100 days', due_at = due_at - interval '100 days', " +
                "acknowledge_due_at = acknowledge_due_at - interval '100 days' where id = $1", db);
            command.Parameters.AddWithValue(lateId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var page = await console.SignInAsync("dev-supervisor");
        await Assertions.Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("值班长");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "值班看板" }).ClickAsync();
        await ConsoleFixture.Interactive(page);
        var openCases = page.GetByTestId("open-cases").Locator("tbody tr");
        await Assertions.Expect(openCases.First).ToHaveAttributeAsync("data-case-number", late);
        await Assertions.Expect(openCases.First.GetByTestId("conclude-left")).ToContainTextAsync("已逾期");
        await Assertions.Expect(openCases.First.GetByTestId("investigator")).ToContainTextAsync("李明");
        await Assertions.Expect(openCases.First).ToContainTextAsync(windowName);
        // The new case waits in the unassigned queue (the nearest acknowledgement first: it is on the last page).
        var queued = page.GetByTestId("queue").Locator($"tr[data-case-number='{fresh}']");
        var queuePages = page.Locator("section[aria-labelledby=queue-title] .pager button").Last;
        while (await queued.CountAsync() == 0 && await queuePages.CountAsync() > 0 && await queuePages.IsEnabledAsync())
        {
            var shown = await page.GetByTestId("queue-page").TextContentAsync();
            await queuePages.ClickAsync();
            await Assertions.Expect(page.GetByTestId("queue-page")).Not.ToHaveTextAsync(shown!);
        }

        await Assertions.Expect(queued.GetByTestId("acknowledge-left")).ToContainTextAsync("剩余");
        var todayTotal = await page.GetByTestId("board-counts").Locator("tr[data-row=today] td").Last.TextContentAsync();
        Assert.True(int.Parse(todayTotal!, CultureInfo.InvariantCulture) >= 1, "today's intake counts the case filed today");
        // Every active investigator of the directory has a workload row, by name (黄丽 has no account, 马超 left).
        await Assertions.Expect(page.GetByTestId("workload").Locator("tr[data-investigator='00000000-0000-4000-8000-000000000013']")).ToContainTextAsync("黄丽");
        await Assertions.Expect(page.GetByTestId("workload").Locator("tr[data-investigator='00000000-0000-4000-8000-000000000016']")).ToHaveCountAsync(0);
        var second = page.GetByTestId("workload").Locator("tr[data-investigator='00000000-0000-4000-8000-000000000012']");
        var before = int.Parse((await second.GetByTestId("assigned-count").TextContentAsync())!, CultureInfo.InvariantCulture);
        await console.ScreenshotAsync(page, "20-board");

        // Reassigned from the board to the second investigator.
        await page.Locator($"#open-cases-assign-{late}").SelectOptionAsync("00000000-0000-4000-8000-000000000012");
        await page.GetByTestId($"open-cases-assign-{late}-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("board-done")).ToHaveTextAsync($"已将 {late} 分派给 王芳。");
        await Assertions.Expect(openCases.First.GetByTestId("investigator")).ToContainTextAsync("王芳");
        await Assertions.Expect(second.GetByTestId("assigned-count")).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        await console.ScreenshotAsync(page, "21-board-reassigned");

        // The supervisor reads the case, never a 12388 reporter's identity, and cannot close it.
        await openCases.First.GetByRole(AriaRole.Link, new() { Name = late }).ClickAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.GetByTestId("case-detail")).ToContainTextAsync("按规定不显示");
        await Assertions.Expect(page.GetByTestId("close")).ToHaveCountAsync(0);
    }

    private static async Task Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public async Task The_console_has_its_own_icon_so_browsers_do_not_ask_the_gateway_for_favicon_ico()
    {
        var page = await console.SignInAsync("dev-operator");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(icon);
        var response = await page.APIRequest.GetAsync(new Uri(new Uri(console.ConsoleUrl), icon).ToString());
        Assert.Equal(200, response.Status);
        Assert.Contains("svg", response.Headers["content-type"], StringComparison.Ordinal);
    }

    private static async Task<(Guid Id, string Number)> FileAsync(HttpClient operatorApi, Guid windowId, string description)
    {
        var response = await operatorApi.PostAsJsonAsync("/api/complaints", new
        {
            channel = "96960",
            targetUnitId = windowId,
            category = "delay",
            description,
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
            caller = new { name = "孙八", phone = "13600000000" },
            anonymous = false,
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("caseNumber").GetString()!);
    }
}
