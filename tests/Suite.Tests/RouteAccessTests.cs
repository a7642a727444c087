using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// The gateway contract's route inventory (<c>shared/API.md</c>), one row per route: who may call
/// it. Without a token a protected route answers 401, with another role's token 403, and the
/// roles it names get through to the route's handler (which may refuse the empty body or the unknown
/// id, but answers as the handler: see <see cref="LetThroughAsync"/>). A new route is one more row.
/// </summary>
[Collection(SuiteCollection.Name)]
public class RouteAccessTests(SuiteFixture suite)
{
    private const string Public = "public";

    private static readonly string[] EveryRole =
        ["operator", "discipline", "investigator", "applicant", "evaluator", "secretary", "approver", "admin", "portal", "rating-device", "center-staff"];

    public static TheoryData<string, string> Routes => new()
    {
        // Registry
        { "POST /api/registry/centers", "admin" },
        { "GET /api/registry/centers", Public },
        { "GET /api/registry/centers/{id}", Public },
        { "PATCH /api/registry/centers/{id}", "admin" },
        { "POST /api/registry/centers/{id}/windows", "admin" },
        { "GET /api/registry/windows", Public },
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
        { "GET /api/criteria/satisfaction-mappings", Public },
        { "GET /api/criteria/satisfaction-mappings/meishan-2012-satisfaction/versions/1", Public },
        { "GET /api/criteria/sets/meishan-2012-center", Public },
        { "GET /api/criteria/sets/meishan-2012-center/versions/1/items/3", Public },
        { "GET /api/criteria/sets/meishan-2012-center/diff?from=1&to=current", Public },
        // Writes name a set that does not exist: the admin gets through to a 400 or 404 and nothing changes.
        { "POST /api/criteria/sets", "admin" },
        { "POST /api/criteria/schemes", "admin" },
        { "POST /api/criteria/satisfaction-mappings", "admin" },
        { "PUT /api/criteria/satisfaction-mappings/route-check/versions/1", "admin" },
        { "POST /api/criteria/satisfaction-mappings/route-check/versions/1/publish", "admin" },
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
        { "GET /api/scoring/applications/{id}/satisfaction", "applicant,evaluator,secretary,approver" },
        { "POST /api/scoring/applications/{id}/satisfaction/accept", "secretary" },
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
        { "GET /api/complaints", "operator,discipline,investigator,supervisor" },
        { "GET /api/complaints/{id}", "operator,discipline,investigator,supervisor" },
        { "GET /api/complaints/statistics", "operator,discipline,investigator,supervisor" },
        { "POST /api/complaints/caller-search", "discipline" },
        { "POST /api/complaints/{id}/assignment", "operator,discipline,supervisor" },
        { "POST /api/complaints/{id}/investigation", "investigator" },
        { "POST /api/complaints/{id}/finding", "investigator" },
        { "POST /api/complaints/{id}/closure", "operator,discipline" },
        { "POST /api/complaints/{id}/appeal", "operator,discipline" },
        { "GET /api/complaints/open311/v2/services.json", Public },
        { "POST /api/complaints/open311/v2/requests.json", Public },
        { "GET /api/complaints/open311/v2/requests.json?service_request_id=TS-2026-999999", Public },
        { "GET /api/complaints/open311/v2/requests/TS-2026-999999.json", Public },
        { "GET /api/complaints/track/TS-2026-999999", Public },
        // Awards
        { "GET /api/awards", Public },
        { "GET /api/awards/{id}", Public },
        { "POST /api/awards/{id}/revocation-decision", "approver" },
        { "GET /api/awards/units/{id}/history", Public },
        { "GET /api/awards/statistics", Public },
        { "GET /api/awards/revocations", "approver" },
        // Identity: the directory of people, read by staff (not by a unit's applicant account)
        { "GET /api/identity/people", "operator,discipline,investigator,supervisor,evaluator,secretary,approver,admin" },
        { "GET /api/identity/people/{id}", "operator,discipline,investigator,supervisor,evaluator,secretary,approver,admin" },
        // Ratings (online ratings are public; device batches come from rating devices bound to their center)
        { "POST /api/ratings", Public },
        { "POST /api/ratings/device-batches", "rating-device" },
        { "GET /api/ratings/units/{id}", Public },
        { "GET /api/ratings/months/2026-12", Public },
        // Rectification cases (差评整改): a center's staff, bound to their center (an unknown case is the handler's 404)
        { "GET /api/ratings/rectifications", "center-staff" },
        { "GET /api/ratings/rectifications/{id}", "center-staff" },
        { "POST /api/ratings/rectifications/{id}/callback", "center-staff" },
        { "POST /api/ratings/rectifications/{id}/rectification", "center-staff" },
        { "POST /api/ratings/rectifications/{id}/feedback", "center-staff" },
        { "POST /api/ratings/rectifications/{id}/closure", "center-staff" },
        // Dead letters of every service on the bus (admin; an unknown message id is the handler's 404)
        { "GET /api/registry/admin/dead-letters", "admin" },
        { "POST /api/registry/admin/dead-letters/{id}/replay", "admin" },
        { "GET /api/criteria/admin/dead-letters", "admin" },
        { "POST /api/criteria/admin/dead-letters/{id}/replay", "admin" },
        { "GET /api/scoring/admin/dead-letters", "admin" },
        { "POST /api/scoring/admin/dead-letters/{id}/replay", "admin" },
        { "GET /api/complaints/admin/dead-letters", "admin" },
        { "POST /api/complaints/admin/dead-letters/{id}/replay", "admin" },
        { "GET /api/awards/admin/dead-letters", "admin" },
        { "POST /api/awards/admin/dead-letters/{id}/replay", "admin" },
        { "GET /api/ratings/admin/dead-letters", "admin" },
        { "POST /api/ratings/admin/dead-letters/{id}/replay", "admin" },
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
            await AssertLetThrough(route, "no token", anonymous);
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
                await AssertLetThrough(route, role, response);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} as {role}: {(int)response.StatusCode}");
                var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
                // The refusal names who may.
                Assert.Equal(roles.Order(), problem.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()!).Order());
            }
        }
    }

    [Fact]
    public async Task A_path_or_method_outside_the_inventory_is_not_forwarded()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync($"/api/registry/centers/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/registry/secrets")).StatusCode);
        // The same without a token: a path nobody serves is 404 for everyone, as a problem, not 401.
        var anonymous = await suite.Gateway.GetAsync("/api/registry/secrets");
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        await ProblemDetailsTests.AssertProblemAsync(anonymous, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_route_the_backend_does_not_serve_is_not_counted_as_let_through()
    {
        // A path nobody serves: its 404 is not a handler's "no such id" and must not pass for a route
        // (the check a missing row, a renamed route or a route dropped from a backend would meet).
        var missing = await SendAsync("GET /api/registry/units/{id}/no-such-view", token: null);
        Assert.False(await LetThroughAsync("GET /api/registry/units/{id}/no-such-view", missing));
        // A 500 or the gateway's 502/503 never passes.
        Assert.False(await LetThroughAsync("GET /api/registry/centers", new HttpResponseMessage(HttpStatusCode.BadGateway)));
        Assert.False(await LetThroughAsync("GET /api/registry/centers", new HttpResponseMessage(HttpStatusCode.InternalServerError)));
    }

    private async Task AssertLetThrough(string route, string who, HttpResponseMessage response) =>
        Assert.True(await LetThroughAsync(route, response), $"{route} as {who} was not answered by its handler: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    /// <summary>
    /// The request reached the route's handler and the handler answered: a success, or a refusal of
    /// the request itself (400, 409, 413, 415, 422, or 404 for the unknown id it names). Not a refusal
    /// at the door (401, 403, 429), not a method nobody serves (405), never a server or gateway error
    /// (5xx, the gateway's 502/503 included). A 404 counts only when the backend's own OpenAPI
    /// document lists the route: then it is the handler's "no such id", not a path nobody serves.
    /// </summary>
    private async Task<bool> LetThroughAsync(string route, HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                or HttpStatusCode.TooManyRequests or HttpStatusCode.MethodNotAllowed)
        {
            return false;
        }

        return response.StatusCode != HttpStatusCode.NotFound || await DocumentedAsync(route);
    }

    private static readonly ConcurrentDictionary<string, Task<List<(string Method, Regex Path)>>> Documents = new();

    /// <summary>Whether the backend's OpenAPI document (as the gateway serves it) has this method and path.</summary>
    private async Task<bool> DocumentedAsync(string route)
    {
        var (method, path) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
        path = path.Split('?')[0].Replace("{id}", Guid.Empty.ToString());
        if (path.Split('/', StringSplitOptions.RemoveEmptyEntries) is not ["api", var service, ..])
        {
            return false;
        }

        var operations = await Documents.GetOrAdd(service, async name =>
        {
            using var document = JsonDocument.Parse(await suite.Gateway.GetStringAsync($"/openapi/{name}.json"));
            return document.RootElement.GetProperty("paths").EnumerateObject()
                .SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(),
                    new Regex("^" + Regex.Replace(Regex.Escape(p.Name), @"\\\{[^}]+}", "[^/]+") + "$"))))
                .ToList();
        });
        return operations.Any(o => o.Method == method && o.Path.IsMatch(path));
    }

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
