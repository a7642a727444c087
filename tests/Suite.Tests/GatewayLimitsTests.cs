using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Aspire.Hosting.Testing;

namespace StarPlatform.Suite.Tests;

/// <summary>Rate limits, CORS and the body size cap at the gateway.</summary>
[Collection(SuiteCollection.Name)]
public class GatewayLimitsTests(SuiteFixture suite)
{
    [Fact]
    public async Task Anonymous_submissions_past_the_per_address_limit_get_429_with_Retry_After_and_other_addresses_do_not()
    {
        // Loopback addresses of this test's own: the suite's other requests come from 127.0.0.1.
        using var first = FromAddress(RandomLoopback());
        using var second = FromAddress(RandomLoopback());

        // Refused as invalid (400), a submission gives its permit back: more of them than the limit are all answered.
        for (var i = 0; i < SuiteFixture.PublicSubmissionsLimit + 2; i++)
        {
            var invalid = await SubmitAsync(first, token: null, "{}");
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains($"\"public-submissions\";r={SuiteFixture.PublicSubmissionsLimit};", invalid.Headers.GetValues("RateLimit").Single());
        }

        // Any other answer uses it (here 422: no such unit).
        for (var i = 0; i < SuiteFixture.PublicSubmissionsLimit; i++)
        {
            Assert.Equal((HttpStatusCode)422, (await SubmitAsync(first, token: null)).StatusCode);
        }

        var limited = await SubmitAsync(first, token: null);
        Assert.Contains("\"public-submissions\";r=0;", limited.Headers.GetValues("RateLimit").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        await ProblemDetailsTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SubmitAsync(second, token: null)).StatusCode);
        // Staff submitting with a token from the same address count against their client, not the address.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SubmitAsync(first, await suite.TokenAsync("dev-operator"))).StatusCode);
    }

    [Fact]
    public async Task The_portal_origin_may_call_the_api_from_a_browser_and_other_origins_may_not()
    {
        var portal = await PreflightAsync(SuiteFixture.PortalOrigin);
        Assert.True(portal.IsSuccessStatusCode, $"preflight: {(int)portal.StatusCode}");
        Assert.Equal(SuiteFixture.PortalOrigin, portal.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var stranger = await PreflightAsync("http://elsewhere.test");
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused_with_413()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var huge = new StringContent($"{{\"name\":\"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json");

        // As a careful client sends a large body: Expect: 100-continue, so the 413 comes before the
        // body is sent (without it the gateway may close the connection while 2 MB are still being
        // written, and the client sees a broken pipe instead of the answer).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registry/centers") { Content = huge };
        request.Headers.ExpectContinue = true;
        var response = await admin.SendAsync(request);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/registry/centers");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return suite.Gateway.SendAsync(request);
    }

    /// <summary>An online complaint against a unit nobody registered (422), or <paramref name="body"/>.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string? token, string? body = null)
    {
        body ??= System.Text.Json.JsonSerializer.Serialize(new
        {
            channel = "online", targetUnitId = Guid.NewGuid(), category = "attitude", description = "窗口人员态度生硬",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1), anonymous = true,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static IPAddress RandomLoopback() => SuiteFixture.RandomLoopback();

    private HttpClient FromAddress(IPAddress local) => suite.FromAddress(local);
}
