using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// The public registry page (星级公示) without signing in: the stars held by county with their plaque numbers, and a
/// revoked star marked with its case — both granted in the test through the API flow (scored, reported, approved;
/// a 12388 violation confirmed and its revocation confirmed).
/// </summary>
[Collection(ConsoleCollection.Name)]
public class PublicStarsTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_citizen_without_signing_in_sees_a_countys_stars_with_plaque_numbers_and_a_revoked_star_marked()
    {
        var steps = new ScoringSteps(console.Suite);
        var (cycleId, items) = await steps.CycleAndItemsAsync();
        var tag = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var division = TestData.DivisionCode();
        var centerName = $"公示县政务服务中心{tag}";
        var admin = await console.Suite.GatewayAsAsync("dev-admin");
        var center = (await Created(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(centerName, division)))).GetProperty("id").GetGuid();
        var (heldName, revokedName) = ($"不动产登记窗口{tag}", $"税务办理窗口{tag}");
        var heldWindow = await WindowAsync(admin, center, heldName);
        var revokedWindow = await WindowAsync(admin, center, revokedName);

        var secretary = await console.Suite.GatewayAsAsync("dev-secretary");
        var approver = await console.Suite.GatewayAsAsync("dev-approver");
        foreach (var window in new[] { heldWindow, revokedWindow })
        {
            var application = await FileAndAssignAsync(secretary, cycleId, window);
            await steps.PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, [], 10m);
            await steps.PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, [], 10m);
            await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 10 }));
            await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }));
            await Ok(await approver.PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true, comment = "同意评定为五星级窗口" }));
        }

        var held = await ActiveAwardAsync(heldWindow);
        var revoked = await ActiveAwardAsync(revokedWindow);

        // A 12388 report against the second window, a violation confirmed, the revocation confirmed by the city.
        var discipline = await console.Suite.GatewayAsAsync("dev-discipline");
        var report = await Created(await discipline.PostAsJsonAsync("/api/complaints", new
        {
            channel = "12388",
            targetUnitId = revokedWindow,
            category = "discipline",
            description = "窗口工作人员收受办事群众财物",
            occurredAt = DateTimeOffset.UtcNow,
            caller = new { name = "赵六", phone = "13600000000" },
            anonymous = false,
        }));
        var caseId = report.GetProperty("id").GetGuid();
        var caseNumber = report.GetProperty("caseNumber").GetString()!;
        await Ok(await discipline.PostAsJsonAsync($"/api/complaints/{caseId}/assignment", new { investigatorId = DevInvestigator }));
        var investigator = await console.Suite.GatewayAsAsync("dev-investigator");
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/investigation", new { }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/finding",
            new { substantiated = true, violation = true, offence = "integrity", summary = "经市纪委查实，窗口工作人员违反廉洁纪律" }));
        await SuiteFixture.EventuallyAsync(async () =>
                (await Ok(await approver.GetAsync($"/api/awards/revocations?status=pending&awardId={revoked.Id}"))).GetProperty("total").GetInt32() == 1,
            Delivery, "a pending revocation of the second window's star");
        await Ok(await approver.PostAsJsonAsync($"/api/awards/{revoked.Id}/revocation-decision", new { confirmed = true, comment = "取消该窗口五星级资格" }));

        // Nobody signed in: the page answers itself (no trip to the sign-in page).
        var page = await console.AnonymousPageAsync();
        await console.GotoAsync(page, "public/stars");
        Assert.EndsWith("/console/public/stars", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("header.top").GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("五星级政务服务单位公示");
        await page.Locator("#public-county").SelectOptionAsync(division);
        var county = page.Locator($"section[data-county='{division}']");
        await Assertions.Expect(county.Locator("h2")).ToContainTextAsync(centerName);
        await Assertions.Expect(page.Locator("section.county")).ToHaveCountAsync(1);

        var heldRow = county.GetByTestId("held-stars").Locator($"tr[data-award-id='{held.Id}']");
        await Assertions.Expect(heldRow.Locator("th")).ToHaveTextAsync(heldName);
        await Assertions.Expect(heldRow.Locator("[data-plaque]")).ToHaveTextAsync(held.Plaque);
        await Assertions.Expect(heldRow.Locator(".stars")).ToHaveTextAsync("★★★★★");
        // The revoked star is no longer among those held: it is listed as revoked, with its case.
        await Assertions.Expect(county.GetByTestId("held-stars").Locator($"tr[data-award-id='{revoked.Id}']")).ToHaveCountAsync(0);
        var revokedRow = county.GetByTestId("revoked-stars").Locator($"tr[data-award-id='{revoked.Id}']");
        await Assertions.Expect(revokedRow.Locator("th")).ToHaveTextAsync($"{revokedName} 已撤销");
        await Assertions.Expect(revokedRow.Locator("[data-plaque]")).ToHaveTextAsync(revoked.Plaque);
        await Assertions.Expect(revokedRow.Locator("[data-case]")).ToHaveTextAsync(caseNumber);
        // A 12388 reporter's identity never reaches the public page.
        Assert.DoesNotContain("13600000000", await page.ContentAsync(), StringComparison.Ordinal);
        await console.ScreenshotAsync(page, "74-public-stars");

        // Every other page still asks for a sign-in.
        await page.GotoAsync(console.ConsoleUrl + "cycles");
        await page.WaitForURLAsync(url => url.Contains("/connect/authorize", StringComparison.Ordinal));
    }

    private async Task<Guid> WindowAsync(HttpClient admin, Guid center, string name)
    {
        var window = (await Created(await admin.PostAsJsonAsync($"/api/registry/centers/{center}/windows", new { department = "县政务服务管理局", name })))
            .GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await console.Suite.CountAsync("scoring", "select count(*) from units where id = $1", window) == 1
                && await console.Suite.CountAsync("awards", "select count(*) from units where id = $1", window) == 1,
            Delivery, "Scoring and Awards hold the new window");
        return window;
    }

    private async Task<(Guid Id, string Plaque)> ActiveAwardAsync(Guid window)
    {
        JsonElement award = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            award = (await Ok(await console.Suite.Gateway.GetAsync($"/api/awards?unitId={window}&active=true"))).GetProperty("items").EnumerateArray().FirstOrDefault();
            return award.ValueKind == JsonValueKind.Object;
        }, Delivery, "the window's star in the public registry");
        return (award.GetProperty("id").GetGuid(), award.GetProperty("plaqueNumber").GetString()!);
    }
}
