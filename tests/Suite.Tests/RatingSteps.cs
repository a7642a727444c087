using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// 好差评 steps through the gateway, shared by <c>RatedWindowTests</c> and the console's browser tests (linked into
/// Console.Tests): the city center seed-dev registers (dev-rating-device is bound to it), a window of it, and one
/// device batch of served and rated transactions, waited for until Scoring holds the figures and the mapping.
/// </summary>
public static class RatingSteps
{
    /// <summary>Runs <c>seed-dev</c> against the suite's gateway (idempotent): the city center dev-applicant and dev-rating-device act for.</summary>
    public static async Task<string> SeedDevAsync(SuiteFixture suite, string? registryBinary = null)
    {
        if (registryBinary is null)
        {
            var registry = suite.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(r => r.Name == "registry-api");
            Assert.True(registry.TryGetLastAnnotation<ExecutableAnnotation>(out var executable));
            registryBinary = executable.Command;
        }

        var start = new ProcessStartInfo(registryBinary)
        {
            ArgumentList = { "seed-dev", "--gateway", suite.Gateway.BaseAddress!.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"seed-dev exited {process.ExitCode}: {await error}");
        return await output;
    }

    /// <summary>
    /// A window of the device's center, held by Ratings, Scoring and Awards, whose device reported <paramref name="levels"/>
    /// (one rated transaction each, served two hours ago; null: served, not rated) in one batch that Scoring now holds.
    /// </summary>
    public static async Task<Guid> RatedWindowAsync(SuiteFixture suite, IReadOnlyList<string?> levels, string? name = null)
    {
        await SeedDevAsync(suite);
        var centerId = Guid.Parse(new JsonWebToken(await suite.TokenAsync("dev-rating-device")).GetClaim("unit_id").Value);
        var admin = await suite.GatewayAsAsync("dev-admin");
        var window = await ScoringSteps.Created(await admin.PostAsJsonAsync($"/api/registry/centers/{centerId}/windows",
            new { department = "市人社局", name = name ?? $"社保窗口 {Guid.NewGuid():N}" }));
        var windowId = window.GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1", windowId) == 1
                && await suite.CountAsync("ratings", "select count(*) from units where id = $1", windowId) == 1
                && await suite.CountAsync("awards", "select count(*) from units where id = $1", windowId) == 1,
            ScoringSteps.Delivery, "Ratings, Scoring and Awards hold the new window");

        var servedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture);
        var records = levels.Select((level, i) => new
        {
            recordId = $"{windowId:N}-{i + 1}", unitId = windowId, transactionId = $"SB-{i + 1:0000}", serviceItem = "社保卡补办", servedAt, level,
            comment = (string?)null,
        });
        var device = await suite.GatewayAsAsync("dev-rating-device");
        var batch = await ScoringSteps.Ok(await device.PostAsJsonAsync("/api/ratings/device-batches", new { records }));
        Assert.Equal(levels.Count, batch.GetProperty("recorded").GetInt32());
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from unit_month_ratings where unit_id = $1 and served = $2", windowId, (long)levels.Count) == 1
                && await suite.CountAsync("scoring", "select count(*) from satisfaction_mappings where code = 'meishan-2012-satisfaction'") >= 1,
            ScoringSteps.Delivery, "Scoring holds the window's figures and the catalog's mapping");
        return windowId;
    }

    /// <summary>100 transactions, each rated: 60 非常满意, 30 满意, 9 基本满意, one 不满意 (评价率 100 %, 满意率 99 %, 9.9 points).</summary>
    public static IReadOnlyList<string?> NinetyNinePercent() =>
        [.. Enumerable.Range(1, 100).Select(i => i switch { 100 => "dissatisfied", <= 60 => "very-satisfied", <= 90 => "satisfied", _ => "fairly-satisfied" })];
}
