using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// A caller follows their own case with its number and the lookup code the intake gave them; the
/// number alone reads nothing (numbers are sequential), and a 12388 report shows its reporter only
/// where it stands.
/// </summary>
[Collection(ComplaintsCollection.Name)]
public sealed class CaseTrackingTests(ComplaintsFixture fixture)
{
    private static Task<HttpResponseMessage> Step(HttpClient client, Guid id, string step, object? body = null) =>
        client.PostAsJsonAsync($"/api/complaints/{id}/{step}", body ?? new { });

    private Task<HttpResponseMessage> TrackAsync(string caseNumber, string? code, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/track/{caseNumber}");
        if (code is not null)
        {
            request.Headers.Add("Lookup-Code", code);
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return fixture.Anonymous().SendAsync(request);
    }

    private static List<string> Steps(JsonElement tracked) =>
        tracked.GetProperty("timeline").EnumerateArray().Select(s => s.Str("step")).ToList();

    [Fact]
    public async Task An_online_caller_follows_the_case_from_intake_to_closure_with_the_code()
    {
        var filed = await (await fixture.Anonymous().FileAsync(Api.Intake(await fixture.TargetAsync(), channel: "online", anonymous: true)))
            .CreatedAsync();
        var (id, number, code) = (filed.Id(), filed.Str("caseNumber"), filed.Str("lookupCode"));
        Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", code);

        var received = await (await TrackAsync(number, code)).OkAsync();
        Assert.Equal(["received"], Steps(received));
        Assert.Equal("已受理，等待分派调查人员。", received.Str("statusText"));
        Assert.Equal("已受理", received.GetProperty("timeline")[0].Str("text"));
        Assert.Equal(JsonValueKind.Null, received.GetProperty("finding").ValueKind);
        // The code as people type it: lower case, without the dash.
        await (await TrackAsync(number, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())).OkAsync();

        // An online case belongs to no operator: the discipline office hands it out and closes it.
        var operatorClient = fixture.As("discipline");
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        await (await Step(operatorClient, id, "assignment", new { investigatorId })).OkAsync();
        await (await Step(investigator, id, "investigation")).OkAsync();
        await (await Step(investigator, id, "finding", new { substantiated = true, violation = false, summary = "经核查，窗口人员态度生硬属实" })).OkAsync();
        await (await Step(operatorClient, id, "closure", new { feedback = "已向来电人致歉并说明整改措施" })).OkAsync();

        var closed = await (await TrackAsync(number, code)).OkAsync();
        Assert.Equal(["received", "assigned", "investigating", "concluded", "closed"], Steps(closed));
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal("已办结。", closed.Str("statusText"));
        Assert.Equal("经核查，窗口人员态度生硬属实", closed.Str("finding"));
        Assert.Equal("已向来电人致歉并说明整改措施", closed.Str("feedback"));
        Assert.True(closed.GetProperty("appealUntil").GetDateTimeOffset() > closed.GetProperty("timeline")[4].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.String, closed.GetProperty("appealUntilOn").ValueKind);

        var english = await (await TrackAsync(number, code, "en-US,en;q=0.9,zh;q=0.5")).OkAsync();
        Assert.Equal("Closed.", english.Str("statusText"));
        Assert.Equal("Received", english.GetProperty("timeline")[0].Str("text"));
    }

    [Fact]
    public async Task A_case_number_without_its_code_reveals_nothing()
    {
        var filed = await (await fixture.As("operator").FileAsync(Api.Intake(await fixture.TargetAsync()))).CreatedAsync();
        var other = await (await fixture.As("operator").FileAsync(Api.Intake(await fixture.TargetAsync()))).CreatedAsync();
        var number = filed.Str("caseNumber");

        var unknown = await (await TrackAsync("TS-1999-000001", filed.Str("lookupCode"))).ProblemAsync(HttpStatusCode.NotFound);
        foreach (var code in new[] { null, "", "not-a-code", other.Str("lookupCode"), "2222-2222" })
        {
            var refused = await (await TrackAsync(number, code)).ProblemAsync(HttpStatusCode.NotFound);
            // The same answer as for a number that does not exist: nothing tells the two apart.
            Assert.Equal(unknown.Str("title"), refused.Str("title"));
            Assert.Equal(unknown.Str("detail"), refused.Str("detail"));
            Assert.DoesNotContain(number, refused.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_12388_report_shows_its_reporter_where_it_stands_and_nothing_of_the_investigation()
    {
        var filed = await (await fixture.As("discipline").FileAsync(Api.Intake(await fixture.TargetAsync(), channel: "12388"))).CreatedAsync();
        var discipline = fixture.As("discipline");
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        await (await Step(discipline, filed.Id(), "assignment", new { investigatorId })).OkAsync();
        await (await Step(investigator, filed.Id(), "investigation")).OkAsync();
        await (await Step(investigator, filed.Id(), "finding",
            new { substantiated = true, violation = true, offence = "integrity", summary = "查实收受礼品" })).OkAsync();

        var tracked = await (await TrackAsync(filed.Str("caseNumber"), filed.Str("lookupCode"))).OkAsync();
        Assert.Equal(["received"], Steps(tracked));
        Assert.Equal("已受理，正在办理。", tracked.Str("statusText"));
        Assert.Equal(JsonValueKind.Null, tracked.GetProperty("finding").ValueKind);
        Assert.DoesNotContain("查实", tracked.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("substantiated", tracked.GetRawText(), StringComparison.Ordinal);
    }
}
