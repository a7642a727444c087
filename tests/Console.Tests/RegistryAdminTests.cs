using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// 中心管理 (the registry admin, dev-admin): the tree city → county → windows and township → village → group, search with
/// status, registering each level, an edit refused 412 after a change from elsewhere (已被他人修改，请刷新) and refreshed,
/// closing after a confirmation, and an outlet CSV import whose bad row is shown against its row.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class RegistryAdminTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_admin_registers_every_level_walks_the_tree_finds_units_by_status_and_edits_and_closes_with_conflicts_shown()
    {
        // Not digits alone: the search takes digits for a division code prefix.
        var tag = "T" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var (cityCode, countyCode) = (TestData.DivisionCode(), TestData.DivisionCode());
        var (cityName, countyName) = ($"测试市政务服务中心{tag}", $"测试县政务服务中心{tag}");
        var (windowName, townshipName, villageName, groupName) = ($"不动产登记窗口{tag}", $"测试镇便民服务中心{tag}", $"测试村便民服务站{tag}", $"一组代办点{tag}");

        var page = await console.SignInAsync("dev-admin");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "中心管理" }).ClickAsync();
        await ConsoleFixture.Interactive(page);

        // A city center from the registry page.
        var center = page.GetByTestId("register-center");
        await center.Locator("#center-level").SelectOptionAsync("city");
        await center.Locator("#center-name").FillAsync(cityName);
        await center.Locator("#center-division").FillAsync(cityCode);
        await center.Locator("#center-area").FillAsync("16000");
        await center.GetByTestId("register-center-submit").ClickAsync();
        await Assertions.Expect(center.GetByTestId("registered")).ToContainTextAsync(cityName);

        // Below it, from each unit's page: a county center, then a window and a township, a village, a group point.
        await center.GetByTestId("registered").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(cityName);
        await RegisterChildAsync(page, "county", countyName, division: countyCode, area: "6000");
        await OpenRegisteredAsync(page, countyName);
        await RegisterChildAsync(page, "window", windowName, department: "不动产登记中心");
        await RegisterChildAsync(page, "township", townshipName, division: countyCode + "101");
        await OpenRegisteredAsync(page, townshipName);
        await RegisterChildAsync(page, "village", villageName, division: countyCode + "101001");
        await OpenRegisteredAsync(page, villageName);
        await RegisterChildAsync(page, "group", groupName);
        await Assertions.Expect(page.GetByTestId("ancestors")).ToHaveTextAsync($"{cityName} › {countyName} › {townshipName} › ");

        // The tree, opened with the keyboard from the city down to the group point.
        await console.GotoAsync(page, "registry");
        var tree = page.GetByTestId("registry-tree");
        foreach (var name in new[] { cityName, countyName, townshipName, villageName })
        {
            var toggle = tree.GetByRole(AriaRole.Button, new() { Name = $"展开 {name}", Exact = true });
            await toggle.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(tree.GetByRole(AriaRole.Button, new() { Name = $"收起 {name}", Exact = true })).ToBeVisibleAsync();
        }

        var county = tree.Locator("li[data-kind=center]").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = countyName, Exact = true }) }).Last;
        await Assertions.Expect(county.Locator("li[data-kind=window]")).ToContainTextAsync(windowName);
        await Assertions.Expect(county.Locator("li[data-kind=window] .kind")).ToHaveTextAsync("县（区）级 · 窗口");
        // (An item contains its descendants: the innermost one matching comes last.)
        var group = tree.Locator("li[data-kind=outlet]").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = groupName, Exact = true }) }).Last;
        await Assertions.Expect(group.Locator(".node .unit-status")).ToHaveTextAsync("正常");
        var countyId = Guid.Parse((await county.GetAttributeAsync("data-unit-id"))!);
        var groupId = Guid.Parse((await group.GetAttributeAsync("data-unit-id"))!);
        await console.ScreenshotAsync(page, "70-registry-tree");

        // Search by part of a name (and by a division code prefix), with the status.
        await page.Locator("#registry-q").FillAsync(tag);
        await page.Locator("#registry-q").PressAsync("Enter");
        var results = page.GetByTestId("search-results");
        await Assertions.Expect(results.Locator("tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(results.Locator("tr").Filter(new() { HasText = windowName })).ToContainTextAsync("不动产登记中心");
        await page.Locator("#registry-q").FillAsync(countyCode + "101");
        await page.Locator("#registry-q").PressAsync("Enter");
        await Assertions.Expect(results.Locator("tbody tr")).ToHaveCountAsync(2);

        // An edit against a version someone else has changed since (an API client here): 412, said in Chinese, and refreshed.
        await console.GotoAsync(page, $"registry/centers/{countyId}");
        await page.Locator("#unit-address-input").FillAsync("测试县人民路 1 号");
        var admin = await console.Suite.GatewayAsAsync("dev-admin");
        var read = await admin.GetAsync($"/api/registry/centers/{countyId}");
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/registry/centers/{countyId}") { Content = JsonContent.Create(new { floorAreaM2 = 7200 }) })
        {
            patch.Headers.IfMatch.Add(read.Headers.ETag!);
            await Ok(await admin.SendAsync(patch));
        }

        await page.GetByTestId("save-unit").ClickAsync();
        var stale = page.GetByTestId("stale");
        await Assertions.Expect(stale).ToContainTextAsync("已被他人修改，请刷新");
        await Assertions.Expect(page.Locator("#refresh-unit")).ToBeFocusedAsync();
        await console.ScreenshotAsync(page, "71-registry-edit-conflict");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(stale).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("unit-area")).ToHaveTextAsync("7200.00");
        await Assertions.Expect(page.Locator("#unit-area-input")).ToHaveValueAsync("7200.00");
        // The refreshed form puts the cursor on its first field once it is shown; a person types after that (typing
        // before it, as a test can, loses the first keystrokes to the field the cursor then moves to).
        await Assertions.Expect(page.Locator("#unit-name")).ToBeFocusedAsync();
        await page.Locator("#unit-address-input").FillAsync("测试县人民路 1 号");
        await page.GetByTestId("save-unit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToHaveTextAsync("已保存。");
        await Assertions.Expect(page.GetByTestId("unit-address")).ToHaveTextAsync("测试县人民路 1 号");

        // Closing: the township is refused while its village is open; the group point closes after a confirmation.
        await page.GetByTestId("children").GetByRole(AriaRole.Link, new() { Name = townshipName, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(townshipName);
        await page.GetByTestId("close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("close-confirmation")).ToHaveTextAsync($"确认关闭 {townshipName}？关闭后不能恢复。");
        await Assertions.Expect(page.GetByTestId("confirm-close")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("close-unit").Locator(".problem")).ToContainTextAsync("不符合规则。");
        await Assertions.Expect(page.Locator("h1 .unit-status")).ToHaveTextAsync("正常");

        await console.GotoAsync(page, $"registry/outlets/{groupId}");
        await page.GetByTestId("close").ClickAsync();
        await console.ScreenshotAsync(page, "72-registry-close-confirmation");
        await page.GetByTestId("confirm-close").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .unit-status")).ToHaveTextAsync("已关闭");
        await Assertions.Expect(page.GetByTestId("closed-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("edit-unit")).ToHaveCountAsync(0);

        await console.GotoAsync(page, "registry");
        await page.Locator("#registry-q").FillAsync(tag);
        await page.Locator("#registry-status").SelectOptionAsync("closed");
        await page.Locator("#registry-q").PressAsync("Enter");
        await Assertions.Expect(results.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(results.Locator($"tr[data-unit-id='{groupId}'] .unit-status")).ToHaveTextAsync("已关闭");
    }

    [Fact]
    public async Task An_outlet_import_with_a_bad_row_shows_the_problem_against_that_row_imports_nothing_and_imports_once_corrected()
    {
        var admin = await console.Suite.GatewayAsAsync("dev-admin");
        var tag = Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var code = TestData.DivisionCode();
        await Created(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County($"导入县政务服务中心{tag}", code)));
        string Csv(string badParent) =>
            "name,level,divisionCode,parentDivisionCode\n"
            + $"导入镇便民服务中心{tag},township,{code}101,{code}\n"
            + $"导入村便民服务站{tag},village,{code}101001,{code}101\n"
            + $"导入二村便民服务站{tag},village,{code}101002,{badParent}\n";

        var page = await console.SignInAsync("dev-admin");
        await console.GotoAsync(page, "registry/import");
        // Pasted (the file picker fills the same box; setting a file can race InputFile's own start-up in the browser).
        await page.Locator("#import-text").FillAsync(Csv($"{code}909"));
        await page.GetByTestId("import-submit").ClickAsync();

        var rows = page.GetByTestId("import-rows");
        await Assertions.Expect(page.GetByTestId("import-refused")).ToHaveTextAsync("有 1 行有问题，未导入任何一行。");
        await Assertions.Expect(rows.Locator("tr[data-row='3']")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(rows.Locator("tr[data-row='3'] [data-row-problem]")).ToBeVisibleAsync();
        await Assertions.Expect(rows.Locator("tr[data-row='3']")).ToBeFocusedAsync();
        await Assertions.Expect(rows.Locator("[data-row-problem]")).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Locator("tr[data-row='1']")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await console.ScreenshotAsync(page, "73-registry-import-bad-row");
        Assert.Equal(0, (await Ok(await admin.GetAsync($"/api/registry/outlets?divisionCode={code}"))).GetProperty("total").GetInt32());

        await page.Locator("#import-text").FillAsync(Csv($"{code}101"));
        await page.GetByTestId("import-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-done")).ToHaveTextAsync("已导入：新建 3 个，未变 0 个");
        await Assertions.Expect(rows.Locator("[data-outcome=created]")).ToHaveCountAsync(3);
        Assert.Equal(3, (await Ok(await admin.GetAsync($"/api/registry/outlets?divisionCode={code}"))).GetProperty("total").GetInt32());
    }

    private static async Task RegisterChildAsync(IPage page, string kind, string name, string? division = null, string? department = null, string? area = null)
    {
        var form = page.GetByTestId("register-child");
        await form.Locator("#child-kind").SelectOptionAsync(kind);
        if (department is not null)
        {
            await form.Locator("#child-department").FillAsync(department);
        }

        await form.Locator("#child-name").FillAsync(name);
        if (division is not null)
        {
            await form.Locator("#child-division").FillAsync(division);
        }

        if (area is not null)
        {
            await form.Locator("#child-area").FillAsync(area);
        }

        await form.GetByTestId("register-child-submit").ClickAsync();
        await Assertions.Expect(form.GetByTestId("registered")).ToContainTextAsync(name);
        await Assertions.Expect(page.GetByTestId("children").Locator("tr").Filter(new() { HasText = name })).ToContainTextAsync("正常");
    }

    /// <summary>The unit just registered, from its link (the page is the same component: wait for its heading).</summary>
    private static async Task OpenRegisteredAsync(IPage page, string name)
    {
        await page.GetByTestId("register-child").GetByTestId("registered").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
        await Assertions.Expect(page.GetByTestId("register-child").GetByTestId("registered")).ToHaveCountAsync(0);
    }
}
