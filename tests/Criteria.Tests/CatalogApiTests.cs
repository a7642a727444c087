using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Criteria.Data;
using StarPlatform.Messaging;
using StarPlatform.Testing;

namespace StarPlatform.Criteria.Tests;

/// <summary>The catalog's HTTP API on real PostgreSQL: public reads with ETags, a county's checklist from draft to retired, immutability.</summary>
[Collection(CriteriaServiceCollection.Name)]
public class CatalogApiTests(CriteriaServiceFixture service)
{
    private const string Sets = "/api/criteria/sets";

    [Fact]
    public async Task The_seed_is_loaded_once_as_published_version_1_and_announced_through_the_outbox()
    {
        const string centerAnnounced =
            "select count(*) from outbox_message where message_type like '%CriteriaVersionPublished%' and body->>'code' = 'meishan-2012-center' and body->>'version' = '1' and jsonb_array_length(body->'items') = 77";
        const string schemeAnnounced =
            "select count(*) from outbox_message where message_type like '%StarSchemePublished%' and body->>'code' = 'meishan-2012' and body->>'version' = '1' and body->'thresholds'->0->>'minTotal' = '95'";
        var before = (await service.CountAsync(centerAnnounced), await service.CountAsync(schemeAnnounced));
        Assert.Equal(0, await CatalogSeed.LoadAsync(service.Services));
        Assert.Equal(0, await CatalogSeed.LoadAsync(service.Services));

        Assert.Equal(1, await service.CountAsync("select count(*) from criteria_sets where code = 'meishan-2012-center'"));
        Assert.Equal(77, await service.CountAsync(
            "select count(*) from criteria_items i join criteria_versions v on v.id = i.version_id join criteria_sets s on s.id = v.set_id where s.code = 'meishan-2012-center' and v.number = 1 and v.status = 'Published'"));
        Assert.Equal(27, await service.CountAsync(
            "select count(*) from criteria_items i join criteria_versions v on v.id = i.version_id join criteria_sets s on s.id = v.set_id where s.code = 'meishan-2012-window'"));
        // Nothing is inserted twice, and every load announces every published version and scheme again
        // (consumers keep what they hold), so a copy that missed an announcement catches up.
        Assert.Equal(before.Item1 + 2, await service.CountAsync(centerAnnounced));
        Assert.Equal(before.Item2 + 2, await service.CountAsync(schemeAnnounced));
        Assert.Equal(1, await service.CountAsync("select count(*) from star_schemes where code = 'meishan-2012'"));
    }

    [Fact]
    public async Task Concurrent_seed_loads_on_a_fresh_database_insert_each_set_once()
    {
        var connectionString = await service.Infrastructure.CreateDatabaseAsync("criteria_concurrent_seed");
        var host = new ServiceCollection();
        host.AddSingleton(TimeProvider.System);
        host.AddDbContext<CriteriaDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        host.AddOutbox<CriteriaDbContext>();
        host.AddLogging();
        await using var provider = host.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CriteriaDbContext>().Database.MigrateAsync();
        }

        var inserted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CatalogSeed.LoadAsync(provider))));

        Assert.Equal(4, inserted.Sum());
        await using var db = provider.CreateScope().ServiceProvider.GetRequiredService<CriteriaDbContext>();
        Assert.Equal(2, await db.Sets.CountAsync());
        Assert.Equal(104, await db.Items.CountAsync());
        Assert.Equal(1, await db.StarSchemes.CountAsync());
        Assert.Equal(1, await db.SatisfactionMappings.CountAsync());
        // Each of the four loads announced what was published when it looked; together: both sets, the scheme and the satisfaction mapping.
        var announced = await db.Set<OutboxMessage>().Select(m => m.MessageType).ToListAsync();
        Assert.Contains(announced, t => t.Contains("CriteriaVersionPublished", StringComparison.Ordinal));
        Assert.Contains(announced, t => t.Contains("StarSchemePublished", StringComparison.Ordinal));
        Assert.Equal(4, await db.Database.SqlQueryRaw<int>(
            "select count(distinct (message_type, body->>'code'))::int as \"Value\" from outbox_message").SingleAsync());
    }

    [Fact]
    public async Task Anyone_reads_the_sets_a_version_grouped_by_category_and_the_scheme_with_ETags()
    {
        using var anonymous = service.Client();

        var page = await anonymous.GetFromJsonAsync<JsonElement>(Sets);
        var sets = page.GetProperty("items");
        Assert.Equal(sets.GetArrayLength(), page.GetProperty("total").GetInt32());
        var center = sets.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "meishan-2012-center");
        Assert.Equal("center", center.GetProperty("unitKind").GetString());
        Assert.Equal(1, center.GetProperty("currentVersion").GetInt32());
        Assert.Equal("window", sets.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "meishan-2012-window").GetProperty("unitKind").GetString());

        var response = await anonymous.GetAsync($"{Sets}/meishan-2012-center/versions/current");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal("published", version.GetProperty("status").GetString());
        Assert.Equal(80m, version.GetProperty("totalPoints").GetDecimal());
        var categories = version.GetProperty("categories").EnumerateArray().ToList();
        Assert.Equal([20m, 14m, 7m, 15.5m, 10m, 6.5m, 7m], categories.Select(c => c.GetProperty("points").GetDecimal()));
        Assert.Equal(77, categories.Sum(c => c.GetProperty("items").GetArrayLength()));
        var item3 = categories[0].GetProperty("items")[2];
        Assert.Equal("tiered", item3.GetProperty("kind").GetString());
        Assert.Equal("一级达标得6分,二级达标得3分,三级达标得1分。", item3.GetProperty("notes").GetString());
        // Decision 0016: every member is sent, null when it has no value.
        Assert.Equal(JsonValueKind.Null, categories[0].GetProperty("items")[0].GetProperty("notes").ValueKind);

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("public", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"{Sets}/meishan-2012-center/versions/1");
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await anonymous.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/criteria/schemes/current")).StatusCode);
        var scheme = await anonymous.GetFromJsonAsync<JsonElement>("/api/criteria/schemes/meishan-2012/versions/1");
        Assert.Equal(80m, scheme.GetProperty("components").GetProperty("creation").GetDecimal());
        Assert.Equal(10m, scheme.GetProperty("components").GetProperty("satisfaction").GetDecimal());
        Assert.Equal(10m, scheme.GetProperty("components").GetProperty("panel").GetDecimal());
        Assert.Equal([(5, 95m), (4, 90m), (3, 85m)],
            scheme.GetProperty("thresholds").EnumerateArray().Select(t => (t.GetProperty("stars").GetInt32(), t.GetProperty("minTotal").GetDecimal())));

        var veto = await anonymous.GetFromJsonAsync<JsonElement>($"{Sets}/meishan-2012-window/versions/1/items/7");
        Assert.True(veto.GetProperty("veto").GetBoolean());
        Assert.Equal("服务管理", veto.GetProperty("category").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{Sets}/meishan-2012-window/versions/1/items/28")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{Sets}/no-such-set/versions/current")).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_edits_the_catalog()
    {
        var body = new { code = "access-check", name = "检查", unitKind = "outlet", ownerDivisionCode = "511402", totalPoints = 10 };

        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client().PostAsJsonAsync(Sets, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.Client("secretary").PostAsJsonAsync(Sets, body)).StatusCode);
        Assert.Equal(0, await service.CountAsync("select count(*) from criteria_sets where code = 'access-check'"));
    }

    [Fact]
    public async Task A_county_builds_its_township_checklist_publishes_it_and_starts_a_second_version()
    {
        using var admin = service.Client("admin");
        var code = $"dongpo-township-{Guid.NewGuid():N}"[..32];

        var created = await admin.PostAsJsonAsync(Sets, new { code, name = "东坡区乡镇便民服务中心考评标准", unitKind = "outlet", ownerDivisionCode = "511402", totalPoints = 10 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{Sets}/{code}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(Sets, new { code, name = "重复", unitKind = "outlet", ownerDivisionCode = "511402", totalPoints = 10 })).StatusCode);

        var v1 = $"{Sets}/{code}/versions/1";
        Assert.DoesNotContain(code, await ListedCodesAsync());
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/categories/1", new { name = "场地设施", points = 6 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/categories/2", new { name = "工作纪律", points = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/items/1", new
        {
            category = 1, text = "便民服务中心办公面积分级达标。", maxPoints = 4, kind = "tiered", veto = false,
            tiers = new[] { new { level = "township", minFloorAreaM2 = 300, points = 4 }, new { level = "township", minFloorAreaM2 = 150, points = 2 } },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/items/2", new { category = 1, text = "标识醒目、标牌规范。", maxPoints = 1.5, kind = "graded", veto = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"{v1}/items/3", new { category = 2, text = "无违反党纪、政纪、法纪案件发生。", maxPoints = 4, kind = "graded", veto = true, notes = "“一票否决”项" })).StatusCode);

        // Category 1 is 6 but its items add up to 5.5: publishing fails with the problem listed and writes nothing.
        var before = await service.SnapshotAsync();
        var refused = await admin.PostAsync($"{v1}/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains(problems, p => p!.Contains("类别 1（场地设施）分值为 6 分，但其项目合计为 5.5 分。", StringComparison.Ordinal));
        Assert.Equal(before, await service.SnapshotAsync());

        // Field errors are 400 per field and write nothing either.
        var invalid = await admin.PutAsJsonAsync($"{v1}/items/4", new { category = 1, text = "", maxPoints = 0.3, kind = "scored" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("text", out _) && errors.TryGetProperty("maxPoints", out _) && errors.TryGetProperty("kind", out _) && errors.TryGetProperty("veto", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PutAsJsonAsync($"{v1}/items/4", new { category = 9, text = "x", maxPoints = 1, kind = "graded", veto = false })).StatusCode);
        Assert.Equal(before, await service.SnapshotAsync());

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"{v1}/items/2", new { category = 1, text = "标识醒目、标牌规范。", maxPoints = 2, kind = "graded", veto = false })).StatusCode);
        var published = await admin.PostAsync($"{v1}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await service.CountAsync(
            "select count(*) from outbox_message where message_type like '%CriteriaVersionPublished%' and body->>'code' = $1 and body->>'ownerDivisionCode' = '511402' and jsonb_array_length(body->'items') = 3", code));

        var set = await service.Client().GetFromJsonAsync<JsonElement>($"{Sets}/{code}");
        Assert.Equal(1, set.GetProperty("currentVersion").GetInt32());
        Assert.Contains(code, await ListedCodesAsync());
        Assert.Equal("511402", set.GetProperty("ownerDivisionCode").GetString());

        // A new version starts as a copy of the latest; the diff shows what the draft changed.
        var draft = await admin.PostAsync($"{Sets}/{code}/versions", null);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"{Sets}/{code}/versions", null)).StatusCode);
        var v2 = $"{Sets}/{code}/versions/2";
        var copy = await admin.GetFromJsonAsync<JsonElement>(v2);
        Assert.Equal("draft", copy.GetProperty("status").GetString());
        Assert.Equal(3, copy.GetProperty("categories").EnumerateArray().Sum(c => c.GetProperty("items").GetArrayLength()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"{v2}/items/3", new { category = 2, text = "无违纪案件发生。", maxPoints = 4, kind = "graded", veto = true, notes = "“一票否决”项" })).StatusCode);
        var diff = await service.Client().GetFromJsonAsync<JsonElement>($"{Sets}/{code}/diff?from=1&to=2");
        var changed = diff.GetProperty("changes").GetProperty("itemsChanged").EnumerateArray().Single();
        Assert.Equal(3, changed.GetProperty("number").GetInt32());
        Assert.Equal("text", changed.GetProperty("changes")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client().GetAsync($"{Sets}/{code}/diff?from=one&to=2")).StatusCode);

        // Retiring: only a published version; the retired one is no longer current.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"{v2}/retire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{v1}/retire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client().GetAsync($"{Sets}/{code}/versions/current")).StatusCode);
        Assert.Equal("retired", (await service.Client().GetFromJsonAsync<JsonElement>(v1)).GetProperty("status").GetString());
    }

    public static TheoryData<string, string, string?> MutatingRoutes => new()
    {
        { "PATCH", "", """{"totalPoints":70}""" },
        { "PUT", "/categories/1", """{"name":"改名","points":20}""" },
        { "PUT", "/categories/8", """{"name":"新类别","points":1}""" },
        { "DELETE", "/categories/7", null },
        { "PUT", "/items/3", """{"category":1,"text":"改","maxPoints":6,"kind":"graded","veto":false}""" },
        { "PUT", "/items/78", """{"category":7,"text":"新增","maxPoints":1,"kind":"graded","veto":false}""" },
        { "DELETE", "/items/77", null },
        { "POST", "/publish", null },
    };

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task A_published_version_refuses_every_change_with_409_and_writes_nothing(string method, string path, string? body)
    {
        using var admin = service.Client("admin");
        var before = await service.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Sets}/meishan-2012-center/versions/1{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task A_retired_version_refuses_changes_too()
    {
        using var admin = service.Client("admin");
        var code = $"retired-{Guid.NewGuid():N}"[..24];
        await admin.PostAsJsonAsync(Sets, new { code, name = "退役检查", unitKind = "outlet", ownerDivisionCode = "511421", totalPoints = 1 });
        await admin.PutAsJsonAsync($"{Sets}/{code}/versions/1/categories/1", new { name = "类别", points = 1 });
        await admin.PutAsJsonAsync($"{Sets}/{code}/versions/1/items/1", new { category = 1, text = "内容", maxPoints = 1, kind = "graded", veto = false });
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{Sets}/{code}/versions/1/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{Sets}/{code}/versions/1/retire", null)).StatusCode);
        var before = await service.SnapshotAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"{Sets}/{code}/versions/1/items/1", new { category = 1, text = "改", maxPoints = 1, kind = "graded", veto = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"{Sets}/{code}/versions/1/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"{Sets}/{code}/versions/1/retire", null)).StatusCode);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    /// <summary>Every code the public list shows, page by page (pages of 200).</summary>
    private async Task<List<string>> ListedCodesAsync()
    {
        var codes = new List<string>();
        for (var n = 1; ; n++)
        {
            var page = await service.Client().GetFromJsonAsync<JsonElement>($"{Sets}?page={n}&pageSize=200");
            codes.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("code").GetString()!));
            if (codes.Count >= page.GetProperty("total").GetInt32())
            {
                return codes;
            }
        }
    }

    [Fact]
    public async Task The_set_list_pages_with_items_and_total_and_refuses_a_bad_page_size()
    {
        using var anonymous = service.Client();

        var first = await anonymous.GetFromJsonAsync<JsonElement>($"{Sets}?pageSize=1");
        Assert.Equal(1, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("total").GetInt32() >= 2);
        var second = await anonymous.GetFromJsonAsync<JsonElement>($"{Sets}?page=2&pageSize=1");
        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("code").GetString(), second.GetProperty("items")[0].GetProperty("code").GetString());

        var refused = await (await anonymous.GetAsync($"{Sets}?pageSize=0")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("每页 1 至 200 条。", refused.GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }
}
