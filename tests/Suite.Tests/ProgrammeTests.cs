using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// The whole programme through the gateway, with a token per role: a county center and a window are
/// registered, the window applies in this year's cycle, two evaluators score it, the secretary
/// enters satisfaction and reports it, the city government approves → the public registry shows the
/// star; a 12388 report against the window is investigated and a violation confirmed → the approver
/// confirms the revocation → the public registry shows it revoked. The approval → award hop is one
/// trace in the dashboard's telemetry (gateway, scoring-api, awards-api).
/// </summary>
[Collection(SuiteCollection.Name)]
public class ProgrammeTests(SuiteFixture suite)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    /// <summary>Actor ids of the Development clients (README: Development clients).</summary>
    private static readonly Guid Evaluator1 = Guid.Parse("00000000-0000-4000-8000-000000000005");
    private static readonly Guid Evaluator2 = Guid.Parse("00000000-0000-4000-8000-000000000006");
    private static readonly Guid DevInvestigator = Guid.Parse("00000000-0000-4000-8000-000000000003");
    private static readonly Guid DevApprover = Guid.Parse("00000000-0000-4000-8000-000000000009");

    [Fact]
    public async Task A_window_is_rated_five_stars_shown_in_the_public_registry_and_revoked_after_a_confirmed_12388_violation()
    {
        // The registry: a county center and a window in it (dev-admin); Scoring, Complaints and Awards hold them.
        var admin = await suite.GatewayAsAsync("dev-admin");
        var division = TestData.DivisionCode();
        var center = await Created(await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(divisionCode: division)));
        var window = await Created(await admin.PostAsJsonAsync($"/api/registry/centers/{center.GetProperty("id").GetGuid()}/windows",
            new { department = "市民政局", name = $"婚姻登记窗口 {Guid.NewGuid():N}" }));
        var windowId = window.GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1", windowId) == 1
                && await suite.CountAsync("complaints", "select count(*) from units where id = $1", windowId) == 1
                && await suite.CountAsync("awards", "select count(*) from units where id = $1", windowId) == 1,
            Delivery, "Scoring, Complaints and Awards hold the new window");

        // Scoring: this year's cycle, the application, two evaluators with full marks, satisfaction 10.
        var secretary = await suite.GatewayAsAsync("dev-secretary");
        var (cycleId, cycleYear, items) = await CycleAndItemsAsync(secretary);
        var application = await Created(await secretary.PostAsJsonAsync($"/api/scoring/cycles/{cycleId}/applications", new
        {
            unitId = windowId,
            materials = new[] { new { title = "窗口五星级创建工作报告", reference = "https://docs.example/programme/window-report.pdf" } },
        }));
        var applicationId = application.GetProperty("id").GetGuid();
        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{applicationId}/evaluators",
            new { evaluatorIds = new[] { Evaluator1, Evaluator2 } }));
        foreach (var (client, evaluatorId) in new[] { ("dev-evaluator-1", Evaluator1), ("dev-evaluator-2", Evaluator2) })
        {
            var evaluator = await suite.GatewayAsAsync(client);
            await Ok(await evaluator.PutAsJsonAsync($"/api/scoring/applications/{applicationId}/scores/{evaluatorId}", new
            {
                items = items.Select(i => new { number = i.Key, points = i.Value, vetoFailed = false }),
                panelJudgement = 10m,
            }));
        }

        await Ok(await secretary.PutAsJsonAsync($"/api/scoring/applications/{applicationId}/satisfaction", new { points = 10 }));
        await Ok(await secretary.PostAsJsonAsync($"/api/scoring/applications/{applicationId}/report", new { }));

        // The approval, under a trace id of our own choosing.
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var approver = await suite.GatewayAsAsync("dev-approver");
        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/scoring/applications/{applicationId}/decision")
        {
            Content = JsonContent.Create(new { approved = true, comment = "同意评定为五星级窗口" }),
        };
        approve.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        var decided = await Ok(await approver.SendAsync(approve));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.Equal(100m, decided.GetProperty("total").GetDecimal());
        Assert.Equal(5, decided.GetProperty("stars").GetInt32());

        // The public registry (no token) shows the star, with the unit from Awards' registry copy.
        JsonElement award = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var page = await Ok(await suite.Gateway.GetAsync($"/api/awards?unitId={windowId}&active=true"));
            award = page.GetProperty("items").EnumerateArray().FirstOrDefault();
            return award.ValueKind == JsonValueKind.Object;
        }, Delivery, "the public registry shows the window's star");
        var awardId = award.GetProperty("id").GetGuid();
        Assert.Equal(5, award.GetProperty("stars").GetInt32());
        Assert.Equal(cycleId, award.GetProperty("cycleId").GetGuid());
        Assert.Equal("window", award.GetProperty("unitKind").GetString());
        Assert.Equal(division, award.GetProperty("divisionCode").GetString());
        Assert.Matches($"^MS-{cycleYear}-5S-\\d{{4,}}$", award.GetProperty("plaqueNumber").GetString());
        Assert.Equal(100_000m, award.GetProperty("fundingAmount").GetDecimal());
        var byDivision = await Ok(await suite.Gateway.GetAsync($"/api/awards?divisionCode={division}&stars=5&active=true&level=county"));
        Assert.Contains(byDivision.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == awardId);

        // The approval → award hop is one trace: the gateway's request, Scoring's decision, Awards' grant.
        await AssertOneTraceAsync(traceId, "gateway", "scoring-api", "awards-api");

        // A 96960 complaint an operator logs against the window, substantiated by the investigator:
        // ComplaintSubstantiated reaches Awards' queue and is recorded on the award; it revokes nothing.
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var complaint = await Created(await operatorClient.PostAsJsonAsync("/api/complaints", new
        {
            channel = "96960",
            targetUnitId = windowId,
            category = "attitude",
            description = "窗口工作人员态度生硬",
            // Now, not a moment ago: the award's term starts at the approval, which a fast suite
            // may have made less than a second before; an earlier complaint belongs to no award.
            occurredAt = DateTimeOffset.UtcNow,
            anonymous = true,
        }));
        var complaintId = complaint.GetProperty("id").GetGuid();
        var complaintNumber = complaint.GetProperty("caseNumber").GetString()!;
        await Ok(await operatorClient.PostAsJsonAsync($"/api/complaints/{complaintId}/assignment", new { investigatorId = DevInvestigator }));
        var complaintInvestigator = await suite.GatewayAsAsync("dev-investigator");
        await Ok(await complaintInvestigator.PostAsJsonAsync($"/api/complaints/{complaintId}/investigation", new { }));
        await Ok(await complaintInvestigator.PostAsJsonAsync($"/api/complaints/{complaintId}/finding",
            new { substantiated = true, violation = false, summary = "经核实，投诉属实" }));
        JsonElement withComplaint = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            withComplaint = await Ok(await suite.Gateway.GetAsync($"/api/awards/{awardId}"));
            return withComplaint.GetProperty("substantiatedComplaints").EnumerateArray()
                .Any(c => c.GetProperty("caseNumber").GetString() == complaintNumber);
        }, Delivery, "the substantiated 96960 complaint recorded on the window's award");
        Assert.Equal("active", withComplaint.GetProperty("status").GetString());

        // A 12388 discipline report against the window, investigated, a violation confirmed.
        var discipline = await suite.GatewayAsAsync("dev-discipline");
        var report = await Created(await discipline.PostAsJsonAsync("/api/complaints", new
        {
            channel = "12388",
            targetUnitId = windowId,
            category = "discipline",
            description = "窗口工作人员收受办事群众财物",
            occurredAt = DateTimeOffset.UtcNow,
            caller = new { name = "赵六", phone = "13600000000" },
            anonymous = false,
        }));
        var caseId = report.GetProperty("id").GetGuid();
        var caseNumber = report.GetProperty("caseNumber").GetString()!;
        await Ok(await discipline.PostAsJsonAsync($"/api/complaints/{caseId}/assignment", new { investigatorId = DevInvestigator }));
        var investigator = await suite.GatewayAsAsync("dev-investigator");
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/investigation", new { }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{caseId}/finding",
            new { substantiated = true, violation = true, offence = "integrity", summary = "经市纪委查实，窗口工作人员违反廉洁纪律" }));

        // Awards opened a pending revocation; the city government confirms it.
        JsonElement pending = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            var page = await Ok(await approver.GetAsync($"/api/awards/revocations?status=pending&awardId={awardId}"));
            pending = page.GetProperty("items").EnumerateArray().FirstOrDefault();
            return pending.ValueKind == JsonValueKind.Object;
        }, Delivery, "a pending revocation of the window's award");
        Assert.Equal(caseNumber, pending.GetProperty("caseNumber").GetString());
        Assert.Equal("active", (await Ok(await suite.Gateway.GetAsync($"/api/awards/{awardId}"))).GetProperty("status").GetString());
        var decision = await approver.PostAsJsonAsync($"/api/awards/{awardId}/revocation-decision",
            new { confirmed = true, comment = "取消该窗口五星级资格" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);

        // The public registry shows it revoked, with the case, and no longer among the stars held.
        JsonElement revoked = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            revoked = await Ok(await suite.Gateway.GetAsync($"/api/awards/{awardId}"));
            return revoked.GetProperty("status").GetString() == "revoked";
        }, Delivery, "the public registry shows the award revoked");
        Assert.Equal(caseNumber, revoked.GetProperty("revocationCaseNumber").GetString());
        Assert.Contains(caseNumber, revoked.GetProperty("revocationReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("to-recover", revoked.GetProperty("fundingStatus").GetString());
        Assert.Contains(revoked.GetProperty("substantiatedComplaints").EnumerateArray(), c => c.GetProperty("caseNumber").GetString() == caseNumber);
        var held = await Ok(await suite.Gateway.GetAsync($"/api/awards?unitId={windowId}&active=true"));
        Assert.Equal(0, held.GetProperty("total").GetInt32());
        var confirmed = await Ok(await approver.GetAsync($"/api/awards/revocations?status=confirmed&awardId={awardId}"));
        Assert.Equal(DevApprover.ToString(), confirmed.GetProperty("items")[0].GetProperty("decidedBy").GetString());
        // A 12388 reporter's identity never reaches the public registry.
        Assert.DoesNotContain("13600000000", revoked.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// This year's cycle (opened here, or found when another test opened it; the catalog's versions
    /// reach Scoring through the broker, until then a cycle cannot pin them), the window checklist's
    /// items with their maxima, and both evaluators on the panel.
    /// </summary>
    private async Task<(Guid CycleId, int Year, Dictionary<int, decimal> Items)> CycleAndItemsAsync(HttpClient secretary)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        Guid? cycleId = null;
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
        Assert.Equal(80m, items.Values.Sum());

        foreach (var (id, name) in new[] { (Evaluator1, "王评委"), (Evaluator2, "张评委") })
        {
            var put = await secretary.PutAsJsonAsync($"/api/scoring/panel-members/{id}", new { name, organisation = "市政府办公室" });
            Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"panel member: {(int)put.StatusCode}");
        }

        return (cycleId!.Value, today.Year, items);
    }

    /// <summary>
    /// Polls the dashboard's telemetry API until the trace holds spans of every named service (the
    /// trace by its id; the whole trace list when the dashboard does not answer that).
    /// </summary>
    private async Task AssertOneTraceAsync(string traceId, params string[] services)
    {
        var seen = new HashSet<string>();
        try
        {
            await SuiteFixture.EventuallyAsync(async () =>
            {
                var response = await suite.Dashboard.GetAsync($"/api/telemetry/traces/{traceId}");
                if (!response.IsSuccessStatusCode)
                {
                    response = await suite.Dashboard.GetAsync("/api/telemetry/traces");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                foreach (var resource in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
                {
                    var name = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                        .Where(a => a.GetProperty("key").GetString() == "service.name")
                        .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString())
                        .FirstOrDefault();
                    var inTrace = resource.GetProperty("scopeSpans").EnumerateArray()
                        .SelectMany(scope => scope.GetProperty("spans").EnumerateArray())
                        .Any(span => string.Equals(span.GetProperty("traceId").GetString(), traceId, StringComparison.OrdinalIgnoreCase));
                    if (inTrace && name is not null)
                    {
                        seen.Add(name);
                    }
                }

                return services.All(seen.Contains);
            }, Delivery, $"trace {traceId} holds spans of {string.Join(", ", services)}");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Trace {traceId} should hold spans of {string.Join(", ", services)}; it has spans of: {string.Join(", ", seen)}.");
        }
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
