using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Gateway.Access;
using Yarp.ReverseProxy.Configuration;

namespace StarPlatform.Gateway.Tests;

/// <summary>
/// The gateway's quotas through a real proxy to a backend: the IETF RateLimit-Policy and RateLimit headers on every
/// rate-limited answer, and a public submission refused as invalid (400) giving its permit back.
/// </summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private WebApplication _backend = null!;
    private WebApplication _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // The backend: a submission saying "invalid" is a 400, any other is created.
        var backend = WebApplication.CreateSlimBuilder();
        backend.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = backend.Build();
        _backend.MapPost("/api/complaints", async (HttpRequest request) =>
            await new StreamReader(request.Body).ReadToEndAsync() == "invalid"
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["description"] = ["required"] })
                : Results.Created("/api/complaints/1", new { }));
        _backend.MapGet("/api/registry/centers", () => Results.Ok(new { items = Array.Empty<object>(), total = 0 }));
        await _backend.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddGatewayRateLimits(new RateLimitSettings
        {
            PerAddress = new FixedWindow { PermitLimit = 100, WindowSeconds = 60 },
            PerClient = new FixedWindow { PermitLimit = 50, WindowSeconds = 60 },
            PublicSubmissions = new FixedWindow { PermitLimit = 3, WindowSeconds = 60 },
            Clients = { ["portal"] = new FixedWindow { PermitLimit = 5000, WindowSeconds = 60 } },
        });
        builder.Services.AddReverseProxy().LoadFromMemory(
            [
                new RouteConfig
                {
                    RouteId = "complaints-intake", ClusterId = "backend", RateLimiterPolicy = RateLimits.PublicSubmissionsPolicy,
                    Match = new RouteMatch { Path = "/api/complaints", Methods = ["POST"] },
                },
                new RouteConfig { RouteId = "registry", ClusterId = "backend", Match = new RouteMatch { Path = "/api/registry/{**rest}" } },
            ],
            [new ClusterConfig
            {
                ClusterId = "backend",
                Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = _backend.Urls.First() } },
            }]);
        _gateway = builder.Build();
        // Who calls, as the token validation would say: X-Client names a machine client (the test's stand-in for a token).
        _gateway.Use((http, next) =>
        {
            if (http.Request.Headers["X-Client"] is [{ } client])
            {
                http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                    [new System.Security.Claims.Claim("client_id", client), new System.Security.Claims.Claim("sub", client + "-actor")], "Bearer"));
            }

            return next(http);
        });
        _gateway.UseQuotaHeaders();
        _gateway.UseRateLimiter();
        _gateway.MapReverseProxy();
        await _gateway.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_gateway.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private Task<HttpResponseMessage> SubmitAsync(string body) =>
        _client.PostAsync("/api/complaints", new StringContent(body, Encoding.UTF8, "text/plain"));

    private static string Header(HttpResponseMessage response, string name) =>
        string.Join(", ", response.Headers.TryGetValues(name, out var values) ? values : []);

    [Fact]
    public async Task A_submission_names_both_quotas_it_counts_against_and_what_is_left_of_each()
    {
        var response = await SubmitAsync("a complaint");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"per-address\";q=100;w=60, \"public-submissions\";q=3;w=60", Header(response, QuotaHeaders.Policy));
        var limits = Header(response, QuotaHeaders.Limit);
        Assert.Matches("^\"per-address\";r=99;t=([1-9]|[1-5][0-9]|60), \"public-submissions\";r=2;t=([1-9]|[1-5][0-9]|60)$", limits);
    }

    [Fact]
    public async Task A_read_names_only_the_address_quota()
    {
        var response = await _client.GetAsync("/api/registry/centers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"per-address\";q=100;w=60", Header(response, QuotaHeaders.Policy));
        Assert.StartsWith("\"per-address\";r=", Header(response, QuotaHeaders.Limit));
    }

    [Fact]
    public async Task Submissions_refused_as_invalid_do_not_use_up_the_allowance_and_the_429_says_none_is_left()
    {
        for (var i = 0; i < 5; i++)
        {
            var invalid = await SubmitAsync("invalid");
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains("\"public-submissions\";r=3;", Header(invalid, QuotaHeaders.Limit));
        }

        for (var left = 2; left >= 0; left--)
        {
            var created = await SubmitAsync("a complaint");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Contains($"\"public-submissions\";r={left};", Header(created, QuotaHeaders.Limit));
        }

        var refused = await SubmitAsync("one more");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Contains("\"public-submissions\";r=0;", Header(refused, QuotaHeaders.Limit));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_portal_machine_client_has_its_own_quota_and_its_submissions_count_only_against_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = new StringContent("a complaint") };
        request.Headers.Add("X-Client", "portal");
        var portal = await _client.SendAsync(request);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/registry/centers");
        other.Headers.Add("X-Client", "script");
        var script = await _client.SendAsync(other);

        Assert.Equal(HttpStatusCode.Created, portal.StatusCode);
        Assert.Equal("\"per-client\";q=5000;w=60", Header(portal, QuotaHeaders.Policy));
        Assert.StartsWith("\"per-client\";r=4999;", Header(portal, QuotaHeaders.Limit));
        Assert.Equal("\"per-client\";q=50;w=60", Header(script, QuotaHeaders.Policy));
    }

    [Fact]
    public void A_quota_refunds_only_within_the_window_the_permit_was_taken_in()
    {
        var time = new ManualTime();
        var quotas = new Quotas("q", new FixedWindow { PermitLimit = 2, WindowSeconds = 60 }, time);
        var quota = quotas.Create("k");
        var first = quota.CurrentWindow;

        Assert.True(quota.AttemptAcquire().IsAcquired);
        Assert.True(quota.AttemptAcquire().IsAcquired);
        Assert.False(quota.AttemptAcquire().IsAcquired);
        Assert.Equal(60, quota.SecondsToReset);
        quota.Refund(first);
        Assert.Equal(1, quota.Remaining);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(2, quota.Remaining);
        Assert.Equal(59, quota.SecondsToReset);
        Assert.True(quota.AttemptAcquire().IsAcquired);
        quota.Refund(first);
        Assert.Equal(1, quota.Remaining);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;
    }
}
