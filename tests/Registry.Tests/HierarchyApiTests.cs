using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Registry.Tests;

/// <summary>Windows, outlets and the hierarchy against real PostgreSQL.</summary>
[Collection(RegistryCollection.Name)]
public class HierarchyApiTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_center_read_with_its_units_has_its_windows_and_outlets_and_revalidates_until_a_window_opens()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var path = $"/api/registry/centers/{county.Id()}";
        foreach (var department in new[] { "人力资源和社会保障局", "市场监督管理局" })
        {
            await (await admin.PostAsJsonAsync($"{path}/windows", new { department, name = "综合窗口", approvalItemCount = 3 })).CreatedAsync();
        }

        var township = await admin.OutletAsync("township", county.Id());
        await admin.OutletAsync("village", township.Id());

        var read = await registry.Anonymous().GetAsync($"{path}?include=units");
        var body = await read.OkAsync();
        Assert.Equal(county.Id(), body.GetProperty("center").Id());
        Assert.Equal(["人力资源和社会保障局", "市场监督管理局"], body.GetProperty("windows").EnumerateArray().Select(w => w.Str("department")));
        Assert.Equal([township.Id()], body.GetProperty("outlets").EnumerateArray().Select(o => o.Id()));

        using (var again = new HttpRequestMessage(HttpMethod.Get, $"{path}?include=units"))
        {
            again.Headers.TryAddWithoutValidation("If-None-Match", read.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.NotModified, (await registry.Anonymous().SendAsync(again)).StatusCode);
        }

        await (await admin.PostAsJsonAsync($"{path}/windows", new { department = "公安局", name = "户籍窗口" })).CreatedAsync();
        using (var stale = new HttpRequestMessage(HttpMethod.Get, $"{path}?include=units"))
        {
            stale.Headers.TryAddWithoutValidation("If-None-Match", read.Headers.ETag!.ToString());
            Assert.Equal(3, (await (await registry.Anonymous().SendAsync(stale)).OkAsync()).GetProperty("windows").GetArrayLength());
        }

        var refused = await (await registry.Anonymous().GetAsync($"{path}?include=everything")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("include", out _));
    }

    [Fact]
    public async Task A_window_opens_in_a_center_with_its_department_and_approval_items_and_publishes_WindowOpened()
    {
        var admin = registry.As();
        var center = await admin.CountyAsync();
        var position = await registry.OutboxPositionAsync();

        var response = await admin.PostAsJsonAsync($"/api/registry/centers/{center.Id()}/windows",
            new { department = "市场监督管理局", name = "企业登记窗口", approvalItemCount = 38 });

        var window = await response.CreatedAsync();
        Assert.Equal("window", window.Str("kind"));
        Assert.Equal("county", window.Str("level"));
        Assert.Equal(center.Id(), window.GetProperty("parentId").GetGuid());
        Assert.Equal(38, window.GetProperty("approvalItemCount").GetInt32());
        var (type, body) = Assert.Single(await registry.EventsAfterAsync(position));
        Assert.StartsWith("StarPlatform.Contracts.WindowOpened,", type);
        Assert.Equal(center.Str("divisionCode"), JsonDocument.Parse(body).RootElement.GetProperty("divisionCode").GetString());
        var read = await (await registry.Anonymous().GetAsync($"/api/registry/windows/{window.Id()}")).OkAsync();
        Assert.Equal("市场监督管理局", read.Str("department"));
    }

    [Fact]
    public async Task A_window_refused_as_invalid_duplicate_in_an_unknown_or_closed_center_writes_nothing()
    {
        var admin = registry.As();
        var center = await admin.CountyAsync();
        var windows = $"/api/registry/centers/{center.Id()}/windows";
        await (await admin.PostAsJsonAsync(windows, new { department = "公安局", name = "户政窗口" })).CreatedAsync();
        var closed = await admin.CountyAsync();
        var closing = await admin.PatchAsync($"/api/registry/centers/{closed.Id()}", new { status = "closed" },
            await admin.ETagAsync($"/api/registry/centers/{closed.Id()}"));
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);
        var before = await registry.WrittenAsync();

        await (await admin.PostAsJsonAsync(windows, new { department = "", name = "", approvalItemCount = -1 })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync(windows, new { department = "公安局", name = "户政窗口" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostAsJsonAsync($"/api/registry/centers/{Guid.NewGuid()}/windows", new { department = "a", name = "b" })).StatusCode);
        await (await admin.PostAsJsonAsync($"/api/registry/centers/{closed.Id()}/windows", new { department = "a", name = "b" }))
            .ProblemAsync((HttpStatusCode)422);

        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Theory]
    [InlineData("township", "city", null)]
    [InlineData("village", "county", null)]
    [InlineData("group", "township", null)]
    [InlineData("township", "window", null)]
    [InlineData("township", "county", "other-county")]
    public async Task An_outlet_whose_parent_does_not_fit_its_level_is_422_and_writes_nothing(string level, string parent, string? codeFrom)
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var countyCode = county.Str("divisionCode");
        Guid parentId = parent switch
        {
            "county" => county.Id(),
            "township" => (await admin.OutletAsync("township", county.Id(), $"{countyCode}001")).Id(),
            "window" => (await (await admin.PostAsJsonAsync($"/api/registry/centers/{county.Id()}/windows", new { department = "d", name = "w" })).CreatedAsync()).Id(),
            _ => await CityAsync(admin),
        };
        var code = codeFrom is null ? null : $"{(countyCode == "999999" ? "888888" : "999999")}002";
        var before = await registry.WrittenAsync();

        await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "不合适", level, parentId, divisionCode = code }))
            .ProblemAsync((HttpStatusCode)422);

        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task An_invalid_or_duplicate_outlet_writes_nothing()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var code = $"{county.Str("divisionCode")}001";
        await admin.OutletAsync("township", county.Id(), code, name: "甲镇便民服务中心");
        var before = await registry.WrittenAsync();

        var invalid = await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "", level = "street", divisionCode = "12" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "level", "parentId" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "乙镇", level = "township", parentId = county.Id(), divisionCode = "12345" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "乙镇", level = "township", parentId = county.Id(), divisionCode = code }))
            .ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "甲镇便民服务中心", level = "township", parentId = county.Id() }))
            .ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "丙镇", level = "township", parentId = Guid.NewGuid() }))
            .ProblemAsync((HttpStatusCode)422);

        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task A_chain_from_city_to_group_is_walked_down_by_children_and_up_by_ancestors_nearest_first()
    {
        var admin = registry.As();
        var city = await CityAsync(admin);
        var county = await admin.CountyAsync(parentId: city);
        var code = county.Str("divisionCode");
        var window = await (await admin.PostAsJsonAsync($"/api/registry/centers/{county.Id()}/windows", new { department = "税务局", name = "办税窗口" })).CreatedAsync();
        var township = await admin.OutletAsync("township", county.Id(), $"{code}001");
        var village = await admin.OutletAsync("village", township.Id(), $"{code}001001");
        var otherVillage = await admin.OutletAsync("village", township.Id());
        var group = await admin.OutletAsync("group", village.Id());
        var anonymous = registry.Anonymous();

        var ancestors = await (await anonymous.GetAsync($"/api/registry/units/{group.Id()}/ancestors")).OkAsync();
        Assert.Equal([village.Id(), township.Id(), county.Id(), city],
            ancestors.GetProperty("items").EnumerateArray().Select(u => u.Id()));
        Assert.Equal(["village", "township", "county", "city"],
            ancestors.GetProperty("items").EnumerateArray().Select(u => u.Str("level")));

        var countyChildren = await (await anonymous.GetAsync($"/api/registry/units/{county.Id()}/children")).OkAsync();
        Assert.Equal(2, countyChildren.GetProperty("total").GetInt32());
        Assert.Equal([window.Id(), township.Id()], countyChildren.GetProperty("items").EnumerateArray().Select(u => u.Id()));
        var townshipChildren = await (await anonymous.GetAsync($"/api/registry/units/{township.Id()}/children?pageSize=1&page=2")).OkAsync();
        Assert.Equal(2, townshipChildren.GetProperty("total").GetInt32());
        Assert.Single(townshipChildren.GetProperty("items").EnumerateArray());
        Assert.Contains(otherVillage.Id(), (await (await anonymous.GetAsync($"/api/registry/units/{township.Id()}/children")).OkAsync())
            .GetProperty("items").EnumerateArray().Select(u => u.Id()));

        var villages = await (await anonymous.GetAsync($"/api/registry/units/{city}/subtree?level=village")).OkAsync();
        Assert.Equal(2, villages.GetProperty("total").GetInt32());
        Assert.All(villages.GetProperty("items").EnumerateArray(), u => Assert.Equal("village", u.Str("level")));
        var everything = await (await anonymous.GetAsync($"/api/registry/units/{city}/subtree")).OkAsync();
        Assert.Equal(6, everything.GetProperty("total").GetInt32());

        var outlets = await (await anonymous.GetAsync($"/api/registry/outlets?parentId={township.Id()}&level=village")).OkAsync();
        Assert.Equal(2, outlets.GetProperty("total").GetInt32());
        var byCode = await (await anonymous.GetAsync($"/api/registry/outlets?divisionCode={code}001")).OkAsync();
        Assert.Equal([township.Id(), village.Id()], byCode.GetProperty("items").EnumerateArray().Select(u => u.Id()));

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/registry/units/{Guid.NewGuid()}/children")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/registry/units/{Guid.NewGuid()}/ancestors")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync($"/api/registry/units/{city}/subtree?level=street")).StatusCode);
    }

    /// <summary>A city center of a division of its own (one city center per division).</summary>
    internal static async Task<Guid> CityAsync(HttpClient admin)
    {
        while (true)
        {
            var response = await admin.PostAsJsonAsync("/api/registry/centers", new
            {
                name = $"测试市政务服务中心 {Guid.NewGuid():N}", level = "city", divisionCode = Api.CountyCode(), floorAreaM2 = 15000,
            });
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                return (await response.CreatedAsync()).Id();
            }
        }
    }
}
