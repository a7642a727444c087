using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// Steps of a star evaluation through the gateway with the Development clients, shared by
/// <c>ScoringTests</c> and the console's browser tests (linked into Console.Tests): this
/// year's cycle, a registered window, filing with two evaluators, score sheets, reading answers.
/// </summary>
public sealed class ScoringSteps(SuiteFixture suite)
{
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    /// <summary>Actor ids of the Development clients (README: Development clients).</summary>
    public static readonly Guid Evaluator1 = Guid.Parse("00000000-0000-4000-8000-000000000005");
    public static readonly Guid Evaluator2 = Guid.Parse("00000000-0000-4000-8000-000000000006");
    public static readonly Guid DevInvestigator = Guid.Parse("00000000-0000-4000-8000-000000000003");

    /// <summary>
    /// This year's cycle with a window that includes today (opened here, or found when another test
    /// opened it: one cycle per year, 409), and the window checklist's items with their maxima from the Criteria API.
    /// </summary>
    public async Task<(Guid CycleId, Dictionary<int, decimal> Items)> CycleAndItemsAsync()
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        Guid? cycleId = null;
        // The catalog's versions reach Scoring through the broker: until then a cycle cannot pin them (422).
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var response = await secretary.PostAsJsonAsync("/api/scoring/cycles",
                new { year = today.Year, applicationOpensOn = new DateOnly(today.Year, 1, 1), applicationClosesOn = new DateOnly(today.Year, 12, 31) });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                cycleId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }
            else if (response.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await Ok(await suite.Gateway.GetAsync($"/api/scoring/cycles?year={today.Year}"));
                cycleId = existing.GetProperty("items")[0].GetProperty("id").GetGuid();
            }

            return cycleId is not null;
        }, Delivery, "this year's cycle is open");

        var version = await Ok(await suite.Gateway.GetAsync("/api/criteria/sets/meishan-2012-window/versions/current"));
        var items = version.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray())
            .ToDictionary(i => i.GetProperty("number").GetInt32(), i => i.GetProperty("maxPoints").GetDecimal());
        Assert.Equal(27, items.Count);
        Assert.Equal(80m, items.Values.Sum());

        foreach (var (id, name) in new[] { (Evaluator1, "王评委"), (Evaluator2, "张评委") })
        {
            var put = await secretary.PutAsJsonAsync($"/api/scoring/panel-members/{id}", new { name, organisation = "市政府办公室" });
            Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"panel member: {(int)put.StatusCode}");
        }

        return (cycleId!.Value, items);
    }

    /// <summary>A window registered by dev-admin, once Scoring and Complaints hold it.</summary>
    public async Task<Guid> WindowAsync(string? name = null)
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var center = await Created(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County()));
        var window = await Created(await admin.PostAsJsonAsync($"/api/registry/centers/{center.GetProperty("id").GetGuid()}/windows",
            new { department = "市场监管局", name = name ?? $"企业登记窗口 {Guid.NewGuid():N}" }));
        var windowId = window.GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1", windowId) == 1
                && await suite.CountAsync("complaints", "select count(*) from units where id = $1", windowId) == 1,
            Delivery, "Scoring and Complaints hold the new window");
        return windowId;
    }

    /// <summary>The secretary files for the window (its unit is new, so dev-applicant does not act for it) and assigns both evaluators.</summary>
    public static async Task<Guid> FileAndAssignAsync(HttpClient secretary, Guid cycleId, Guid windowId)
    {
        var application = await Created(await secretary.PostAsJsonAsync($"/api/scoring/cycles/{cycleId}/applications", new
        {
            unitId = windowId,
            materials = new[] { new { title = "窗口创建工作报告", reference = "https://docs.example/2026/window-report.pdf" } },
        }));
        var id = application.GetProperty("id").GetGuid();
        var assigned = await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{id}/evaluators", new { evaluatorIds = new[] { Evaluator1, Evaluator2 } }));
        Assert.Equal("under-review", assigned.GetProperty("status").GetString());
        return id;
    }

    /// <summary>An evaluator's sheet: every item at its maximum except <paramref name="lowered"/>, and the panel judgement.</summary>
    public async Task PutSheetAsync(string client, Guid application, Guid evaluatorId, Dictionary<int, decimal> items, Dictionary<int, decimal> lowered, decimal judgement)
    {
        var evaluator = await suite.GatewayAsAsync(client);
        await Ok(await evaluator.PutAsJsonAsync($"/api/scoring/applications/{application}/scores/{evaluatorId}", new
        {
            items = items.Select(i => new { number = i.Key, points = lowered.GetValueOrDefault(i.Key, i.Value), vetoFailed = false }),
            panelJudgement = judgement,
        }));
    }

    /// <summary>A new window's application approved with full marks: five stars, and an award once Awards has the result.</summary>
    public async Task<(Guid WindowId, Guid ApplicationId)> ApprovedAsync(Guid cycleId, Dictionary<int, decimal> items)
    {
        var windowId = await WindowAsync();
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, windowId);
        await PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, new(), 10m);
        await PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, new(), 10m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 10 }));
        await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }));
        var approver = await suite.GatewayAsAsync("dev-approver");
        await Ok(await approver.PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true, comment = "同意" }));
        return (windowId, application);
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
