using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StarPlatform.Suite.Tests;

// Each collection starts a whole suite of its own (ConsoleCollection, KilledConsoleCollection): one after
// the other, never two at once on the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// The whole suite (the same <see cref="SuiteFixture"/> as Suite.Tests: the AppHost once per run)
/// and one headless Chromium — Debian's, at <c>/usr/bin/chromium</c>: Playwright downloads no browser here.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public SuiteFixture Suite { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots of each main page go (the test output folder).</summary>
    public string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public string ConsoleUrl => $"{Suite.PublicUrl}console/";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDir);
        // The suite shares two cores with everything else: a step may take seconds, never twenty.
        Assertions.SetDefaultExpectTimeout(20_000);
        var suite = Suite.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in CI; and no lookups of Google's hosts (there is no network but loopback).
            Args = ["--no-sandbox", "--lang=zh-CN", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"],
        });
        await suite;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Suite.DisposeAsync();
    }

    /// <summary>A browser page signed in to the console as <paramref name="account"/> through Identity's sign-in page.</summary>
    public async Task<IPage> SignInAsync(string account, string culture = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new() { Locale = culture, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var trail = new SignInTrail(page);
        try
        {
            await page.GotoAsync(ConsoleUrl);
            trail.Step("console");
            await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = culture == "en" ? "Sign in" : "登录" }).ClickAsync();
            trail.Step("link");
            await page.Locator($"button[name=login_hint][value='{account}']").ClickAsync();
            trail.Step("account");
            await page.WaitForURLAsync(ConsoleUrl);
            await Interactive(page);
            trail.Step("interactive");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException(await trail.DescribeAsync($"Signing in as {account}"), e);
        }
        finally
        {
            trail.Dispose();
        }

        return page;
    }

    /// <summary>A browser page of nobody signed in (a citizen reading the public registry).</summary>
    public async Task<IPage> AnonymousPageAsync(string culture = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new() { Locale = culture, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Waits until the page's components answer events (the server circuit is connected).</summary>
    public static Task Interactive(IPage page) => page.Locator("main[data-interactive=true]").WaitForAsync();

    public async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(ConsoleUrl + path);
        await Interactive(page);
    }

    public Task ScreenshotAsync(IPage page, string name, ScreenshotAnimations? animations = null) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, $"{name}.png"), FullPage = true, Animations = animations });

    /// <summary>A county center with one window, known to Complaints (the type-ahead's and the case's target).</summary>
    public async Task<(string CenterName, Guid WindowId, string WindowName)> RegisterWindowAsync()
    {
        var admin = await Suite.GatewayAsAsync("dev-admin");
        var centerName = $"测试县政务服务中心{Random.Shared.Next(100000, 999999)}";
        var center = await (await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(centerName))).Content.ReadFromJsonAsync<JsonElement>();
        var windowName = $"社保窗口{Random.Shared.Next(1000, 9999)}";
        var window = await admin.PostAsJsonAsync($"/api/registry/centers/{center.GetProperty("id").GetGuid()}/windows",
            new { department = "人社局", name = windowName });
        window.EnsureSuccessStatusCode();
        var windowId = (await window.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await Suite.CountAsync("complaints", "select count(*) from units where id = $1", windowId) == 1,
            TimeSpan.FromSeconds(30), "Complaints holds the new window");
        return (centerName, windowId, windowName);
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

/// <summary>
/// What a sign-in went through: every document the browser asked for (the console, <c>/console/signin</c>,
/// <c>/connect/authorize</c>, the callback), its status and when, so a sign-in that stops explains itself.
/// </summary>
internal sealed class SignInTrail : IDisposable
{
    private readonly IPage _page;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public SignInTrail(IPage page)
    {
        _page = page;
        page.Request += OnRequest;
        page.Response += OnResponse;
        page.RequestFailed += OnFailed;
    }

    public void Step(string name) => Add($"{name} done");

    public async Task<string> DescribeAsync(string what)
    {
        string body;
        try
        {
            body = await _page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            body = $"(no body: {e.Message.Split('\n')[0]})";
        }

        return $"{what} stopped at {_page.Url} after {_clock.Elapsed.TotalSeconds:0.0} s.\nDocuments:\n  {string.Join("\n  ", _lines)}\n"
            + $"Page text:\n{(body.Length > 2000 ? body[..2000] + "…" : body)}";
    }

    public void Dispose()
    {
        _page.Request -= OnRequest;
        _page.Response -= OnResponse;
        _page.RequestFailed -= OnFailed;
    }

    private void Add(string line) => _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,5:0.00} s {line}");

    private void OnRequest(object? sender, IRequest request)
    {
        if (request.IsNavigationRequest)
        {
            Add($"→ {request.Method} {request.Url}");
        }
    }

    private void OnResponse(object? sender, IResponse response)
    {
        if (response.Request.IsNavigationRequest)
        {
            Add($"← {response.Status} {response.Url}");
        }
    }

    private void OnFailed(object? sender, IRequest request)
    {
        Add($"✗ {request.Method} {request.Url}: {request.Failure}");
    }
}
