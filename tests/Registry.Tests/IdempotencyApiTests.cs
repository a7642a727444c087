using System.Net;
using System.Net.Http.Json;

namespace StarPlatform.Registry.Tests;

/// <summary>Idempotency-Key on creating POSTs: one creation per key and request, for 24 hours.</summary>
[Collection(RegistryCollection.Name)]
public class IdempotencyApiTests(RegistryFixture registry)
{
    [Fact]
    public async Task The_same_key_and_body_get_the_original_response_and_create_once()
    {
        var admin = registry.As(subject: Guid.NewGuid().ToString());
        var body = new { name = "幂等中心", level = "county", divisionCode = Api.CountyCode(), floorAreaM2 = 1200 };
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(admin, "/api/registry/centers", body, key);
        var created = await first.CreatedAsync();
        var before = await registry.WrittenAsync();
        var second = await SendAsync(admin, "/api/registry/centers", body, key);

        var replayed = await second.CreatedAsync();
        Assert.Equal(created.Id(), replayed.Id());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_409_and_writes_nothing()
    {
        var admin = registry.As(subject: Guid.NewGuid().ToString());
        var county = await admin.CountyAsync();
        var key = Guid.NewGuid().ToString();
        await (await SendAsync(admin, $"/api/registry/centers/{county.Id()}/windows", new { department = "a", name = "一号窗口" }, key)).CreatedAsync();
        var before = await registry.WrittenAsync();

        await (await SendAsync(admin, $"/api/registry/centers/{county.Id()}/windows", new { department = "a", name = "二号窗口" }, key))
            .ProblemAsync(HttpStatusCode.Conflict);
        await (await SendAsync(admin, "/api/registry/outlets", new { name = "镇", level = "township", parentId = county.Id() }, key))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await registry.WrittenAsync());
        // Keys are the caller's own: another admin's key of the same text is another key.
        await (await SendAsync(registry.As(subject: Guid.NewGuid().ToString()), $"/api/registry/centers/{county.Id()}/windows",
            new { department = "a", name = "二号窗口" }, key)).CreatedAsync();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
