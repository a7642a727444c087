using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Registry.Tests;

/// <summary>Helpers to drive the registry API in service tests; every test makes units of its own.</summary>
internal static class Api
{
    /// <summary>A random six-digit county division code (centers are unique per division and level).</summary>
    public static string CountyCode() => Random.Shared.Next(110000, 1000000).ToString(CultureInfo.InvariantCulture);

    public static async Task<JsonElement> CountyAsync(this HttpClient admin, string? code = null, Guid? parentId = null, decimal floorArea = 6000) =>
        await (await admin.PostAsJsonAsync("/api/registry/centers", new
        {
            name = $"测试县政务服务中心 {Guid.NewGuid():N}",
            level = "county",
            divisionCode = code ?? CountyCode(),
            parentId,
            floorAreaM2 = floorArea,
        })).CreatedAsync();

    public static async Task<JsonElement> OutletAsync(this HttpClient admin, string level, Guid parentId, string? divisionCode = null, string? name = null) =>
        await (await admin.PostAsJsonAsync("/api/registry/outlets", new
        {
            name = name ?? $"测试{level} {Guid.NewGuid():N}",
            level,
            parentId,
            divisionCode,
        })).CreatedAsync();

    /// <summary>A PATCH with If-Match (none when <paramref name="etag"/> is null).</summary>
    public static async Task<HttpResponseMessage> PatchAsync(this HttpClient client, string path, object body, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> ETagAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }
}
