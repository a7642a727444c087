using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace StarPlatform.Gateway.Tests;

/// <summary>What a client and ops see while a backend is down: 503 with Retry-After as a problem, and /health naming it.</summary>
public sealed class BackendsTests : IAsyncLifetime
{
    private WebApplication _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // A backend nobody listens on: the port was free a moment ago.
        var down = new TcpListener(IPAddress.Loopback, 0);
        down.Start();
        var port = ((IPEndPoint)down.LocalEndpoint).Port;
        down.Stop();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = "complaints", ClusterId = "complaints", Match = new RouteMatch { Path = "/api/complaints/{**rest}" } }],
                [new ClusterConfig
                {
                    ClusterId = "complaints",
                    Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = $"http://127.0.0.1:{port}" } },
                }])
            .AddBackendHealth(builder.Services);
        _gateway = builder.Build();
        _gateway.MapHealthChecks("/health");
        _gateway.MapProxyWithBackendErrors();
        await _gateway.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_gateway.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_request_for_a_backend_that_is_down_gets_503_with_Retry_After_as_a_problem()
    {
        var response = await _client.GetAsync("/api/complaints/cases");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(Backends.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Backends.ProblemType, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("complaints", problem.RootElement.GetProperty("backend").GetString());
    }

    [Fact]
    public async Task Health_names_the_backend_that_does_not_answer()
    {
        // The first probes run within ProbeInterval; until then the backend shows "not probed yet".
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string state, status;
        HttpResponseMessage response;
        do
        {
            response = await _client.GetAsync("/health");
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            state = health.RootElement.GetProperty("checks").GetProperty("backends").GetProperty("data").GetProperty("complaints").GetString()!;
            status = health.RootElement.GetProperty("status").GetString()!;
            if (state == "down")
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("down", state);
        // Degraded (logged as a Warning, not an Error), and not ready.
        Assert.Equal("Degraded", status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
