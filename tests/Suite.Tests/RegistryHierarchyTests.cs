using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>The registry's hierarchy and its changes, through the gateway, reaching the services that keep copies.</summary>
[Collection(SuiteCollection.Name)]
public class RegistryHierarchyTests(SuiteFixture suite)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_county_center_township_outlet_and_village_point_are_walked_down_and_up_through_the_gateway()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var code = TestData.DivisionCode();
        var county = await CreatedAsync(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(divisionCode: code)));
        var township = await CreatedAsync(await admin.PostAsJsonAsync("/api/registry/outlets",
            new { name = "太和镇便民服务中心", level = "township", parentId = county.GetProperty("id").GetGuid(), divisionCode = $"{code}101" }));
        var village = await CreatedAsync(await admin.PostAsJsonAsync("/api/registry/outlets",
            new { name = "金龙村便民服务点", level = "village", parentId = township.GetProperty("id").GetGuid(), divisionCode = $"{code}101001" }));
        var (countyId, townshipId, villageId) = (county.GetProperty("id").GetGuid(), township.GetProperty("id").GetGuid(), village.GetProperty("id").GetGuid());

        // Down, as the public reads it (no token).
        var countyChildren = await suite.Gateway.GetFromJsonAsync<JsonElement>($"/api/registry/units/{countyId}/children");
        Assert.Equal([townshipId], countyChildren.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        var townshipChildren = await suite.Gateway.GetFromJsonAsync<JsonElement>($"/api/registry/units/{townshipId}/children");
        Assert.Equal([villageId], townshipChildren.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        var villages = await suite.Gateway.GetFromJsonAsync<JsonElement>($"/api/registry/units/{countyId}/subtree?level=village");
        Assert.Equal([villageId], villages.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));

        // Up, nearest first.
        var ancestors = await suite.Gateway.GetFromJsonAsync<JsonElement>($"/api/registry/units/{villageId}/ancestors");
        Assert.Equal([townshipId, countyId], ancestors.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        Assert.Equal(["outlet", "center"], ancestors.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("kind").GetString()));

        // Every service that keeps a copy holds the outlets.
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = any($1)", new[] { townshipId, villageId }) == 2
                && await suite.CountAsync("complaints", "select count(*) from units where id = any($1)", new[] { townshipId, villageId }) == 2
                && await suite.CountAsync("awards", "select count(*) from units where id = any($1)", new[] { countyId, townshipId, villageId }) == 3,
            Delivery, "Scoring, Complaints and Awards hold the new outlets");
    }

    [Fact]
    public async Task A_floor_area_change_reaches_scoring_and_complaints()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var county = await CreatedAsync(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County()));
        var id = county.GetProperty("id").GetGuid();
        var path = $"/api/registry/centers/{id}";
        var etag = (await suite.Gateway.GetAsync(path)).Headers.ETag!.ToString();

        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { floorAreaM2 = 7200 }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1 and floor_area_m2 = 7200 and revision = 2", id) == 1
                && await suite.CountAsync("complaints", "select count(*) from units where id = $1 and revision = 2", id) == 1,
            Delivery, "Scoring has the new floor area and Complaints the new revision");

        // The old ETag is stale now.
        using var stale = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { floorAreaM2 = 1 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await ProblemDetailsTests.AssertProblemAsync(await admin.SendAsync(stale), HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task The_registry_s_OpenAPI_document_through_the_gateway_describes_every_registry_route()
    {
        var index = await suite.Gateway.GetFromJsonAsync<JsonElement>("/openapi");
        Assert.Contains(index.EnumerateArray(), d => d.GetProperty("url").GetString() == "/openapi/registry.json");
        var document = await suite.Gateway.GetFromJsonAsync<JsonElement>("/openapi/registry.json");
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/registry/centers", "post"), ("/api/registry/centers", "get"), ("/api/registry/centers/{id}", "get"),
            ("/api/registry/centers/{id}", "patch"), ("/api/registry/centers/{id}/windows", "post"), ("/api/registry/windows", "get"), ("/api/registry/windows/{id}", "get"),
            ("/api/registry/windows/{id}", "patch"), ("/api/registry/outlets", "post"), ("/api/registry/outlets", "get"),
            ("/api/registry/outlets/import", "post"), ("/api/registry/outlets/{id}", "get"), ("/api/registry/outlets/{id}", "patch"),
            ("/api/registry/units/{id}/children", "get"), ("/api/registry/units/{id}/ancestors", "get"), ("/api/registry/units/{id}/subtree", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is in the document");
        }

        Assert.True(paths.GetProperty("/api/registry/centers/{id}").GetProperty("patch").GetProperty("responses").TryGetProperty("412", out _));
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
