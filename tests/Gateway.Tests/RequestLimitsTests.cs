using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using StarPlatform.Http;

namespace StarPlatform.Gateway.Tests;

/// <summary>
/// Over-long request URIs and headers on a real Kestrel with the shared defaults (as the gateway and
/// every service run): problems with a type, not Kestrel's empty 414/431; and what Kestrel still
/// answers itself.
/// </summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints(checkText: false);
        _app.MapGet("/echo", () => "ok");
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_URI_over_the_limit_is_414_as_a_problem_and_one_at_the_limit_is_served()
    {
        var atLimit = "/echo?q=" + new string('a', RequestLimits.MaxTargetLength - "/echo?q=".Length);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(atLimit)).StatusCode);

        // Past Kestrel's default 8 KiB request line, which it used to answer with an empty 414.
        await AssertProblemAsync(await _client.GetAsync(atLimit + "a"), 414);
        await AssertProblemAsync(await _client.GetAsync("/echo?q=" + new string('a', 40 * 1024)), 414);
    }

    [Fact]
    public async Task Headers_over_the_limit_are_431_as_a_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add("X-Big", new string('b', RequestLimits.MaxHeadersBytes + 1));

        await AssertProblemAsync(await _client.SendAsync(request), 431);
    }

    [Fact]
    public async Task A_request_Kestrel_cannot_parse_is_its_own_400_and_the_connection_closes()
    {
        // A header line without a colon: no request exists for a middleware to answer.
        var address = new Uri(_app.Urls.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /echo HTTP/1.1\r\nHost: x\r\nnot a header line\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Kestrel closes the connection after its 400, so the answer ends there.
        var answer = await reader.ReadToEndAsync(timeout.Token);

        Assert.StartsWith("HTTP/1.1 400 Bad Request", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close", answer, StringComparison.Ordinal);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(ProblemTypes.For(status), problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
    }
}
