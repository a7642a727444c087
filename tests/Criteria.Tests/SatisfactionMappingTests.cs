using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.Criteria.Data;
using StarPlatform.Testing;

namespace StarPlatform.Criteria.Tests;

/// <summary>
/// 满意度测评's mapping (decision 0019): the seed's numbers pinned (10 points; window item 6's 95% 评价率 and 98%
/// 满意率), its arithmetic at the boundaries, and versions drafted, published and announced — a new version
/// changes the points the same ratings earn.
/// </summary>
[Collection(CriteriaServiceCollection.Name)]
public sealed class SatisfactionMappingTests(CriteriaServiceFixture service)
{
    private const string Mappings = "/api/criteria/satisfaction-mappings";

    private static readonly SatisfactionMappingPublished Seeded =
        CatalogSeed.ToSatisfactionMapping(CatalogSeed.ReadSatisfactionMapping(), DateTimeOffset.UnixEpoch).ToPublished();

    private static RatingCounts Counts(long served, long rated, long good, long bad) => new(served, rated, good, 0, 0, bad, 0);

    [Fact]
    public void The_seeded_mapping_fills_the_schemes_10_points_and_asks_window_item_6s_95_and_98_percent()
    {
        var scheme = CatalogSeed.ReadScheme();
        var window = CatalogSeed.ToVersion(CatalogSeed.ReadSet("meishan-2012-window.json"), DateTimeOffset.UnixEpoch);
        var item6 = window.Items.Single(i => i.Number == 6);

        Assert.Equal(10m, Seeded.Points);
        Assert.Equal(scheme.Components.Satisfaction, Seeded.Points);
        Assert.Equal(("meishan-2012-window", 6), (Seeded.EvidenceSetCode, Seeded.EvidenceItem));
        Assert.Equal((95m, 98m), (Seeded.MinEvaluationRate, Seeded.MinSatisfactionRate));
        // The numbers are the seed's words for item 6, not a guess: a drift of either side fails here.
        Assert.Contains($"评价率{Seeded.MinEvaluationRate:0}%以上", item6.Text);
        Assert.Contains($"满意率{Seeded.MinSatisfactionRate:0}%以上", item6.Text);
        Assert.Equal(SatisfactionMath.Linear, Seeded.Method);
        Assert.Equal([1m, 1m, 1m, 0m, 0m], Seeded.LevelWeights.OrderBy(w => w.Level).Select(w => w.Weight));
    }

    [Theory]
    [InlineData(1000, 950, 980, 20, true, true, 9.8)]
    [InlineData(1000, 949, 980, 20, false, true, 9.8)]
    [InlineData(1000, 950, 979, 21, true, false, 9.8)]
    [InlineData(20000, 18999, 19599, 401, false, false, 9.8)] // 94.995 % and 97.995 % show as 95.00 and 98.00 but do not reach them
    [InlineData(100, 100, 100, 0, true, true, 10)]
    [InlineData(100, 60, 44, 16, false, false, 7.3)]
    public void The_seeded_mapping_meets_item_6_only_at_or_above_its_rates_and_gives_ten_times_the_satisfaction_rate(
        long served, long rated, long good, long bad, bool evaluationMet, bool satisfactionMet, decimal points)
    {
        var counts = Counts(served, rated, good, bad);

        Assert.Equal(evaluationMet, SatisfactionMath.MeetsEvaluationRate(Seeded, counts));
        Assert.Equal(satisfactionMet, SatisfactionMath.MeetsSatisfactionRate(Seeded, counts));
        Assert.Equal(points, SatisfactionMath.Points(Seeded, counts));
    }

    [Fact]
    public void Without_ratings_there_are_no_points_to_derive_and_no_rate_to_meet()
    {
        Assert.Null(SatisfactionMath.Points(Seeded, Counts(10, 0, 0, 0)));
        Assert.Null(SatisfactionMath.MeetsSatisfactionRate(Seeded, Counts(10, 0, 0, 0)));
        Assert.Null(SatisfactionMath.MeetsEvaluationRate(Seeded, RatingCounts.None));
        Assert.Equal(0m, SatisfactionMath.EvaluationRate(Counts(10, 0, 0, 0)));
    }

    [Fact]
    public async Task The_published_mapping_is_a_public_read_with_an_etag()
    {
        var anonymous = service.Client();
        var first = await anonymous.GetAsync($"{Mappings}/meishan-2012-satisfaction/versions/1");
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        using var again = new HttpRequestMessage(HttpMethod.Get, $"{Mappings}/meishan-2012-satisfaction/versions/1");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(10m, body.GetProperty("points").GetDecimal());
        Assert.Equal("linear", body.GetProperty("method").GetString());
        Assert.Equal(95m, body.GetProperty("evidence").GetProperty("minEvaluationRate").GetDecimal());
        Assert.Equal(98m, body.GetProperty("evidence").GetProperty("minSatisfactionRate").GetDecimal());
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
        Assert.Contains((await anonymous.GetFromJsonAsync<JsonElement>(Mappings)).EnumerateArray(),
            m => m.GetProperty("code").GetString() == "meishan-2012-satisfaction" && m.GetProperty("version").GetInt32() == 1);
        Assert.Equal(1, await service.CountAsync(
            "select count(*) from outbox_message where message_type like '%SatisfactionMappingPublished%' and body->>'code' = 'meishan-2012-satisfaction' and body->>'version' = '1'"));
    }

    [Fact]
    public async Task A_draft_is_replaced_then_published_and_announced_and_the_new_version_changes_the_points_the_same_ratings_earn()
    {
        using var admin = service.Client("admin");
        var code = $"sat-{Guid.NewGuid():N}"[..24];
        var draft = await admin.PostAsJsonAsync(Mappings, Body(code, "linear", []));
        var hidden = await service.Client().GetAsync($"{Mappings}/{code}/versions/1");
        var replaced = await admin.PutAsJsonAsync($"{Mappings}/{code}/versions/1", Body(code, "bands", [new { minRate = 98, points = 10 }, new { minRate = 90, points = 6 }]));
        var published = await admin.PostAsync($"{Mappings}/{code}/versions/1/publish", null);
        var second = await admin.PostAsJsonAsync(Mappings, Body(code, "linear", []));
        await admin.PostAsync($"{Mappings}/{code}/versions/2/publish", null);
        var v1 = await service.Client().GetFromJsonAsync<JsonElement>($"{Mappings}/{code}/versions/1");
        var v2 = await service.Client().GetFromJsonAsync<JsonElement>($"{Mappings}/{code}/versions/2");

        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal("draft", (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("bands", v1.GetProperty("method").GetString());
        Assert.Equal("linear", v2.GetProperty("method").GetString());
        Assert.Equal(2, await service.CountAsync(
            "select count(*) from outbox_message where message_type like '%SatisfactionMappingPublished%' and body->>'code' = $1", code));

        // 96 % satisfied: the bands of version 1 give 6 points, version 2's line 9.6.
        var counts = Counts(100, 100, 96, 4);
        Assert.Equal(6m, SatisfactionMath.Points(Published(v1), counts));
        Assert.Equal(9.6m, SatisfactionMath.Points(Published(v2), counts));
    }

    [Fact]
    public async Task A_mapping_that_does_not_fit_the_catalog_is_refused_with_every_problem_and_stays_a_draft()
    {
        using var admin = service.Client("admin");
        var code = $"sat-bad-{Guid.NewGuid():N}"[..24];
        var body = Body(code, "bands", [new { minRate = 98, points = 25 }]) with { points = 20m, evidence = new { setCode = "meishan-2012-window", item = 99, minEvaluationRate = 95, minSatisfactionRate = 98 } };
        await admin.PostAsJsonAsync(Mappings, body);

        var refused = await admin.PostAsync($"{Mappings}/{code}/versions/1/publish", null);
        var anotherDraft = await admin.PostAsJsonAsync(Mappings, Body(code, "linear", []));
        var invalid = await admin.PostAsJsonAsync(Mappings, new { code, points = 0, method = "curve", levelWeights = new[] { new { level = "satisfied", weight = 2 } } });
        var stranger = await service.Client("secretary").PostAsJsonAsync(Mappings, Body(code, "linear", []));

        var problems = (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(3, problems.Count);
        await anotherDraft.ProblemAsync(HttpStatusCode.Conflict);
        var errors = (await invalid.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.All(new[] { "points", "method", "levelWeights", "evidence" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(1, await service.CountAsync("select count(*) from satisfaction_mappings where code = $1 and status = 'Draft'", code));
        Assert.Equal(0, await service.CountAsync("select count(*) from outbox_message where body->>'code' = $1", code));
    }

    [Fact]
    public async Task A_published_version_never_changes()
    {
        using var admin = service.Client("admin");
        var code = $"sat-frozen-{Guid.NewGuid():N}"[..24];
        await admin.PostAsJsonAsync(Mappings, Body(code, "linear", []));
        await admin.PostAsync($"{Mappings}/{code}/versions/1/publish", null);

        var changed = await admin.PutAsJsonAsync($"{Mappings}/{code}/versions/1", Body(code, "bands", [new { minRate = 50, points = 10 }]));
        var again = await admin.PostAsync($"{Mappings}/{code}/versions/1/publish", null);

        await changed.ProblemAsync(HttpStatusCode.Conflict);
        await again.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("linear", (await service.Client().GetFromJsonAsync<JsonElement>($"{Mappings}/{code}/versions/1")).GetProperty("method").GetString());
    }

    private static MappingBody Body(string code, string method, object[] bands) => new(
        code, 10m, method, bands,
        [
            new { level = "very-satisfied", weight = 1 }, new { level = "satisfied", weight = 1 }, new { level = "fairly-satisfied", weight = 1 },
            new { level = "dissatisfied", weight = 0 }, new { level = "very-dissatisfied", weight = 0 },
        ],
        new { setCode = "meishan-2012-window", item = 6, minEvaluationRate = 95, minSatisfactionRate = 98 });

    private sealed record MappingBody(string code, decimal points, string method, object[] bands, object[] levelWeights, object evidence);

    private static SatisfactionMappingPublished Published(JsonElement m) => new(
        m.GetProperty("code").GetString()!, m.GetProperty("version").GetInt32(), m.GetProperty("points").GetDecimal(),
        m.GetProperty("levelWeights").EnumerateArray().Select(w => new PublishedLevelWeight(
            Enum.Parse<RatingLevel>(w.GetProperty("level").GetString()!.Replace("-", ""), ignoreCase: true), w.GetProperty("weight").GetDecimal())).ToList(),
        m.GetProperty("method").GetString()!,
        m.GetProperty("bands").EnumerateArray().Select(b => new PublishedSatisfactionBand(b.GetProperty("minRate").GetDecimal(), b.GetProperty("points").GetDecimal())).ToList(),
        "meishan-2012-window", 6, 95, 98, DateTimeOffset.UnixEpoch);
}
