using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

[Collection(SuiteCollection.Name)]
public class GatewayTests(SuiteFixture suite)
{
    [Fact]
    public async Task The_gateway_reports_healthy()
    {
        var response = await suite.Gateway.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var backends = health.GetProperty("checks").GetProperty("backends").GetProperty("data");
        Assert.Equal(["awards", "complaints", "console", "criteria", "identity", "ratings", "registry", "scoring"],
            backends.EnumerateObject().Select(b => b.Name).Order());
        Assert.All(backends.EnumerateObject(), b => Assert.Equal("up", b.Value.GetString()));
    }

    [Fact]
    public async Task The_gateway_indexes_every_services_openapi_document_and_serves_it()
    {
        var index = await suite.Gateway.GetFromJsonAsync<JsonElement>("/openapi");
        var services = index.EnumerateArray().Select(d => d.GetProperty("service").GetString()!).ToArray();
        Assert.Equal(["registry", "criteria", "scoring", "complaints", "awards", "identity", "ratings"], services);

        foreach (var document in index.EnumerateArray())
        {
            var response = await suite.Gateway.GetAsync(document.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var registry = await suite.Gateway.GetFromJsonAsync<JsonElement>("/openapi/registry.json");
        Assert.True(registry.GetProperty("paths").TryGetProperty("/api/registry/centers", out _));
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        var response = await suite.Gateway.GetAsync("/api-reference");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
