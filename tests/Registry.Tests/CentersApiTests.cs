using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Registry.Tests;

/// <summary>Centers against real PostgreSQL: registration, search, and refusals that write nothing.</summary>
[Collection(RegistryCollection.Name)]
public class CentersApiTests(RegistryFixture registry)
{
    private const string Centers = "/api/registry/centers";

    [Fact]
    public async Task A_center_is_registered_with_its_hotlines_and_publishes_CenterRegistered_in_the_same_transaction()
    {
        var admin = registry.As();
        var code = Api.CountyCode();
        var position = await registry.OutboxPositionAsync();

        var response = await admin.PostAsJsonAsync(Centers, new
        {
            name = "东坡区政务服务中心", level = "county", divisionCode = code, address = "眉山市东坡区",
            floorAreaM2 = 6800, hotlines = new[] { "96960", "96196", "96960" },
        });

        var center = await response.CreatedAsync();
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal($"/api/registry/centers/{center.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("center", center.Str("kind"));
        Assert.Equal("active", center.Str("status"));
        Assert.Equal(["96196", "96960"], center.GetProperty("hotlines").EnumerateArray().Select(h => h.GetString()));
        var events = await registry.EventsAfterAsync(position);
        var (type, body) = Assert.Single(events);
        Assert.StartsWith("StarPlatform.Contracts.CenterRegistered,", type);
        Assert.Equal(center.Id(), JsonDocument.Parse(body).RootElement.GetProperty("centerId").GetGuid());

        var read = await (await registry.Anonymous().GetAsync($"{Centers}/{center.Id()}")).OkAsync();
        Assert.Equal(6800m, read.GetProperty("floorAreaM2").GetDecimal());
    }

    [Fact]
    public async Task Centers_are_searched_by_level_division_code_and_name_with_paging_totals_and_a_stable_order()
    {
        var admin = registry.As();
        var prefix = Random.Shared.Next(10, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "98";
        var tag = Guid.NewGuid().ToString("N")[..8];
        var created = new List<Guid>();
        for (var i = 5; i >= 1; i--)
        {
            var response = await admin.PostAsJsonAsync(Centers, new
            {
                name = $"检索中心 {tag} {i}", level = "county", divisionCode = $"{prefix}{i:00}", floorAreaM2 = 1000,
            });
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                continue;
            }

            created.Add((await response.CreatedAsync()).Id());
        }

        var anonymous = registry.Anonymous();
        var byName = await (await anonymous.GetAsync($"{Centers}?q={tag}&pageSize=2&page=1")).OkAsync();
        Assert.Equal(created.Count, byName.GetProperty("total").GetInt32());
        Assert.Equal(2, byName.GetProperty("items").GetArrayLength());
        var all = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var items = (await (await anonymous.GetAsync($"{Centers}?q={tag.ToUpperInvariant()}&pageSize=2&page={page}")).OkAsync()).GetProperty("items");
            all.AddRange(items.EnumerateArray().Select(c => c.Str("divisionCode")));
        }

        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(created.Count, all.Distinct().Count());

        var byCode = await (await anonymous.GetAsync($"{Centers}?divisionCode={prefix}03&level=county")).OkAsync();
        Assert.All(byCode.GetProperty("items").EnumerateArray(), c => Assert.Equal($"{prefix}03", c.Str("divisionCode")));
        Assert.Equal(0, (await (await anonymous.GetAsync($"{Centers}?q={tag}&level=city")).OkAsync()).GetProperty("total").GetInt32());

        var bad = await (await anonymous.GetAsync($"{Centers}?level=township&pageSize=500&page=0")).ProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "level", "pageSize", "page" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task An_invalid_center_gets_every_field_error_and_writes_nothing()
    {
        var before = await registry.WrittenAsync();
        var problem = await (await registry.As().PostAsJsonAsync(Centers, new
        {
            name = "", level = "township", divisionCode = "51", floorAreaM2 = -1, hotlines = new[] { "110" },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        foreach (var field in new[] { "name", "level", "divisionCode", "floorAreaM2", "hotlines" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task A_second_center_for_a_division_and_level_is_409_and_writes_nothing()
    {
        var admin = registry.As();
        var code = Api.CountyCode();
        await admin.CountyAsync(code);
        var before = await registry.WrittenAsync();

        await (await admin.PostAsJsonAsync(Centers, new { name = "重复", level = "county", divisionCode = code, floorAreaM2 = 1 }))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task A_county_center_under_a_county_center_is_422_and_writes_nothing()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var before = await registry.WrittenAsync();

        await (await admin.PostAsJsonAsync(Centers, new { name = "下级", level = "county", divisionCode = Api.CountyCode(), parentId = county.Id(), floorAreaM2 = 1 }))
            .ProblemAsync((HttpStatusCode)422);

        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task Writes_need_an_admin_token_and_reads_need_none()
    {
        var before = await registry.WrittenAsync();
        var body = new { name = "无权", level = "county", divisionCode = Api.CountyCode(), floorAreaM2 = 1 };

        await (await registry.Anonymous().PostAsJsonAsync(Centers, body)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await registry.As("operator").PostAsJsonAsync(Centers, body)).ProblemAsync(HttpStatusCode.Forbidden);
        var foreign = registry.Anonymous();
        foreign.DefaultRequestHeaders.Authorization = new("Bearer", registry.Token("admin", "x").Replace('.', '!'));
        Assert.Equal(HttpStatusCode.Unauthorized, (await foreign.PostAsJsonAsync(Centers, body)).StatusCode);

        Assert.Equal(before, await registry.WrittenAsync());
        Assert.Equal(HttpStatusCode.OK, (await registry.Anonymous().GetAsync(Centers)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await registry.Anonymous().GetAsync($"{Centers}/{Guid.NewGuid()}")).StatusCode);
    }
}
