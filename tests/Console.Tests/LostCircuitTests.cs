using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// The console runs once and a Blazor Server circuit lives in its process (issue 24, docs/operations.md
/// "The console"): when the process goes, the page says so in Chinese, and once it is back the user
/// gets a new circuit by keyboard, still signed in. What was typed and not saved is lost.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class LostCircuitTests(ConsoleFixture console)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_operator_whose_console_went_away_is_told_in_Chinese_and_retries_by_keyboard_into_a_new_circuit_still_signed_in()
    {
        var page = await console.SignInAsync("dev-operator");
        // The page's timers run on Playwright's clock: Blazor retries 10 times at once, then 10 times
        // every 5 s and 10 times every 30 s (about six minutes) before it gives up; the test moves
        // that clock on instead of waiting, and holds it still to read the first message.
        await page.Context.Clock.InstallAsync();
        await console.GotoAsync(page, "cases/new");
        await page.Locator("#description").FillAsync("窗口办理社保转移拖延两周");
        await page.Clock.PauseAtAsync(DateTime.Now.AddSeconds(1));

        // The console goes away (stopped, so the AppHost does not bring it back on its own yet).
        Assert.True(console.Suite.App.ResourceNotifications.TryGetCurrentState("console", out var before), "the console has a state");
        var oldPid = Convert.ToString(before!.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
        var commands = console.Suite.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync("console", KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
        using (var timeout = new CancellationTokenSource(Recovery))
        {
            await console.Suite.App.ResourceNotifications.WaitForResourceAsync("console",
                e => e.Snapshot.State?.Text == KnownResourceStates.Exited || e.Snapshot.State?.Text == KnownResourceStates.Finished, timeout.Token);
        }

        var dialog = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("正在重新连接服务器…")).ToBeVisibleAsync();

        // Every retry fails while nothing answers; then the page says what to do, in Chinese.
        var failed = dialog.GetByText("无法重新连接，请重试或刷新页面。").First;
        var retry = dialog.GetByRole(AriaRole.Button, new() { Name = "重试" });
        var giveUp = DateTime.UtcNow + Recovery;
        while (!await failed.IsVisibleAsync())
        {
            Assert.True(DateTime.UtcNow < giveUp, "the reconnect dialog says it failed after Blazor's retries");
            await page.Clock.RunForAsync(30_000);
        }

        await Assertions.Expect(retry).ToBeVisibleAsync();
        Assert.DoesNotContain("Rejoin", await dialog.InnerTextAsync(), StringComparison.Ordinal);
        await console.ScreenshotAsync(page, "31-reconnect-failed");

        // The console is back, with no memory of the old circuit.
        var started = await commands.ExecuteCommandAsync("console", KnownResourceCommands.StartCommand);
        Assert.True(started.Success, started.Message);
        using (var timeout = new CancellationTokenSource(Recovery))
        {
            await console.Suite.App.ResourceNotifications.WaitForResourceAsync("console", e =>
                e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) != oldPid),
                timeout.Token);
            await console.Suite.App.ResourceNotifications.WaitForResourceHealthyAsync("console", timeout.Token);
        }

        // ... and the gateway routes to it again (a copy that failed its requests sits out a few seconds).
        using var browserlike = new HttpClient();
        await SuiteFixture.EventuallyAsync(async () => (await browserlike.GetAsync(console.ConsoleUrl)).IsSuccessStatusCode,
            Recovery, "the console answering through the gateway again");

        await page.Clock.ResumeAsync();

        // 重试 is reached with the keyboard and pressed with Enter: the server refuses the old circuit
        // and the page reloads onto a new one.
        for (var tabs = 0; tabs < 3 && !await retry.EvaluateAsync<bool>("b => b === document.activeElement"); tabs++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(retry).ToBeFocusedAsync();
        // A mark on the old page's window: gone once the page has reloaded.
        await page.EvaluateAsync("() => window.beforeRetry = true");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => window.beforeRetry === undefined");
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();

        // Still signed in (the cookie outlives the process), and the form works again.
        await Assertions.Expect(page.GetByTestId("signed-in-role")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "退出" })).ToBeVisibleAsync();
        await console.GotoAsync(page, "cases/new");
        await page.Locator("#description").FillAsync("窗口办理社保转移拖延三周");
        await Assertions.Expect(page.Locator("#description")).ToHaveValueAsync("窗口办理社保转移拖延三周");
    }
}
