using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Testing;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// ETag/304 on every public read: each anonymous GET route of the gateway's table (src/Gateway/appsettings.json) is
/// read through the gateway without a token, answers 200 with an ETag, and 304 without a body when If-None-Match names it.
/// A new anonymous GET route fails here until it has a sample URL below.
/// </summary>
[Collection(SuiteCollection.Name)]
public class PublicReadCachingTests(SuiteFixture suite)
{
    /// <summary>Anonymous submissions from this test's own address: the shared 127.0.0.1 allowance is other tests'.</summary>
    private HttpClient OwnAddress => _ownAddress ??= suite.FromAddress();

    private HttpClient? _ownAddress;

    /// <summary>Identity's and the console's routes are sign-in pages and protocol documents, not public reads of the services.</summary>
    private static readonly string[] NotServiceReads = ["console", "identity-connect", "identity-well-known"];

    [Fact]
    public async Task Every_anonymous_GET_route_of_the_gateway_answers_an_ETag_and_304_on_If_None_Match()
    {
        var samples = await SamplesAsync();
        var routes = AnonymousGetRoutes();
        Assert.Empty(routes.Except(samples.Keys));

        foreach (var route in routes)
        {
            var (url, lookupCode) = samples[route];
            var first = await suite.Gateway.SendAsync(Get(url, lookupCode, etag: null));
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{route} {url}: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
            var etag = first.Headers.ETag;
            Assert.True(etag is { IsWeak: false }, $"{route} {url}: no strong ETag");
            Assert.NotNull(first.Headers.CacheControl);
            Assert.True(first.Headers.CacheControl!.NoCache, $"{route}: {first.Headers.CacheControl}");
            // A lookup code reads one citizen's case: no shared cache keeps it.
            var citizens = lookupCode is not null || url.Contains("lookup_code=", StringComparison.Ordinal);
            Assert.Equal(citizens, first.Headers.CacheControl.Private);
            Assert.Equal(!citizens, first.Headers.CacheControl.Public);

            var again = await suite.Gateway.SendAsync(Get(url, lookupCode, etag.Tag));
            Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{route} {url} with If-None-Match: {(int)again.StatusCode}");
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, again.Headers.ETag);

            var other = await suite.Gateway.SendAsync(Get(url, lookupCode, "\"another\""));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
    }

    [Fact]
    public async Task A_changed_league_table_gets_a_new_ETag()
    {
        var (cycleId, items) = await new ScoringSteps(suite).CycleAndItemsAsync();
        var url = $"/api/scoring/cycles/{cycleId}/league-table?pageSize=200";
        var before = await suite.Gateway.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await new ScoringSteps(suite).ApprovedAsync(cycleId, items);

        var after = await suite.Gateway.SendAsync(Get(url, null, before.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    private static HttpRequestMessage Get(string url, string? lookupCode, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lookupCode is not null)
        {
            request.Headers.Add("Lookup-Code", lookupCode);
        }

        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        return request;
    }

    private static List<string> AnonymousGetRoutes()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalInfrastructure.RepositoryRoot(), "src", "Gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Where(r => r.Value.GetProperty("AuthorizationPolicy").GetString() == "anonymous")
            .Where(r => !r.Value.GetProperty("Match").TryGetProperty("Methods", out var methods)
                        || methods.EnumerateArray().Any(m => m.GetString() == "GET"))
            .Select(r => r.Name)
            .Where(name => !NotServiceReads.Contains(name))
            .ToList();
    }

    /// <summary>A URL of each anonymous GET route, on data made here (and the lookup code a tracker read needs).</summary>
    private async Task<Dictionary<string, (string Url, string? LookupCode)>> SamplesAsync()
    {
        var (cycleId, items) = await new ScoringSteps(suite).CycleAndItemsAsync();
        var (windowId, _) = await new ScoringSteps(suite).ApprovedAsync(cycleId, items);
        var window = await Ok(await suite.Gateway.GetAsync($"/api/registry/windows/{windowId}"));
        var centerId = window.GetProperty("parentId").GetGuid();
        var center = await Ok(await suite.Gateway.GetAsync($"/api/registry/centers/{centerId}"));
        var code = center.GetProperty("divisionCode").GetString();
        var admin = await suite.GatewayAsAsync("dev-admin");
        var township = await Created(await admin.PostAsJsonAsync("/api/registry/outlets",
            new { name = $"测试镇便民服务中心 {Guid.NewGuid():N}", level = "township", parentId = centerId, divisionCode = $"{code}101" }));
        var outletId = township.GetProperty("id").GetGuid();

        var filed = await Created(await OwnAddress.PostAsJsonAsync("/api/complaints", new
        {
            channel = "online", targetUnitId = windowId, category = "delay", description = "网上申报后十天无人受理",
            occurredAt = DateTimeOffset.UtcNow.AddDays(-1), anonymous = true,
        }));
        var caseNumber = filed.GetProperty("caseNumber").GetString()!;
        var lookupCode = filed.GetProperty("lookupCode").GetString()!;

        JsonElement award = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var page = await Ok(await suite.Gateway.GetAsync($"/api/awards?unitId={windowId}"));
            award = page.GetProperty("items").EnumerateArray().FirstOrDefault();
            return award.ValueKind == JsonValueKind.Object;
        }, Delivery, "the public registry shows the window's star");
        var awardId = award.GetProperty("id").GetGuid();
        // Ratings knows the window once its copy of the registry has it.
        await SuiteFixture.EventuallyAsync(async () => (await suite.Gateway.GetAsync($"/api/ratings/units/{windowId}")).StatusCode == HttpStatusCode.OK,
            Delivery, "Ratings' copy of the registry has the window");
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var open311Code = Uri.EscapeDataString(lookupCode);

        return new()
        {
            ["registry-centers"] = ("/api/registry/centers?divisionCode=5114", null),
            ["registry-center"] = ($"/api/registry/centers/{centerId}?include=units", null),
            ["registry-windows"] = ($"/api/registry/windows?centerId={centerId}", null),
            ["registry-window"] = ($"/api/registry/windows/{windowId}", null),
            ["registry-outlets"] = ($"/api/registry/outlets?parentId={centerId}", null),
            ["registry-outlet"] = ($"/api/registry/outlets/{outletId}", null),
            ["registry-unit-children"] = ($"/api/registry/units/{centerId}/children", null),
            ["registry-unit-ancestors"] = ($"/api/registry/units/{outletId}/ancestors", null),
            ["registry-unit-subtree"] = ($"/api/registry/units/{centerId}/subtree", null),
            ["criteria-sets"] = ("/api/criteria/sets", null),
            ["criteria-set-version"] = ("/api/criteria/sets/meishan-2012-window/versions/current", null),
            ["criteria-current-scheme"] = ("/api/criteria/schemes/current", null),
            ["criteria-schemes"] = ("/api/criteria/schemes", null),
            ["criteria-scheme-version"] = ("/api/criteria/schemes/meishan-2012/versions/1", null),
            ["criteria-offences"] = ("/api/criteria/offences", null),
            ["criteria-satisfaction-mappings"] = ("/api/criteria/satisfaction-mappings", null),
            ["criteria-satisfaction-mapping-version"] = ("/api/criteria/satisfaction-mappings/meishan-2012-satisfaction/versions/1", null),
            ["criteria-set"] = ("/api/criteria/sets/meishan-2012-center", null),
            ["criteria-item"] = ("/api/criteria/sets/meishan-2012-center/versions/1/items/3", null),
            ["criteria-diff"] = ("/api/criteria/sets/meishan-2012-center/diff?from=1&to=current", null),
            ["scoring-cycles"] = ("/api/scoring/cycles", null),
            ["scoring-cycle"] = ($"/api/scoring/cycles/{cycleId}", null),
            ["scoring-league-table"] = ($"/api/scoring/cycles/{cycleId}/league-table?pageSize=200", null),
            ["complaints-open311-services"] = ("/api/complaints/open311/v2/services.json", null),
            ["complaints-open311-requests"] = ($"/api/complaints/open311/v2/requests.json?service_request_id={caseNumber}&lookup_code={open311Code}", null),
            ["complaints-open311-request"] = ($"/api/complaints/open311/v2/requests/{caseNumber}.json?lookup_code={open311Code}", null),
            ["complaints-track"] = ($"/api/complaints/track/{caseNumber}", lookupCode),
            ["awards-awards"] = ($"/api/awards?unitId={windowId}", null),
            ["awards-award"] = ($"/api/awards/{awardId}", null),
            ["awards-unit-history"] = ($"/api/awards/units/{windowId}/history", null),
            ["awards-statistics"] = ("/api/awards/statistics", null),
            ["registry-openapi"] = ("/openapi/registry.json", null),
            ["criteria-openapi"] = ("/openapi/criteria.json", null),
            ["scoring-openapi"] = ("/openapi/scoring.json", null),
            ["complaints-openapi"] = ("/openapi/complaints.json", null),
            ["awards-openapi"] = ("/openapi/awards.json", null),
            ["identity-openapi"] = ("/openapi/identity.json", null),
            ["ratings-unit"] = ($"/api/ratings/units/{windowId}", null),
            ["ratings-month"] = ($"/api/ratings/months/{month}?divisionCode=5114", null),
            ["ratings-openapi"] = ("/openapi/ratings.json", null),
        };
    }
}
