using System.Net.Http.Json;

namespace StarPlatform.Scoring.Tests;

/// <summary>Idempotency-Key on Scoring's creating POSTs (a cycle, an application): one creation per key and request, also for 20 at once.</summary>
[Collection(ScoringCollection.Name)]
public sealed class IdempotencyKeyTests(ScoringFixture fixture)
{
    [Fact]
    public async Task Every_route_that_takes_a_key_keeps_the_contract_even_for_20_requests_at_once()
    {
        var secretary = fixture.As("secretary");
        var (unit, another) = (await fixture.UnitAsync(), await fixture.UnitAsync());
        static Func<HttpRequestMessage> Post(string path, object body) =>
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        var applications = $"/api/scoring/cycles/{fixture.CycleId}/applications";
        var cases = new Dictionary<string, IdempotencyContract.Case>
        {
            ["POST /api/scoring/cycles/"] = new(secretary,
                Post("/api/scoring/cycles", new { year = fixture.Year + 70 }),
                Post("/api/scoring/cycles", new { year = fixture.Year + 80 })),
            ["POST /api/scoring/cycles/{id:guid}/applications"] = new(secretary,
                Post(applications, new { unitId = unit.Id }),
                Post(applications, new { unitId = another.Id })),
        };

        Assert.Equal(cases.Keys.Order(), IdempotencyContract.Routes(fixture.Services).Order());
        foreach (var (route, @case) in cases)
        {
            try
            {
                await IdempotencyContract.HoldsAsync(@case, fixture.WrittenAsync);
            }
            catch (ResponseMismatchException e)
            {
                throw new ResponseMismatchException($"{route}: {e.Message}");
            }
        }

        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from cycles where year = $1", fixture.Year + 70));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from cycles where year = $1", fixture.Year + 80));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from applications where unit_id = $1", unit.Id));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from applications where unit_id = $1", another.Id));
    }

    [Fact]
    public void Every_creating_POST_takes_a_key() =>
        Assert.Equal(IdempotencyContract.CreatingPosts(fixture.Services).Order(), IdempotencyContract.Routes(fixture.Services).Order());
}
