using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Testing;
using Yarp.ReverseProxy.Configuration;

namespace StarPlatform.Gateway.Tests;

/// <summary>Beyond what a backend takes, the gateway answers at once with 503 and Retry-After, and forwards the rest.</summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _backend = null!;
    private WebApplication _gateway = null!;
    private HttpClient _client = null!;
    private int _arrived;
    private int _sockets;

    public async Task InitializeAsync()
    {
        // A backend that holds every request until the test lets them go.
        var backend = WebApplication.CreateSlimBuilder();
        backend.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = backend.Build();
        _backend.MapGet("/api/complaints/slow", async () =>
        {
            Interlocked.Increment(ref _arrived);
            await _release.Task;
            return Results.Ok("done");
        });
        _backend.UseWebSockets();
        _backend.Map("/api/complaints/socket", async (HttpContext http) =>
        {
            // A circuit's socket: open until the client closes it.
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref _sockets);
            var buffer = new byte[16];
            while (!(await socket.ReceiveAsync(buffer, http.RequestAborted)).CloseStatus.HasValue)
            {
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, http.RequestAborted);
        });
        await _backend.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AdmissionSettings.Section}:InFlight"] = "2",
            [$"{AdmissionSettings.Section}:Waiting"] = "1",
        });
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = "complaints", ClusterId = "complaints", Match = new RouteMatch { Path = "/api/complaints/{**rest}" } }],
                [new ClusterConfig
                {
                    ClusterId = "complaints",
                    Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = _backend.Urls.First() } },
                }])
            .AddBackendHealth(builder.Services);
        _gateway = builder.Build();
        _gateway.MapProxyWithBackendErrors();
        await _gateway.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_gateway.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Requests_beyond_in_flight_and_waiting_get_503_at_once_and_the_admitted_ones_are_served()
    {
        var admission = _gateway.Services.GetRequiredService<Admission>();
        var forwarded = new[] { _client.GetAsync("/api/complaints/slow"), _client.GetAsync("/api/complaints/slow") };
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _arrived) == 2), TimeSpan.FromSeconds(30), "both forwarded requests reach the backend");
        var waiting = _client.GetAsync("/api/complaints/slow");
        await Eventually.HoldsAsync(() => Task.FromResult(admission.Now("complaints").Waiting == 1), TimeSpan.FromSeconds(30), "the third request waits in the gateway");

        // The backend still holds the first two: these two are shed without waiting for it.
        for (var i = 0; i < 2; i++)
        {
            using var shed = await _client.GetAsync("/api/complaints/slow");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(Admission.RetryAfterSeconds), shed.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", shed.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await shed.Content.ReadAsStringAsync());
            Assert.Equal(Admission.ProblemType, problem.RootElement.GetProperty("type").GetString());
            Assert.Equal("complaints", problem.RootElement.GetProperty("backend").GetString());
        }

        Assert.Equal(2, Volatile.Read(ref _arrived));
        _release.SetResult();
        foreach (var response in await Task.WhenAll([.. forwarded, waiting]))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, Volatile.Read(ref _arrived));
        Assert.Equal((0, 0), admission.Now("complaints"));
    }

    [Fact]
    public async Task Open_websockets_take_no_place_so_requests_are_still_forwarded()
    {
        var admission = _gateway.Services.GetRequiredService<Admission>();
        var sockets = new List<ClientWebSocket>();
        try
        {
            // More sockets than the backend's places (2 in flight, 1 waiting), all held open.
            for (var i = 0; i < 4; i++)
            {
                var socket = new ClientWebSocket();
                // Counted as requests, the third socket would wait for a place the first two never give back.
                using var connecting = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await socket.ConnectAsync(new Uri(new Uri(_gateway.Urls.First().Replace("http", "ws", StringComparison.Ordinal)), "/api/complaints/socket"),
                    connecting.Token);
                sockets.Add(socket);
            }

            await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _sockets) == 4), TimeSpan.FromSeconds(30), "the backend accepted every socket");
            Assert.Equal((0, 0), admission.Now("complaints"));

            var request = _client.GetAsync("/api/complaints/slow");
            await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _arrived) == 1), TimeSpan.FromSeconds(30), "the request reaches the backend");
            _release.SetResult();
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            foreach (var socket in sockets.Where(s => s.State == WebSocketState.Open))
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                socket.Dispose();
            }
        }
    }
}
