using System.Net;
using System.Net.Http.Json;
using StarPlatform.Testing;

namespace StarPlatform.Criteria.Tests;

/// <summary>Idempotency-Key on the catalog's creating POSTs: one creation per key and request, for 24 hours, also for 20 at once.</summary>
[Collection(CriteriaServiceCollection.Name)]
public sealed class IdempotencyKeyTests(CriteriaServiceFixture service)
{
    private const string Sets = "/api/criteria/sets";

    [Fact]
    public async Task Every_route_that_takes_a_key_keeps_the_contract_even_for_20_requests_at_once()
    {
        using var admin = service.Client("admin");
        var published = await PublishedSetAsync(admin);
        var other = await PublishedSetAsync(admin);
        var (setCode, schemeCode) = ($"idem-set-{Guid.NewGuid():N}"[..28], $"idem-scheme-{Guid.NewGuid():N}"[..28]);
        static Func<HttpRequestMessage> Post(string path, Func<object>? body = null) =>
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body()) };
        object Scheme(int fiveStars) => new
        {
            code = schemeCode,
            components = new { creation = 80, satisfaction = 10, panel = 10 },
            thresholds = new[] { new { stars = 5, minTotal = fiveStars }, new { stars = 4, minTotal = 92 }, new { stars = 3, minTotal = 86 } },
            vetoCancelsStars = true,
        };
        var mappingCode = $"idem-sat-{Guid.NewGuid():N}"[..28];
        object Mapping(string method) => new
        {
            code = mappingCode, points = 10, method, bands = new[] { new { minRate = 98, points = 10 } },
            levelWeights = new[]
            {
                new { level = "very-satisfied", weight = 1 }, new { level = "satisfied", weight = 1 }, new { level = "fairly-satisfied", weight = 1 },
                new { level = "dissatisfied", weight = 0 }, new { level = "very-dissatisfied", weight = 0 },
            },
            evidence = new { setCode = "meishan-2012-window", item = 6, minEvaluationRate = 95, minSatisfactionRate = 98 },
        };
        var cases = new Dictionary<string, IdempotencyContract.Case>
        {
            ["POST /api/criteria/sets/"] = new(admin,
                Post(Sets, () => new { code = setCode, name = "幂等标准", unitKind = "window", totalPoints = 10 }),
                Post(Sets, () => new { code = setCode, name = "另一标准", unitKind = "window", totalPoints = 10 })),
            ["POST /api/criteria/sets/{code}/versions"] = new(admin,
                Post($"{Sets}/{published}/versions"),
                Post($"{Sets}/{other}/versions")),
            ["POST /api/criteria/schemes/"] = new(admin,
                Post("/api/criteria/schemes", () => Scheme(97)),
                Post("/api/criteria/schemes", () => Scheme(96))),
            ["POST /api/criteria/satisfaction-mappings/"] = new(admin,
                Post("/api/criteria/satisfaction-mappings", () => Mapping("linear")),
                Post("/api/criteria/satisfaction-mappings", () => Mapping("bands"))),
        };

        Assert.Equal(cases.Keys.Order(), IdempotencyContract.Routes(service.Services).Order());
        foreach (var (route, @case) in cases)
        {
            try
            {
                await IdempotencyContract.HoldsAsync(@case, service.SnapshotAsync);
            }
            catch (ResponseMismatchException e)
            {
                throw new ResponseMismatchException($"{route}: {e.Message}");
            }
        }

        Assert.Equal(1, await service.CountAsync("select count(*) from criteria_sets where code = $1", setCode));
        Assert.Equal(2, await service.CountAsync("select count(*) from criteria_versions v join criteria_sets s on s.id = v.set_id where s.code = $1", published));
        Assert.Equal(1, await service.CountAsync("select count(*) from star_schemes where code = $1", schemeCode));
        Assert.Equal(1, await service.CountAsync("select count(*) from satisfaction_mappings where code = $1", mappingCode));
    }

    [Fact]
    public void Every_creating_POST_takes_a_key() =>
        Assert.Equal(IdempotencyContract.CreatingPosts(service.Services).Order(), IdempotencyContract.Routes(service.Services).Order());

    /// <summary>A set of its own with version 1 published (one category, a scored item and a veto item).</summary>
    private static async Task<string> PublishedSetAsync(HttpClient admin)
    {
        var code = $"idem-published-{Guid.NewGuid():N}"[..32];
        await (await admin.PostAsJsonAsync(Sets, new { code, name = "幂等已发布标准", unitKind = "window", totalPoints = 10 })).CreatedAsync();
        var v1 = $"{Sets}/{code}/versions/1";
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/categories/1", new { name = "工作纪律", points = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/items/1", new { category = 1, text = "标识醒目、标牌规范。", maxPoints = 6, kind = "graded", veto = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/items/2", new { category = 1, text = "无违反党纪、政纪、法纪案件发生。", maxPoints = 4, kind = "graded", veto = true })).StatusCode);
        await (await admin.PostAsync($"{v1}/publish", null)).OkAsync();
        return code;
    }
}
