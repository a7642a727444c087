using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// One timestamp format across the services (decision 0017): every instant in the answers read through the
/// gateway is UTC with <c>Z</c> and six fractional digits, and a deadline comes with the China day it ends
/// (<c>dueOn</c>) beside it.
/// </summary>
[Collection(SuiteCollection.Name)]
public partial class TimestampTests(SuiteFixture suite)
{
    /// <summary>Anonymous submissions from this test's own address: the shared 127.0.0.1 allowance is other tests'.</summary>
    private HttpClient OwnAddress => _ownAddress ??= suite.FromAddress();

    private HttpClient? _ownAddress;

    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task Every_instant_in_the_registrys_complaints_awards_scorings_and_ratings_answers_is_UTC_with_six_fractional_digits()
    {
        var (cycleId, items) = await new ScoringSteps(suite).CycleAndItemsAsync();
        var (windowId, applicationId) = await new ScoringSteps(suite).ApprovedAsync(cycleId, items);
        var window = await Ok(await suite.Gateway.GetAsync($"/api/registry/windows/{windowId}"));
        var center = await Ok(await suite.Gateway.GetAsync($"/api/registry/centers/{window.GetProperty("parentId").GetGuid()}"));

        var filed = await FileOnlineAsync(windowId);
        var id = filed.GetProperty("id").GetGuid();
        var caseNumber = filed.GetProperty("caseNumber").GetString()!;
        var discipline = await suite.GatewayAsAsync("dev-discipline");
        var assigned = await Ok(await discipline.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId = DevInvestigator }));
        var complaint = await Ok(await discipline.GetAsync($"/api/complaints/{id}"));
        var cases = await Ok(await discipline.GetAsync($"/api/complaints?caseNumber={caseNumber}"));
        var tracked = await Ok(await TrackAsync(caseNumber, filed.GetProperty("lookupCode").GetString()!));

        JsonElement awards = default;
        await SuiteFixture.EventuallyAsync(async () =>
        {
            awards = await Ok(await suite.Gateway.GetAsync($"/api/awards?unitId={windowId}"));
            return awards.GetProperty("total").GetInt32() == 1;
        }, Delivery, "the public registry shows the window's star");
        var award = await Ok(await suite.Gateway.GetAsync($"/api/awards/{awards.GetProperty("items")[0].GetProperty("id").GetGuid()}"));
        var history = await Ok(await suite.Gateway.GetAsync($"/api/awards/units/{windowId}/history"));
        var leagueTable = await Ok(await suite.Gateway.GetAsync($"/api/scoring/cycles/{cycleId}/league-table?pageSize=200"));
        var cycle = await Ok(await suite.Gateway.GetAsync($"/api/scoring/cycles/{cycleId}"));
        var application = await Ok(await (await suite.GatewayAsAsync("dev-secretary")).GetAsync($"/api/scoring/applications/{applicationId}"));
        await SuiteFixture.EventuallyAsync(async () => (await suite.Gateway.GetAsync($"/api/ratings/units/{windowId}")).IsSuccessStatusCode,
            Delivery, "Ratings' copy of the registry has the window");
        var ratings = await Ok(await suite.Gateway.GetAsync($"/api/ratings/units/{windowId}"));

        var answers = new Dictionary<string, JsonElement>
        {
            ["registry window"] = window, ["registry center"] = center,
            ["complaint filed"] = filed, ["complaint assigned"] = assigned, ["complaint"] = complaint, ["case list"] = cases,
            ["case tracker"] = tracked,
            ["awards"] = awards, ["award"] = award, ["unit history"] = history,
            ["cycle"] = cycle, ["application"] = application,
        };
        foreach (var (name, answer) in answers)
        {
            var instants = Strings(answer).Where(s => LooksLikeAnInstant().IsMatch(s)).ToList();
            Assert.True(instants.Count > 0, $"{name}: no timestamps in {answer}");
            Assert.All(instants, s => Assert.Matches(OneFormat(), s));
        }

        // The league table and the ratings figures carry ranks, months and rates, no instants; whatever looks like one keeps the format too.
        Assert.All(Strings(leagueTable).Concat(Strings(ratings)).Where(s => LooksLikeAnInstant().IsMatch(s)), s => Assert.Matches(OneFormat(), s));
        Assert.Contains(leagueTable.GetProperty("items").EnumerateArray(), r => r.GetProperty("unitId").GetGuid() == windowId);
        Assert.Equal(ChinaDayEnding(award.GetProperty("expiresAt")), award.GetProperty("expiresOn").GetString());
        Assert.Equal(ChinaDayEnding(awards.GetProperty("items")[0].GetProperty("expiresAt")), awards.GetProperty("items")[0].GetProperty("expiresOn").GetString());
    }

    [Fact]
    public async Task A_complaints_dueOn_is_the_China_day_its_deadline_ends()
    {
        var windowId = await new ScoringSteps(suite).WindowAsync();
        var filed = await FileOnlineAsync(windowId);
        var id = filed.GetProperty("id").GetGuid();
        var discipline = await suite.GatewayAsAsync("dev-discipline");
        var complaint = await Ok(await discipline.GetAsync($"/api/complaints/{id}"));
        var listed = (await Ok(await discipline.GetAsync($"/api/complaints?caseNumber={filed.GetProperty("caseNumber").GetString()}")))
            .GetProperty("items")[0];
        var tracked = await Ok(await TrackAsync(filed.GetProperty("caseNumber").GetString()!, filed.GetProperty("lookupCode").GetString()!));

        foreach (var answer in new[] { filed, complaint, listed, tracked })
        {
            // Deadlines are the end of a China day: 24:00 China time is 16:00 UTC.
            var dueAt = answer.GetProperty("dueAt");
            Assert.EndsWith("T16:00:00.000000Z", dueAt.GetString());
            Assert.Equal(ChinaDayEnding(dueAt), answer.GetProperty("dueOn").GetString());
            Assert.True(DateOnly.ParseExact(answer.GetProperty("dueOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                        > DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime), "a finding is due after today");
        }

        foreach (var answer in new[] { filed, complaint, listed })
        {
            Assert.Equal(ChinaDayEnding(answer.GetProperty("acknowledgeDueAt")), answer.GetProperty("acknowledgeDueOn").GetString());
        }
    }

    /// <summary>The China day a deadline ends, worked out here from the instant: 24:00 of a day is its end, not the next day.</summary>
    private static string ChinaDayEnding(JsonElement instant)
    {
        var at = DateTimeOffset.Parse(instant.GetString()!, CultureInfo.InvariantCulture).ToOffset(China).AddTicks(-1);
        return at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private async Task<JsonElement> FileOnlineAsync(Guid windowId) =>
        await Created(await OwnAddress.PostAsJsonAsync("/api/complaints", new
        {
            channel = "online", targetUnitId = windowId, category = "delay", description = "窗口办理超时，无人说明原因",
            occurredAt = DateTimeOffset.UtcNow.ToOffset(China).AddHours(-3), anonymous = true,
        }));

    private Task<HttpResponseMessage> TrackAsync(string caseNumber, string lookupCode)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/track/{caseNumber}");
        request.Headers.Add("Lookup-Code", lookupCode);
        return suite.Gateway.SendAsync(request);
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d")]
    private static partial Regex LooksLikeAnInstant();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex OneFormat();
}
