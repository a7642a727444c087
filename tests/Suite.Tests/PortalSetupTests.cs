using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// What a portal developer sets up (docs/api/gateway.md, "Setting up a citizen portal"): the portal's machine client
/// with its own quota at the gateway, and the Development data <c>seed-dev</c> loads, with the unit
/// <c>dev-applicant</c> acts for.
/// </summary>
[Collection(SuiteCollection.Name)]
public class PortalSetupTests(SuiteFixture suite)
{
    /// <summary>The Development quota of <c>dev-portal</c> (src/Gateway/appsettings.Development.json).</summary>
    private const int PortalQuota = 6000;

    [Fact]
    public async Task The_portal_client_gets_a_token_and_counts_against_its_own_quota_not_the_other_clients()
    {
        var token = new JsonWebToken(await suite.TokenAsync("dev-portal"));
        Assert.Equal(["portal"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal("dev-portal", token.GetClaim("client_id").Value);

        var portal = await suite.GatewayAsAsync("dev-portal");
        var admin = await suite.GatewayAsAsync("dev-admin");
        var first = await portal.GetAsync("/api/criteria/sets");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal($"\"per-client\";q={PortalQuota};w=60", first.Headers.GetValues("RateLimit-Policy").Single());
        var left = Remaining(first);

        // Another client's requests leave the portal's allowance alone; the portal's own use it.
        for (var i = 0; i < 3; i++)
        {
            var other = await admin.GetAsync("/api/criteria/sets");
            Assert.DoesNotContain($"q={PortalQuota};", other.Headers.GetValues("RateLimit-Policy").Single());
        }

        var second = await portal.GetAsync("/api/criteria/sets");
        // The same window, or a new one (full again) if the minute turned between the two.
        Assert.True(Remaining(second) == left - 1 || Remaining(second) == PortalQuota - 1, $"{left} then {Remaining(second)}");
    }

    [Fact]
    public async Task The_portal_files_an_online_complaint_with_its_token_outside_the_public_submissions_allowance()
    {
        var windowId = await new ScoringSteps(suite).WindowAsync();
        var portal = await suite.GatewayAsAsync("dev-portal");

        var filed = await portal.PostAsJsonAsync("/api/complaints", new
        {
            channel = "online", targetUnitId = windowId, category = "delay", description = "门户代市民提交：网上申报后十天无人受理",
            occurredAt = DateTimeOffset.UtcNow.AddDays(-1), anonymous = true,
        });

        var body = await ScoringSteps.Created(filed);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("lookupCode").GetString()));
        Assert.Equal($"\"per-client\";q={PortalQuota};w=60", filed.Headers.GetValues("RateLimit-Policy").Single());
    }

    [Fact]
    public async Task Seed_dev_registers_the_unit_dev_applicant_acts_for_and_dev_applicant_can_file_for_it()
    {
        var unitId = Guid.Parse(new JsonWebToken(await suite.TokenAsync("dev-applicant")).GetClaim("unit_id").Value);
        var model = suite.App.Services.GetRequiredService<DistributedApplicationModel>();
        var registry = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "registry-api");
        Assert.True(registry.TryGetLastAnnotation<ExecutableAnnotation>(out var binary));

        // The command as a developer runs it (dotnet run --project src/Registry -- seed-dev), twice: the second adds nothing.
        var first = await SeedDevAsync(binary.Command);
        Assert.Contains($"city center {unitId}", first);
        Assert.Contains($"dev-applicant acts for unit {unitId}", first);
        var again = await SeedDevAsync(binary.Command);
        Assert.Contains($"city center {unitId}", again);
        Assert.Contains("outlets: 0 created", again);

        var center = await ScoringSteps.Ok(await suite.Gateway.GetAsync($"/api/registry/centers/{unitId}"));
        Assert.Equal("眉山市政务服务中心", center.GetProperty("name").GetString());
        Assert.Equal("city", center.GetProperty("level").GetString());
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1", unitId) == 1,
            ScoringSteps.Delivery, "Scoring holds the applicant's unit");

        var (cycleId, _) = await new ScoringSteps(suite).CycleAndItemsAsync();
        var applicant = await suite.GatewayAsAsync("dev-applicant");
        var application = await ScoringSteps.Created(await applicant.PostAsJsonAsync($"/api/scoring/cycles/{cycleId}/applications", new
        {
            unitId,
            materials = new[] { new { title = "市政务服务中心创建工作报告", reference = "https://docs.example/city-report.pdf" } },
        }));
        Assert.Equal(unitId, application.GetProperty("unitId").GetGuid());
    }

    private Task<string> SeedDevAsync(string registryBinary) => RatingSteps.SeedDevAsync(suite, registryBinary);

    private static int Remaining(HttpResponseMessage response)
    {
        var value = response.Headers.GetValues("RateLimit").Single();
        var r = value[(value.IndexOf(";r=", StringComparison.Ordinal) + 3)..];
        return int.Parse(r[..r.IndexOf(';', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
