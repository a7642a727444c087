using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Criteria.Tests;

/// <summary>The star scheme as published, versioned data, and the offences a violation may name.</summary>
[Collection(CriteriaServiceCollection.Name)]
public sealed class SchemesApiTests(CriteriaServiceFixture service)
{
    private const string Schemes = "/api/criteria/schemes";

    [Fact]
    public async Task An_admin_publishes_the_next_scheme_version_and_it_is_announced_with_its_numbers()
    {
        using var admin = service.Client("admin");
        var code = $"scheme-{Guid.NewGuid():N}"[..24];
        var body = new
        {
            code,
            components = new { creation = 80, satisfaction = 10, panel = 10 },
            thresholds = new[] { new { stars = 5, minTotal = 97 }, new { stars = 4, minTotal = 92 }, new { stars = 3, minTotal = 86 } },
            vetoCancelsStars = true,
            source = "测试方案",
        };

        var first = await admin.PostAsJsonAsync(Schemes, body);
        var second = await admin.PostAsJsonAsync(Schemes, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"{Schemes}/{code}/versions/1", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(1, await service.CountAsync(
            "select count(*) from outbox_message where message_type like '%StarSchemePublished%' and body->>'code' = $1 and body->>'version' = '2' and body->'thresholds'->0->>'minTotal' = '97'", code));
        var read = await service.Client().GetFromJsonAsync<JsonElement>($"{Schemes}/{code}/versions/2");
        Assert.Equal([(5, 97m), (4, 92m), (3, 86m)],
            read.GetProperty("thresholds").EnumerateArray().Select(t => (t.GetProperty("stars").GetInt32(), t.GetProperty("minTotal").GetDecimal())));
        var all = await service.Client().GetFromJsonAsync<JsonElement>(Schemes);
        Assert.Contains(all.EnumerateArray(), s => s.GetProperty("code").GetString() == "meishan-2012");
    }

    [Fact]
    public async Task A_scheme_that_does_not_add_up_is_refused_with_every_problem_and_writes_nothing()
    {
        using var admin = service.Client("admin");
        var code = $"bad-scheme-{Guid.NewGuid():N}"[..24];
        var before = await service.CountAsync("select count(*) from star_schemes");

        var refused = await admin.PostAsJsonAsync(Schemes, new
        {
            code,
            components = new { creation = 80, satisfaction = 10, panel = 20 },
            thresholds = new[] { new { stars = 5, minTotal = 90 }, new { stars = 4, minTotal = 95 } },
            vetoCancelsStars = true,
        });
        var invalid = await admin.PostAsJsonAsync(Schemes, new { code });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(before, await service.CountAsync("select count(*) from star_schemes"));
        Assert.Equal(0, await service.CountAsync("select count(*) from outbox_message where body->>'code' = $1", code));
    }

    [Fact]
    public async Task Only_an_admin_publishes_a_scheme()
    {
        var body = new { code = "access-scheme", components = new { creation = 80, satisfaction = 10, panel = 10 }, thresholds = new[] { new { stars = 5, minTotal = 95 } }, vetoCancelsStars = true };
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client().PostAsJsonAsync(Schemes, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.Client("secretary").PostAsJsonAsync(Schemes, body)).StatusCode);
        Assert.Equal(0, await service.CountAsync("select count(*) from star_schemes where code = 'access-scheme'"));
    }

    [Fact]
    public async Task The_offences_list_each_with_the_veto_items_it_fails()
    {
        var offences = await service.Client().GetFromJsonAsync<JsonElement>("/api/criteria/offences");

        string Items(string offence) => string.Join(",", offences.EnumerateArray().Single(o => o.GetProperty("code").GetString() == offence)
            .GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("code").GetString()!.StartsWith("meishan-2012-", StringComparison.Ordinal))
            .Select(i => $"{i.GetProperty("unitKind").GetString()}{i.GetProperty("number").GetInt32()}"));
        Assert.Equal(["integrity", "hall-conduct", "computer-misuse", "overdue-or-incident"],
            offences.EnumerateArray().Select(o => o.GetProperty("code").GetString()));
        Assert.Equal("center69,window17", Items("integrity"));
        Assert.Equal("window19", Items("hall-conduct"));
        Assert.Equal("window20", Items("computer-misuse"));
        Assert.Equal("center25,window8", Items("overdue-or-incident"));
        Assert.All(offences.EnumerateArray(), o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task A_draft_item_takes_an_outside_veto_only_on_a_veto_item()
    {
        using var admin = service.Client("admin");
        var code = $"veto-tie-{Guid.NewGuid():N}"[..24];
        await admin.PostAsJsonAsync("/api/criteria/sets", new { code, name = "否决项检查", unitKind = "outlet", ownerDivisionCode = "511402", totalPoints = 2 });
        await admin.PutAsJsonAsync($"/api/criteria/sets/{code}/versions/1/categories/1", new { name = "纪律", points = 2 });

        var tied = await admin.PutAsJsonAsync($"/api/criteria/sets/{code}/versions/1/items/1", new
        {
            category = 1, text = "无违纪", maxPoints = 1, kind = "graded", veto = true,
            outsideVeto = new { finding = "violation", offences = new[] { "integrity" } },
        });
        var notVeto = await admin.PutAsJsonAsync($"/api/criteria/sets/{code}/versions/1/items/2", new
        {
            category = 1, text = "其他", maxPoints = 1, kind = "graded", veto = false,
            outsideVeto = new { finding = "complaint", offences = Array.Empty<string>() },
        });

        Assert.Equal(HttpStatusCode.Created, tied.StatusCode);
        var item = await tied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("violation", item.GetProperty("outsideVeto").GetProperty("finding").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notVeto.StatusCode);
        Assert.True((await notVeto.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("outsideVeto", out _));
    }
}
