using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// Star evaluation through the gateway with the Development clients: a window from application to
/// an approved four-star result with two evaluators, and a window whose substantiated complaint
/// (logged, assigned and found through the Complaints API) leaves it without a star at 100 points.
/// </summary>
[Collection(SuiteCollection.Name)]
public class ScoringTests(SuiteFixture suite)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    /// <summary>Actor ids of the Development clients (README: Development clients).</summary>
    private static readonly Guid Evaluator1 = Guid.Parse("00000000-0000-4000-8000-000000000005");
    private static readonly Guid Evaluator2 = Guid.Parse("00000000-0000-4000-8000-000000000006");
    private static readonly Guid DevInvestigator = Guid.Parse("00000000-0000-4000-8000-000000000003");

    [Fact]
    public async Task A_window_goes_from_application_to_an_approved_four_star_result_with_two_evaluators()
    {
        var (cycleId, items) = await CycleAndItemsAsync();
        var windowId = await WindowAsync();
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, windowId);

        // Evaluator 1: 75 creation points (items 2, 3 and 4 lose 5), judgement 8; evaluator 2: 76 (items 2 and 4 lose 4), judgement 9.
        await PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, new() { [2] = 0, [3] = 0, [4] = 1 }, 8m);
        await PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, new() { [2] = 0, [4] = 1 }, 9m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9 }));
        Assert.Equal("awaiting-approval", (await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }))).GetProperty("status").GetString());

        var approver = await suite.GatewayAsAsync("dev-approver");
        var decided = await Ok(await approver.PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true, comment = "同意评定为四星级窗口" }));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal(75.5m, decided.GetProperty("creationPoints").GetDecimal());
        Assert.Equal(9m, decided.GetProperty("satisfactionPoints").GetDecimal());
        Assert.Equal(8.5m, decided.GetProperty("panelPoints").GetDecimal());
        Assert.Equal(93m, decided.GetProperty("total").GetDecimal());
        Assert.Equal(4, decided.GetProperty("stars").GetInt32());

        // The saga followed the outbox's events to the end; the result is public in the league table.
        await SuiteFixture.EventuallyAsync(async () => await suite.CountAsync("scoring",
            "select count(*) from evaluation_state where correlation_id = $1 and current_state = 'Approved'", application) == 1, Delivery, "the saga is Approved");
        var table = await Ok(await suite.Gateway.GetAsync($"/api/scoring/cycles/{cycleId}/league-table?unitKind=window"));
        Assert.Contains(table.GetProperty("items").EnumerateArray(), r => r.GetProperty("applicationId").GetGuid() == application && r.GetProperty("stars").GetInt32() == 4);
        var history = await Ok(await (await suite.GatewayAsAsync("dev-evaluator-1")).GetAsync($"/api/scoring/applications/{application}/history"));
        Assert.Equal(2 * 28 + 1, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_window_with_a_substantiated_complaint_in_the_year_gets_no_star_though_its_points_reach_95()
    {
        var (cycleId, items) = await CycleAndItemsAsync();
        var windowId = await WindowAsync();
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var application = await FileAndAssignAsync(secretary, cycleId, windowId);

        // The hotline: logged by the operator, assigned, investigated and found substantiated.
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var filed = await Created(await operatorClient.PostAsJsonAsync("/api/complaints", new
        {
            channel = "96960",
            targetUnitId = windowId,
            category = "attitude",
            description = "窗口工作人员推诿,多次往返未予办理",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            caller = new { name = "李四", phone = "13700000000" },
            anonymous = false,
        }));
        var caseId = filed.GetProperty("id").GetGuid();
        var caseNumber = filed.GetProperty("caseNumber").GetString()!;
        await Ok(await operatorClient.PostAsJsonAsync($"/api/complaints/{caseId}/assignment", new { investigatorId = DevInvestigator }));
        var investigator = await suite.GatewayAsAsync("dev-investigator");
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/investigation", new { }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/finding", new { substantiated = true, violation = false, summary = "经核实,投诉属实" }));

        // Full marks from both evaluators, satisfaction 10: 100 points.
        await PutSheetAsync("dev-evaluator-1", application, Evaluator1, items, [], 10m);
        await PutSheetAsync("dev-evaluator-2", application, Evaluator2, items, [], 10m);
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 10 }));

        JsonElement read = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            read = await Ok(await secretary.GetAsync($"/api/scoring/applications/{application}"));
            return read.GetProperty("vetoes").GetArrayLength() > 0;
        }, Delivery, "the complaint's veto reaches the application");
        Assert.Equal("vetoed", read.GetProperty("status").GetString());
        Assert.Equal(100m, read.GetProperty("total").GetDecimal());
        Assert.Equal(0, read.GetProperty("stars").GetInt32());
        var veto = read.GetProperty("vetoes").EnumerateArray().Single();
        Assert.Equal(7, veto.GetProperty("item").GetInt32());
        Assert.Equal("complaint", veto.GetProperty("source").GetString());
        Assert.Equal(caseNumber, veto.GetProperty("caseNumber").GetString());

        await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { }));
        var decided = await Ok(await (await suite.GatewayAsAsync("dev-approver")).PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true }));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal(0, decided.GetProperty("stars").GetInt32());
    }

    /// <summary>
    /// This year's cycle with a window that includes today (opened here, or found when another test
    /// opened it), and the window checklist's items with their maxima from the Criteria API.
    /// </summary>
    private async Task<(Guid CycleId, Dictionary<int, decimal> Items)> CycleAndItemsAsync()
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
    private async Task<Guid> WindowAsync()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var center = await Created(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County()));
        var window = await Created(await admin.PostAsJsonAsync($"/api/registry/centers/{center.GetProperty("id").GetGuid()}/windows",
            new { department = "市场监管局", name = $"企业登记窗口 {Guid.NewGuid():N}" }));
        var windowId = window.GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1", windowId) == 1
                && await suite.CountAsync("complaints", "select count(*) from target_units where id = $1", windowId) == 1,
            Delivery, "Scoring and Complaints hold the new window");
        return windowId;
    }

    /// <summary>The secretary files for the window (its unit is new, so dev-applicant does not act for it) and assigns both evaluators.</summary>
    private static async Task<Guid> FileAndAssignAsync(HttpClient secretary, Guid cycleId, Guid windowId)
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

    private async Task PutSheetAsync(string client, Guid application, Guid evaluatorId, Dictionary<int, decimal> items, Dictionary<int, decimal> lowered, decimal judgement)
    {
        var evaluator = await suite.GatewayAsAsync(client);
        await Ok(await evaluator.PutAsJsonAsync($"/api/scoring/applications/{application}/scores/{evaluatorId}", new
        {
            items = items.Select(i => new { number = i.Key, points = lowered.GetValueOrDefault(i.Key, i.Value), vetoFailed = false }),
            panelJudgement = judgement,
        }));
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
