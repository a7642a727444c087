using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// The gateway contract's route inventory (<c>shared/API.md</c>), one row per route: who may call
/// it. Without a token a protected route answers 401, with another role's token 403, and the
/// roles it names get through (a backend that does not serve the route yet answers 404 after
/// that: the gateway let the request in). A new route is one more row.
/// </summary>
[Collection(SuiteCollection.Name)]
public class RouteAccessTests(SuiteFixture suite)
{
    private const string Public = "public";

    private static readonly string[] EveryRole =
        ["operator", "discipline", "investigator", "applicant", "evaluator", "secretary", "approver", "admin"];

    public static TheoryData<string, string> Routes => new()
    {
        // Registry
        { "POST /api/registry/centers", "admin" },
        { "GET /api/registry/centers", Public },
        { "GET /api/registry/centers/{id}", Public },
        { "PATCH /api/registry/centers/{id}", "admin" },
        { "POST /api/registry/centers/{id}/windows", "admin" },
        { "GET /api/registry/windows/{id}", Public },
        { "PATCH /api/registry/windows/{id}", "admin" },
        { "POST /api/registry/outlets", "admin" },
        { "POST /api/registry/outlets/import", "admin" },
        { "GET /api/registry/outlets", Public },
        { "GET /api/registry/outlets/{id}", Public },
        { "PATCH /api/registry/outlets/{id}", "admin" },
        { "GET /api/registry/units/{id}/children", Public },
        { "GET /api/registry/units/{id}/ancestors", Public },
        { "GET /api/registry/units/{id}/subtree", Public },
        // Criteria
        { "GET /api/criteria/sets", Public },
        { "GET /api/criteria/sets/meishan-2012-center/versions/current", Public },
        { "GET /api/criteria/schemes/current", Public },
        { "GET /api/criteria/schemes", Public },
        { "GET /api/criteria/schemes/meishan-2012/versions/1", Public },
        { "GET /api/criteria/offences", Public },
        { "GET /api/criteria/sets/meishan-2012-center", Public },
        { "GET /api/criteria/sets/meishan-2012-center/versions/1/items/3", Public },
        { "GET /api/criteria/sets/meishan-2012-center/diff?from=1&to=current", Public },
        // Writes name a set that does not exist: the admin gets through to a 400 or 404 and nothing changes.
        { "POST /api/criteria/sets", "admin" },
        { "POST /api/criteria/schemes", "admin" },
        { "POST /api/criteria/sets/route-check/versions", "admin" },
        { "PATCH /api/criteria/sets/route-check/versions/1", "admin" },
        { "PUT /api/criteria/sets/route-check/versions/1/categories/1", "admin" },
        { "DELETE /api/criteria/sets/route-check/versions/1/categories/1", "admin" },
        { "PUT /api/criteria/sets/route-check/versions/1/items/1", "admin" },
        { "DELETE /api/criteria/sets/route-check/versions/1/items/1", "admin" },
        { "POST /api/criteria/sets/route-check/versions/1/publish", "admin" },
        { "POST /api/criteria/sets/route-check/versions/1/retire", "admin" },
        // Scoring
        { "POST /api/scoring/cycles", "secretary" },
        { "POST /api/scoring/cycles/{id}/applications", "applicant,secretary" },
        { "PUT /api/scoring/applications/{id}/evaluators", "secretary" },
        { "PUT /api/scoring/applications/{id}/scores/{id}", "evaluator" },
        { "PUT /api/scoring/applications/{id}/satisfaction", "secretary" },
        { "POST /api/scoring/applications/{id}/decision", "approver" },
        { "GET /api/scoring/applications/{id}", "applicant,evaluator,secretary,approver" },
        { "GET /api/scoring/applications/{id}/history", "evaluator,secretary,approver" },
        { "GET /api/scoring/applications/{id}/breakdown", "applicant,evaluator,secretary,approver" },
        { "POST /api/scoring/applications/{id}/report", "secretary" },
        { "GET /api/scoring/cycles", Public },
        { "GET /api/scoring/cycles/{id}", Public },
        { "POST /api/scoring/cycles/{id}/status", "secretary" },
        { "POST /api/scoring/cycles/{id}/results", "secretary" },
        { "GET /api/scoring/cycles/{id}/applications", "evaluator,secretary,approver" },
        { "GET /api/scoring/cycles/{id}/league-table", Public },
        { "GET /api/scoring/panel-members", "secretary" },
        { "PUT /api/scoring/panel-members/{id}", "secretary" },
        // Complaints (online submissions are public; the service checks the channel)
        { "POST /api/complaints", Public },
        { "GET /api/complaints", "operator,discipline,investigator" },
        { "GET /api/complaints/{id}", "operator,discipline,investigator" },
        { "GET /api/complaints/statistics", "operator,discipline,investigator" },
        { "POST /api/complaints/{id}/assignment", "operator,discipline" },
        { "POST /api/complaints/{id}/investigation", "investigator" },
        { "POST /api/complaints/{id}/finding", "investigator" },
        { "POST /api/complaints/{id}/closure", "operator,discipline" },
        { "POST /api/complaints/{id}/appeal", "operator,discipline" },
        { "GET /api/complaints/open311/v2/services.json", Public },
        { "POST /api/complaints/open311/v2/requests.json", Public },
        { "GET /api/complaints/open311/v2/requests.json?service_request_id=TS-2026-999999", Public },
        { "GET /api/complaints/open311/v2/requests/TS-2026-999999.json", Public },
        // Awards
        { "GET /api/awards", Public },
        { "GET /api/awards/{id}", Public },
        { "POST /api/awards/{id}/revocation-decision", "approver" },
        { "GET /api/awards/units/{id}/history", Public },
        { "GET /api/awards/statistics", Public },
        { "GET /api/awards/revocations", "approver" },
        // The operator console (it signs people in itself)
        { "GET /console/", Public },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_route_admits_the_roles_it_names_and_refuses_everyone_else(string route, string admitted)
    {
        var roles = admitted == Public ? EveryRole : admitted.Split(',');

        var anonymous = await SendAsync(route, token: null);
        if (admitted == Public)
        {
            AssertLetThrough(route, "no token", anonymous);
        }
        else
        {
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{route} without a token: {(int)anonymous.StatusCode}");
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            await ProblemDetailsTests.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        foreach (var role in EveryRole)
        {
            var response = await SendAsync(route, await suite.TokenAsync(SuiteFixture.ClientFor(role)));
            if (roles.Contains(role))
            {
                AssertLetThrough(route, role, response);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} as {role}: {(int)response.StatusCode}");
                await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
            }
        }
    }

    [Fact]
    public async Task A_path_or_method_outside_the_inventory_is_not_forwarded()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync($"/api/registry/centers/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/registry/secrets")).StatusCode);
    }

    private static void AssertLetThrough(string route, string who, HttpResponseMessage response) =>
        Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests),
            $"{route} as {who} was refused: {(int)response.StatusCode}");

    private async Task<HttpResponseMessage> SendAsync(string route, string? token)
    {
        var (method, path) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.NewGuid().ToString()));
        if (method is "POST" or "PUT" or "PATCH")
        {
            // An empty object: enough to reach the handler, which refuses it without writing.
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await suite.Gateway.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
