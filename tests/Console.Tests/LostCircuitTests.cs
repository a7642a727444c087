using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Playwright;
using StarPlatform.AppHost.Infrastructure;
using StarPlatform.Suite.Tests;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// The console runs once and a Blazor Server circuit lives in its process (issue 24, docs/operations.md
/// "The console"): when the process dies the page says so in Chinese; the supervisor starts it again, the
/// new process does not know the old circuit, and the page reloads itself onto a new one, still signed in.
/// What was typed and not saved is lost. The console is killed by its pid, so this class has a suite of
/// its own (<see cref="KilledConsoleCollection"/>): nothing it does can reach another class's console.
/// </summary>
[Collection(KilledConsoleCollection.Name)]
public partial class LostCircuitTests(ConsoleFixture console)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_operator_whose_console_died_is_told_in_Chinese_and_is_back_on_a_new_circuit_still_signed_in()
    {
        var page = await console.SignInAsync("dev-operator");
        // The page's timers run on Playwright's clock, so the test can hold the page between two of
        // Blazor's reconnect attempts (10 at once, then every 5 s, then every 30 s) to read it, and let
        // it go on once the console is back.
        await page.Context.Clock.InstallAsync();
        await console.GotoAsync(page, "cases/new");
        await page.Locator("#description").FillAsync("窗口办理社保转移拖延两周");
        await Assertions.Expect(page.GetByTestId("description-count")).ToContainTextAsync("12 / 4,000");
        await page.Clock.PauseAtAsync(DateTime.Now.AddSeconds(1));
        // A mark on this page's window: gone once the page has reloaded.
        await page.EvaluateAsync("() => window.beforeTheKill = true");

        // The console's process dies (SIGKILL, as a crash or the OOM killer would end it).
        var oldPid = await RunningPidAsync();
        Process.GetProcessById(oldPid).Kill();

        var dialog = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("正在重新连接服务器…")).ToBeVisibleAsync();
        // Blazor's own texts are English ("Rejoining the server..."): none of them shows.
        var shown = await dialog.InnerTextAsync();
        Assert.False(Latin().IsMatch(shown), $"the reconnect dialog shows only Chinese, not: {shown}");
        // The dialog slides in and its dots turn forever: the picture shows it still.
        await console.ScreenshotAsync(page, "31-console-reconnecting", ScreenshotAnimations.Disabled);

        // The supervisor starts it again: a new process, healthy, answering through the gateway
        // (which took the dead copy out of rotation and puts it back on its next good probe).
        await RestartedAsync(oldPid);
        using var browserlike = new HttpClient();
        await SuiteFixture.EventuallyAsync(async () => (await browserlike.GetAsync(console.ConsoleUrl)).IsSuccessStatusCode,
            Recovery, "the console answering through the gateway again");

        // Time goes on: Blazor's next attempt reaches the new process, which refuses the old circuit,
        // and the page reloads itself.
        await page.Clock.ResumeAsync();
        await page.WaitForFunctionAsync("() => window.beforeTheKill === undefined", null,
            new() { Timeout = (float)Recovery.TotalMilliseconds, PollingInterval = 250 });
        await ConsoleFixture.Interactive(page);
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();
        Assert.EndsWith("/console/cases/new", page.Url, StringComparison.Ordinal);

        // Still signed in (the cookie's keys are in the state folder, not in the process); what was
        // typed and not saved is gone, and the form works on the new circuit.
        await Assertions.Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("话务员");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "退出" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#description")).ToHaveValueAsync("");
        await page.Locator("#description").FillAsync("窗口办理社保转移拖延三周了");
        await Assertions.Expect(page.GetByTestId("description-count")).ToContainTextAsync("13 / 4,000");
    }

    /// <summary>The console's pid while it runs.</summary>
    private async Task<int> RunningPidAsync()
    {
        var current = await WaitAsync(e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null,
            "the console running with a pid");
        return Pid(current)!.Value;
    }

    /// <summary>Running again under a new pid, its restart counted, healthy.</summary>
    private async Task RestartedAsync(int oldPid)
    {
        await WaitAsync(e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && Pid(e) is { } pid && pid != oldPid
                && e.Snapshot.Properties.Any(p => p.Name == SupervisionExtensions.RestartsProperty
                    && Convert.ToInt32(p.Value, CultureInfo.InvariantCulture) >= 1),
            $"the console restarted by the supervisor under a pid other than {oldPid}");
        using var timeout = new CancellationTokenSource(Recovery);
        try
        {
            await console.Suite.App.ResourceNotifications.WaitForResourceHealthyAsync("console", timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"the restarted console not healthy within {Recovery.TotalSeconds} s ({Describe()})");
        }
    }

    private async Task<ResourceEvent> WaitAsync(Func<ResourceEvent, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Recovery);
        try
        {
            return await console.Suite.App.ResourceNotifications.WaitForResourceAsync("console", condition, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"{what}: not within {Recovery.TotalSeconds} s ({Describe()})");
            throw;
        }
    }

    private string Describe() =>
        console.Suite.App.ResourceNotifications.TryGetCurrentState("console", out var e)
            ? $"state {e!.Snapshot.State?.Text ?? "none"}, pid {Pid(e)?.ToString(CultureInfo.InvariantCulture) ?? "none"}, "
              + $"restarts {e.Snapshot.Properties.FirstOrDefault(p => p.Name == SupervisionExtensions.RestartsProperty)?.Value ?? 0}"
            : "no state";

    private static int? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex Latin();
}

/// <summary>
/// A suite and browser of their own (a second <see cref="ConsoleFixture"/>) for the test that kills the
/// console: if the console did not come back, only this collection would know.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KilledConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console-killed";
}
