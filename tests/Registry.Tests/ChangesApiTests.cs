using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Registry.Tests;

/// <summary>PATCH with If-Match, closing, and the events every change publishes.</summary>
[Collection(RegistryCollection.Name)]
public class ChangesApiTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_PATCH_with_the_current_ETag_changes_the_center_and_publishes_UnitUpdated_with_the_changed_fields()
    {
        var admin = registry.As();
        var center = await admin.CountyAsync(floorArea: 3000);
        var path = $"/api/registry/centers/{center.Id()}";
        var etag = await admin.ETagAsync(path);
        var position = await registry.OutboxPositionAsync();

        var response = await admin.PatchAsync(path, new { floorAreaM2 = 6500, hotlines = new[] { "12388" }, name = center.Str("name") }, etag);

        var updated = await response.OkAsync();
        Assert.Equal(6500m, updated.GetProperty("floorAreaM2").GetDecimal());
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());
        var (type, body) = Assert.Single(await registry.EventsAfterAsync(position));
        Assert.StartsWith("StarPlatform.Contracts.UnitUpdated,", type);
        var message = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["floorAreaM2", "hotlines"], message.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(2, message.GetProperty("revision").GetInt32());
        Assert.Equal(6500m, message.GetProperty("floorAreaM2").GetDecimal());
        Assert.Equal("center", message.GetProperty("kind").GetString());

        // The same change again changes nothing and publishes nothing.
        var before = await registry.WrittenAsync();
        await (await admin.PatchAsync(path, new { floorAreaM2 = 6500 }, response.Headers.ETag!.ToString())).OkAsync();
        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task A_unit_read_again_with_its_ETag_is_304_until_it_changes()
    {
        var admin = registry.As();
        var center = await admin.CountyAsync();
        var path = $"/api/registry/centers/{center.Id()}";
        var etag = await admin.ETagAsync(path);

        Assert.Equal(HttpStatusCode.NotModified, (await RevalidateAsync(path, etag)).StatusCode);
        await (await admin.PatchAsync(path, new { floorAreaM2 = 5100 }, etag)).OkAsync();
        var changed = await RevalidateAsync(path, etag);
        Assert.Equal(5100m, (await changed.OkAsync()).GetProperty("floorAreaM2").GetDecimal());
        Assert.Equal(HttpStatusCode.NotModified, (await RevalidateAsync(path, changed.Headers.ETag!.ToString())).StatusCode);
        Assert.Equal("public, no-cache", changed.Headers.CacheControl?.ToString());

        var window = await (await admin.PostAsJsonAsync($"{path}/windows", new { department = "市场监督管理局", name = "企业登记窗口", approvalItemCount = 5 })).CreatedAsync();
        var windowPath = $"/api/registry/windows/{window.Id()}";
        Assert.Equal(HttpStatusCode.NotModified, (await RevalidateAsync(windowPath, await admin.ETagAsync(windowPath))).StatusCode);
    }

    private async Task<HttpResponseMessage> RevalidateAsync(string path, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return await registry.Anonymous().SendAsync(request);
    }

    [Fact]
    public async Task A_PATCH_with_a_stale_ETag_is_412_and_one_without_If_Match_is_428_and_neither_writes()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var township = await admin.OutletAsync("township", county.Id());
        var window = await (await admin.PostAsJsonAsync($"/api/registry/centers/{county.Id()}/windows", new { department = "d", name = "w" })).CreatedAsync();
        foreach (var path in new[] { $"/api/registry/centers/{county.Id()}", $"/api/registry/outlets/{township.Id()}", $"/api/registry/windows/{window.Id()}" })
        {
            var stale = await admin.ETagAsync(path);
            await (await admin.PatchAsync(path, new { name = $"改名 {Guid.NewGuid():N}" }, stale)).OkAsync();
            var before = await registry.WrittenAsync();

            await (await admin.PatchAsync(path, new { name = "又改名" }, stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
            await (await admin.PatchAsync(path, new { name = "又改名" }, etag: null)).ProblemAsync(HttpStatusCode.PreconditionRequired);
            await (await admin.PatchAsync(path, new { status = "open" }, await admin.ETagAsync(path))).ProblemAsync(HttpStatusCode.BadRequest);

            Assert.Equal(before, await registry.WrittenAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PatchAsync($"/api/registry/outlets/{Guid.NewGuid()}", new { name = "x" }, "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task A_unit_closes_only_after_every_unit_below_it_and_each_closure_publishes_UnitClosed()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var township = await admin.OutletAsync("township", county.Id());
        var village = await admin.OutletAsync("village", township.Id());
        var countyPath = $"/api/registry/centers/{county.Id()}";
        var townshipPath = $"/api/registry/outlets/{township.Id()}";
        var villagePath = $"/api/registry/outlets/{village.Id()}";
        await (await admin.PatchAsync(villagePath, new { status = "suspended" }, await admin.ETagAsync(villagePath))).OkAsync();
        var before = await registry.WrittenAsync();

        var refused = await (await admin.PatchAsync(townshipPath, new { status = "closed" }, await admin.ETagAsync(townshipPath)))
            .ProblemAsync((HttpStatusCode)422);
        Assert.Contains("请先关闭它们", refused.Str("detail"));
        await (await admin.PatchAsync(countyPath, new { status = "closed" }, await admin.ETagAsync(countyPath))).ProblemAsync((HttpStatusCode)422);
        // Closing is a change of its own.
        await (await admin.PatchAsync(villagePath, new { status = "closed", name = "新名" }, await admin.ETagAsync(villagePath))).ProblemAsync((HttpStatusCode)422);
        Assert.Equal(before, await registry.WrittenAsync());

        var position = await registry.OutboxPositionAsync();
        foreach (var path in new[] { villagePath, townshipPath, countyPath })
        {
            var closed = await (await admin.PatchAsync(path, new { status = "closed" }, await admin.ETagAsync(path))).OkAsync();
            Assert.Equal("closed", closed.Str("status"));
        }

        var events = await registry.EventsAfterAsync(position);
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.StartsWith("StarPlatform.Contracts.UnitClosed,", e.Type));
        Assert.Equal([village.Id(), township.Id(), county.Id()],
            events.Select(e => JsonDocument.Parse(e.Body).RootElement.GetProperty("unitId").GetGuid()));

        // Closed stays closed: no change, and nothing new below it.
        before = await registry.WrittenAsync();
        await (await admin.PatchAsync(townshipPath, new { status = "active" }, await admin.ETagAsync(townshipPath))).ProblemAsync((HttpStatusCode)422);
        await (await admin.PostAsJsonAsync("/api/registry/outlets", new { name = "新村", level = "village", parentId = township.Id() }))
            .ProblemAsync((HttpStatusCode)422);
        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task Window_and_outlet_changes_publish_UnitUpdated_with_their_own_fields()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var window = await (await admin.PostAsJsonAsync($"/api/registry/centers/{county.Id()}/windows", new { department = "民政局", name = "婚姻登记窗口", approvalItemCount = 3 })).CreatedAsync();
        var township = await admin.OutletAsync("township", county.Id());
        var position = await registry.OutboxPositionAsync();

        var windowPath = $"/api/registry/windows/{window.Id()}";
        var changedWindow = await (await admin.PatchAsync(windowPath, new { approvalItemCount = 5, status = "suspended" }, await admin.ETagAsync(windowPath))).OkAsync();
        var townshipPath = $"/api/registry/outlets/{township.Id()}";
        await (await admin.PatchAsync(townshipPath, new { address = "某镇某路 1 号" }, await admin.ETagAsync(townshipPath))).OkAsync();

        Assert.Equal("suspended", changedWindow.Str("status"));
        var events = (await registry.EventsAfterAsync(position)).Select(e => JsonDocument.Parse(e.Body).RootElement).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(["approvalItemCount", "status"], events[0].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(county.Str("divisionCode"), events[0].GetProperty("divisionCode").GetString());
        Assert.Equal(["address"], events[1].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("outlet", events[1].GetProperty("kind").GetString());
    }
}
