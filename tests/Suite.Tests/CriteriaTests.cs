using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using MassTransit;
using StarPlatform.Contracts;

namespace StarPlatform.Suite.Tests;

/// <summary>The criteria catalog through the gateway: public reads, and the seed's versions reaching Scoring.</summary>
[Collection(SuiteCollection.Name)]
public class CriteriaTests(SuiteFixture suite)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scoring_holds_both_seed_versions_after_start_up()
    {
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring",
                    "select count(*) from criteria_versions where code = 'meishan-2012-center' and version = 1 and total_points = 80 and jsonb_array_length(items) = 77") == 1
                && await suite.CountAsync("scoring",
                    "select count(*) from criteria_versions where code = 'meishan-2012-window' and version = 1 and jsonb_array_length(items) = 27") == 1,
            Delivery, "Scoring holds meishan-2012-center v1 and meishan-2012-window v1");

        Assert.Equal(3, await suite.CountAsync("scoring",
            "select count(*) from criteria_versions v, jsonb_array_elements(v.items) i where v.code = 'meishan-2012-center' and (i->>'Veto')::boolean"));
        Assert.Equal(4, await suite.CountAsync("scoring",
            "select jsonb_array_length(i->'Tiers') from criteria_versions v, jsonb_array_elements(v.items) i where v.code = 'meishan-2012-center' and i->>'Number' = '3'"));
    }

    [Fact]
    public async Task A_redelivered_CriteriaVersionPublished_changes_nothing()
    {
        await Scoring_holds_both_seed_versions_after_start_up();
        var duplicate = new CriteriaVersionPublished("meishan-2012-center", 1, "改过的名称", UnitKind.Center, null, 80m, DateTimeOffset.UtcNow, []);
        var messageId = NewId.NextGuid();

        var broker = new Uri((await suite.App.GetConnectionStringAsync("messaging"))!);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker));
        await bus.StartAsync();
        try
        {
            await bus.Publish(duplicate, context => context.MessageId = messageId);
        }
        finally
        {
            await bus.StopAsync();
        }

        // Waits for this very message to be consumed (its inbox row commits with whatever it did).
        await Testing.Eventually.HoldsAsync(async () => await suite.CountAsync("scoring",
            "select count(*) from inbox_state where message_id = $1", messageId) == 1, TimeSpan.FromSeconds(30), "the re-announcement consumed");
        Assert.Equal(1, await suite.CountAsync("scoring",
            "select count(*) from criteria_versions where code = 'meishan-2012-center' and version = 1 and name <> $1 and jsonb_array_length(items) = 77", "改过的名称"));
    }

    [Fact]
    public async Task Anyone_reads_the_sets_the_current_version_and_the_star_scheme_through_the_gateway()
    {
        var sets = (await suite.Gateway.GetFromJsonAsync<JsonElement>("/api/criteria/sets")).GetProperty("items");
        Assert.Equal(1, sets.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "meishan-2012-center").GetProperty("currentVersion").GetInt32());
        Assert.Equal(1, sets.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "meishan-2012-window").GetProperty("currentVersion").GetInt32());

        var response = await suite.Gateway.GetAsync("/api/criteria/sets/meishan-2012-window/versions/current");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([33m, 21m, 18m, 8m], version.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("points").GetDecimal()));
        Assert.Equal(80m, version.GetProperty("totalPoints").GetDecimal());

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/criteria/sets/meishan-2012-window/versions/current");
        revalidate.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await suite.Gateway.SendAsync(revalidate)).StatusCode);

        var scheme = await suite.Gateway.GetFromJsonAsync<JsonElement>("/api/criteria/schemes/current");
        Assert.Equal(80m, scheme.GetProperty("components").GetProperty("creation").GetDecimal());
        Assert.Equal(95m, scheme.GetProperty("thresholds")[0].GetProperty("minTotal").GetDecimal());
    }

    [Fact]
    public async Task A_published_version_cannot_be_changed_through_the_gateway()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var before = await (await suite.Gateway.GetAsync("/api/criteria/sets/meishan-2012-center/versions/1")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync("/api/criteria/sets/meishan-2012-center/versions/1/items/1",
            new { category = 1, text = "改", maxPoints = 1, kind = "graded", veto = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/criteria/sets/meishan-2012-center/versions/1/publish", null)).StatusCode);

        Assert.Equal(before, await (await suite.Gateway.GetAsync("/api/criteria/sets/meishan-2012-center/versions/1")).Content.ReadAsStringAsync());
    }
}
