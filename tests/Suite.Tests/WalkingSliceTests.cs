using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using MassTransit;
using StarPlatform.Contracts;

namespace StarPlatform.Suite.Tests;

/// <summary>The foundation's slice: a center registered through the gateway reaches every service that keeps a copy.</summary>
[Collection(SuiteCollection.Name)]
public class WalkingSliceTests(SuiteFixture suite)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_center_registered_through_the_gateway_reaches_scoring_and_complaints()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var divisionCode = TestData.DivisionCode();
        var response = await admin.PostAsJsonAsync("/api/registry/centers",
            TestData.County(name: "东坡区政务服务中心", divisionCode: divisionCode));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/registry/centers/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("center", created.GetProperty("kind").GetString());
        Assert.Equal("county", created.GetProperty("level").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());

        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1 and division_code = $2", id, divisionCode) == 1
                && await suite.CountAsync("complaints", "select count(*) from target_units where id = $1 and name = $2", id, "东坡区政务服务中心") == 1,
            Delivery, "Scoring and Complaints hold the new center");

        // A public read: no token.
        var read = await suite.Gateway.GetAsync($"/api/registry/centers/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotNull(read.Headers.ETag);
        var center = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("东坡区政务服务中心", center.GetProperty("name").GetString());
        Assert.Equal(divisionCode, center.GetProperty("divisionCode").GetString());
        Assert.Equal(6000m, center.GetProperty("floorAreaM2").GetDecimal());

        // Delivered rows leave the outbox.
        await SuiteFixture.EventuallyAsync(async () => await suite.CountAsync("registry", "select count(*) from outbox_message") == 0,
            Delivery, "the registry's outbox is empty once delivered");
    }

    [Fact]
    public async Task A_redelivered_CenterRegistered_has_no_second_effect()
    {
        var messageId = NewId.NextGuid();
        var centerId = Guid.NewGuid();
        var registered = new CenterRegistered(centerId, "重复投递测试中心", UnitLevel.County, TestData.DivisionCode(), null, null, 3000m, DateTimeOffset.UtcNow);
        var sentinel = registered with { CenterId = Guid.NewGuid(), Name = "哨兵中心" };

        var broker = new Uri((await suite.App.GetConnectionStringAsync("messaging"))!);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker));
        await bus.StartAsync();
        try
        {
            await bus.Publish(registered, ctx => ctx.MessageId = messageId);
            await bus.Publish(registered, ctx => ctx.MessageId = messageId);
            await bus.Publish(sentinel);
        }
        finally
        {
            await bus.StopAsync();
        }

        foreach (var (service, table) in new[] { ("scoring", "units"), ("complaints", "target_units") })
        {
            await SuiteFixture.EventuallyAsync(async () =>
                    await suite.CountAsync(service, $"select count(*) from {table} where id = any($1)", new[] { centerId, sentinel.CenterId }) == 2,
                Delivery, $"{service} consumed both centers");
            // Give the duplicate every chance to be consumed after the sentinel.
            await Task.Delay(500);
            Assert.Equal(1, await suite.CountAsync(service, $"select count(*) from {table} where id = $1", centerId));
            Assert.Equal(1, await suite.CountAsync(service, "select count(*) from inbox_state where message_id = $1", messageId));
        }
    }
}
