using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StarPlatform.Registry.Data;

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

    [Fact]
    public async Task Keys_past_24_hours_are_purged_and_newer_ones_are_kept()
    {
        var admin = registry.As(subject: Guid.NewGuid().ToString());
        var (aged, kept) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await (await SendAsync(admin, "/api/registry/centers", new { name = "清理中心甲", level = "county", divisionCode = Api.CountyCode(), floorAreaM2 = 900 }, aged)).CreatedAsync();
        await (await SendAsync(admin, "/api/registry/centers", new { name = "清理中心乙", level = "county", divisionCode = Api.CountyCode(), floorAreaM2 = 900 }, kept)).CreatedAsync();
        Assert.Equal(1, await registry.ScalarAsync(
            "with x as (update idempotency_records set created_at = created_at - interval '24 hours 1 second' where key = $1 returning 1) select count(*) from x", aged));

        var purge = registry.Services.GetRequiredService<ExpiredRowsPurge<RegistryDbContext, IdempotencyRecord>>();
        Assert.Equal(TimeSpan.FromHours(24), purge.Retention);
        await using (var scope = registry.Services.CreateAsyncScope())
        {
            Assert.True(await purge.PurgeAsync(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), DateTimeOffset.UtcNow, CancellationToken.None) >= 1);
        }

        Assert.Equal(0, await registry.ScalarAsync("select count(*) from idempotency_records where key = $1", aged));
        Assert.Equal(1, await registry.ScalarAsync("select count(*) from idempotency_records where key = $1", kept));
    }

    [Fact]
    public async Task Every_route_that_takes_a_key_keeps_the_contract_even_for_20_requests_at_once()
    {
        var admin = registry.As(subject: Guid.NewGuid().ToString());
        var county = (await admin.CountyAsync()).Id();
        static Func<HttpRequestMessage> Post(string path, Func<object> body) =>
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body()) };
        var code = Api.CountyCode();
        var outlet = $"幂等镇 {Guid.NewGuid():N}";
        var cases = new Dictionary<string, IdempotencyContract.Case>
        {
            ["POST /api/registry/centers/"] = new(admin,
                Post("/api/registry/centers", () => new { name = "幂等并发中心", level = "county", divisionCode = code, floorAreaM2 = 1200 }),
                Post("/api/registry/centers", () => new { name = "幂等并发中心", level = "county", divisionCode = code, floorAreaM2 = 1300 })),
            ["POST /api/registry/centers/{id:guid}/windows"] = new(admin,
                Post($"/api/registry/centers/{county}/windows", () => new { department = "a", name = "并发窗口" }),
                Post($"/api/registry/centers/{county}/windows", () => new { department = "a", name = "另一窗口" })),
            ["POST /api/registry/outlets/"] = new(admin,
                Post("/api/registry/outlets", () => new { name = outlet, level = "township", parentId = county }),
                Post($"/api/registry/centers/{county}/windows", () => new { department = "b", name = "并发窗口" })),
        };

        Assert.Equal(cases.Keys.Order(), IdempotencyContract.Routes(registry.Services).Order());
        foreach (var (route, @case) in cases)
        {
            try
            {
                await IdempotencyContract.HoldsAsync(@case, registry.WrittenAsync);
            }
            catch (ResponseMismatchException e)
            {
                throw new ResponseMismatchException($"{route}: {e.Message}");
            }
        }
    }

    [Fact]
    public void Every_creating_POST_takes_a_key() =>
        Assert.Equal(IdempotencyContract.CreatingPosts(registry.Services).Order(), IdempotencyContract.Routes(registry.Services).Order());

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
