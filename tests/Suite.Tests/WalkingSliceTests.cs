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
                && await suite.CountAsync("complaints", "select count(*) from units where id = $1 and name = $2", id, "东坡区政务服务中心") == 1,
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

    /// <summary>
    /// The inbox at work across services: an update redelivered under the MessageId of one already
    /// consumed is skipped — even though it carries a newer revision, which the copy would take if it
    /// were consumed — and the test waits for each service to report the skip, not for time.
    /// </summary>
    [Fact]
    public async Task A_redelivered_message_is_skipped_by_every_service_even_when_it_would_change_something()
    {
        var centerId = Guid.NewGuid();
        var divisionCode = TestData.DivisionCode();
        var registered = new CenterRegistered(centerId, "重复投递测试中心", UnitLevel.County, divisionCode, null, null, 3000m, DateTimeOffset.UtcNow);
        UnitUpdated Update(int revision, string name) => new(centerId, UnitKind.Center, revision, ["name"], name, UnitLevel.County, null,
            divisionCode, UnitStatus.Active, null, 3000m, null, null, null, DateTimeOffset.UtcNow);
        var updateId = NewId.NextGuid();

        var broker = new Uri((await suite.App.GetConnectionStringAsync("messaging"))!);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker));
        await bus.StartAsync();
        try
        {
            await bus.Publish(registered);
            await bus.Publish(Update(2, "第二版名称"), ctx => ctx.MessageId = updateId);
            await SuiteFixture.EventuallyAsync(async () =>
                    await suite.CountAsync("scoring", "select count(*) from units where id = $1 and revision = 2", centerId) == 1
                    && await suite.CountAsync("complaints", "select count(*) from units where id = $1 and revision = 2", centerId) == 1
                    && await suite.CountAsync("awards", "select count(*) from units where id = $1 and revision = 2", centerId) == 1,
                Delivery, "every copy took revision 2");

            // The same MessageId again, now carrying revision 3: a redelivery, which the inbox must skip.
            await bus.Publish(Update(3, "不应生效的名称"), ctx => ctx.MessageId = updateId);
        }
        finally
        {
            await bus.StopAsync();
        }

        foreach (var service in new[] { "scoring", "complaints", "awards" })
        {
            await SuiteFixture.EventuallyAsync(async () => (await suite.ReadAsync($"{service}-api")).Any(l =>
                    l.Body.Contains("already consumed", StringComparison.Ordinal) && l.Raw.Contains(updateId.ToString(), StringComparison.Ordinal)),
                Delivery, $"{service} reports the redelivery skipped");
            Assert.Equal(1, await suite.CountAsync(service, "select count(*) from units where id = $1 and revision = 2 and name = '第二版名称'", centerId));
            Assert.Equal(1, await suite.CountAsync(service, "select count(*) from inbox_state where message_id = $1", updateId));
        }
    }
}
