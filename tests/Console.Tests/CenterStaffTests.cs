using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// 差评整改 in the console: dev-center-staff (刘洋, bound to dev-applicant's center) lists the center's bad ratings,
/// overdue first, opens a real-name one (the only place its rater's contact is shown) and works it to its close with
/// the keyboard alone — a missing note refused next to its field, in Chinese, with the focus on it.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class CenterStaffTests(ConsoleFixture console)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    /// <summary>The center dev-center-staff works for, registered (with the id Identity binds it to) and known to Ratings.</summary>
    private async Task<Guid> CenterAsync()
    {
        var center = Guid.Parse(new JsonWebToken(await console.Suite.TokenAsync("dev-center-staff")).GetClaim("unit_id").Value);
        var admin = await console.Suite.GatewayAsAsync("dev-admin");
        if ((await admin.GetAsync($"/api/registry/centers/{center}")).StatusCode == HttpStatusCode.NotFound)
        {
            var registered = await admin.PostAsJsonAsync("/api/registry/centers", new
            {
                id = center, name = $"测试县政务服务中心{Random.Shared.Next(100000, 999999)}", level = "county", divisionCode = TestData.DivisionCode(),
                address = "眉山市", floorAreaM2 = 6000,
            });
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        await SuiteFixture.EventuallyAsync(async () => await console.Suite.CountAsync("ratings", "select count(*) from units where id = $1", center) == 1,
            Delivery, "Ratings holds the center");
        return center;
    }

    [Fact]
    public async Task A_centers_staff_call_back_rectify_answer_and_close_a_bad_rating_by_keyboard()
    {
        var center = await CenterAsync();
        var device = await console.Suite.GatewayAsAsync("dev-rating-device");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var served = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O");
        var batch = await device.PostAsJsonAsync("/api/ratings/device-batches", new
        {
            records = new object[]
            {
                new { recordId = $"a-{suffix}", transactionId = $"YB-{suffix}", serviceItem = "医保异地就医备案", servedAt = served, level = "very-dissatisfied" },
                new { recordId = $"b-{suffix}", transactionId = $"SB-{suffix}", serviceItem = "社保卡补办", servedAt = served },
            },
        });
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        var phone = $"137{Random.Shared.Next(10000000, 99999999)}";
        var rated = await console.Suite.Gateway.PostAsJsonAsync("/api/ratings", new
        {
            unitId = center, transactionId = $"SB-{suffix}", channel = "online", level = "dissatisfied", comment = "补办要跑两趟，没有一次告知",
            contact = new { name = "陈女士", phone },
        });
        Assert.True(rated.IsSuccessStatusCode, await rated.Content.ReadAsStringAsync());
        var ratingId = (await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // The device's anonymous case missed its rectification deadline: it comes first.
        await using (var ratings = await console.Suite.OpenDatabaseAsync("ratings"))
        {
            await using var late = new Npgsql.NpgsqlCommand(
                "update rectification_cases set rectify_due_at = now() - interval '1 hour' where transaction_id = $1", ratings);
            late.Parameters.Add(new Npgsql.NpgsqlParameter { Value = $"YB-{suffix}" });
            Assert.Equal(1, await late.ExecuteNonQueryAsync());
        }

        var page = await console.SignInAsync("dev-center-staff");
        await Assertions.Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("中心工作人员");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "差评整改" }).ClickAsync();
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("差评整改");
        var rows = page.GetByTestId("rectifications").Locator("tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("已超期");
        var mine = page.Locator("tbody tr", new() { HasText = $"SB-{suffix}" });
        await Assertions.Expect(mine).ToContainTextAsync("不满意");
        await Assertions.Expect(mine).ToContainTextAsync("待回访");
        await Assertions.Expect(page.GetByTestId("rectifications")).Not.ToContainTextAsync(phone);
        await console.ScreenshotAsync(page, "60-rectifications-overdue-first");

        // Keyboard only from here: the case's link, then each step's fields and button.
        await mine.GetByRole(AriaRole.Link).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/rectifications/*");
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(page.GetByTestId("rectification-state")).ToHaveTextAsync("待回访");
        await Assertions.Expect(page.GetByTestId("rater")).ToContainTextAsync("陈女士");
        await Assertions.Expect(page.GetByTestId("rater")).ToContainTextAsync(phone);
        await Assertions.Expect(page.GetByTestId("rectification-detail")).ToContainTextAsync("补办要跑两趟");

        // The callback without a note: refused next to the note, in Chinese, with the cursor on it.
        await page.Locator("#reached").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#callback-note")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#callback-note")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#note-problem")).ToHaveTextAsync("请填写回访核实情况。");
        await Assertions.Expect(page.Locator("#callback-note")).ToBeFocusedAsync();
        await console.ScreenshotAsync(page, "61-rectification-callback-refused");
        await page.Keyboard.TypeAsync("已电话回访，核实为窗口未一次性告知所需材料");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("rectification-state")).ToHaveTextAsync("整改中");

        // Rectified: the cursor is on the outcome.
        await Assertions.Expect(page.Locator("#rectified-yes")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#rectification-note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("已印发一次性告知单并对窗口人员批评教育");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("rectification-state")).ToHaveTextAsync("待反馈");

        await Assertions.Expect(page.Locator("#feedback-note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("已电话告知陈女士整改情况，评价人表示满意");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("rectification-state")).ToHaveTextAsync("已反馈");

        await Assertions.Expect(page.Locator("#close-case")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("rectification-state")).ToHaveTextAsync("已办结");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("整改到位");
        await console.ScreenshotAsync(page, "62-rectification-closed");

        var closed = await console.Suite.CountAsync("ratings",
            "select count(*) from rectification_cases where rating_id = $1 and state = 'closed' and rectified and rater_reached", ratingId);
        Assert.Equal(1, closed);
    }
}
