using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Awards.Tests;

internal static class Api
{
    public static async Task<JsonElement> OkAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient client, Guid awardId, bool? confirmed, string? comment = null) =>
        client.PostAsJsonAsync($"/api/awards/{awardId}/revocation-decision", new { confirmed, comment });

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => await (await client.GetAsync(path)).OkAsync();

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static IEnumerable<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();
}
