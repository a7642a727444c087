using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StarPlatform.Testing;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// The whole suite (AppHost, PostgreSQL, RabbitMQ, every service, the gateway), started once
/// per test run in a fresh state folder on free ports. Tests isolate themselves by data.
/// </summary>
public class SuiteFixture : IAsyncLifetime
{
    /// <summary>The portal origin the gateway allows (CORS).</summary>
    public const string PortalOrigin = "http://portal.suite.test";

    /// <summary>
    /// Anonymous submissions per address and minute in the suite (low, so a test can exceed it;
    /// that test uses addresses of its own, so no other test is limited).
    /// </summary>
    public const int PublicSubmissionsLimit = 3;

    /// <summary>How many people Identity's Development directory holds (src/Identity/Model/DevelopmentPeople.cs).</summary>
    public const int DevelopmentPeople = 16;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"starplatform-suite-{Guid.NewGuid():N}"[..32]);
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new();
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The suite is not started.");

    /// <summary>The gateway without a token.</summary>
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>A loopback address other than 127.0.0.1 (every 127/8 address reaches the gateway).</summary>
    public static System.Net.IPAddress RandomLoopback() =>
        new([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>
    /// The gateway without a token, from an address of its own (<paramref name="local"/>, or a random loopback one):
    /// a test's anonymous submissions then have their own per-address allowance (<see cref="PublicSubmissionsLimit"/>
    /// a minute), not the one every other test's requests from 127.0.0.1 share.
    /// </summary>
    public HttpClient FromAddress(System.Net.IPAddress? local = null)
    {
        var address = local ?? RandomLoopback();
        var gateway = App.GetEndpoint("gateway", "http");
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream,
                    System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(address, 0));
                    await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, gateway.Port), cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = gateway };
    }

    public string StateDir => _stateDir;

    /// <summary>
    /// The Aspire dashboard (anonymous, plain HTTP): its telemetry API
    /// (<c>/api/telemetry/traces</c>) shows whether a flow is one trace across services.
    /// </summary>
    public HttpClient Dashboard { get; private set; } = null!;

    /// <summary>Every log record the dashboard held once the suite was up (the cold start's).</summary>
    public IReadOnlyList<LogRecord> StartupLogs { get; private set; } = [];

    /// <summary>Each resource's state once the suite was up.</summary>
    public IReadOnlyDictionary<string, string?> StartupStates { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The issuer of every token: the gateway's public URL.</summary>
    public string PublicUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        var amqpPort = FreePort();
        var gatewayPort = FreePort();
        PublicUrl = $"http://localhost:{gatewayPort}/";
        var dashboardPort = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            // The dashboard stays on (the testing builder turns it off by default) so tests can read
            // the telemetry every service exports to it, as scripts/check-trace.sh does under run.sh.
            $"ASPNETCORE_URLS=http://127.0.0.1:{dashboardPort}",
            $"ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
            $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            "STAR_INFRA=local",
            $"STAR_STATE_DIR={_stateDir}",
            $"STAR_PG_PORT={FreePort()}",
            $"STAR_AMQP_PORT={amqpPort}",
            $"STAR_ERL_DIST_PORT={FreePort()}",
            $"STAR_EPMD_PORT={FreePort()}",
            $"STAR_GATEWAY_PORT={gatewayPort}",
            $"STAR_PORTAL_ORIGIN={PortalOrigin}",
            .. Settings(),
        ], (options, _) => options.DisableDashboard = false);
        // Every test's anonymous request comes from 127.0.0.1 and shares one per-address budget
        // (300/min): RouteAccessTests sends a few hundred, and a test polling a public read while it
        // waits for a message can use the rest, after which unrelated tests get 429. The limit has
        // its own tests (GatewayLimitsTests, from addresses of their own, and Gateway.Tests); here
        // it is lifted for the shared address.
        builder.CreateResourceBuilder<Aspire.Hosting.ApplicationModel.ProjectResource>("gateway")
            .WithEnvironment("Gateway__RateLimits__PublicSubmissions__PermitLimit", PublicSubmissionsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Gateway__RateLimits__PublicSubmissions__WindowSeconds", "60")
            .WithEnvironment("Gateway__RateLimits__PerAddress__PermitLimit", "1000000")
            // MalformedInputTests sends thousands of probes with a few tokens.
            .WithEnvironment("Gateway__RateLimits__PerClient__PermitLimit", "1000000");
        // The console's browser tests inject an unexpected exception into a page (?fault=submit).
        builder.CreateResourceBuilder<Aspire.Hosting.ApplicationModel.ProjectResource>("console")
            .WithEnvironment("Console__FaultInjection", "true");
        // The suite's own log lines drown the test output; warnings and errors still show.
        builder.Services.AddLogging(logging => logging
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        Configure(builder);
        _app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        Gateway = _app.CreateHttpClient("gateway");
        // The testing builder puts a proxy with a port of its own in front of the dashboard.
        Dashboard = new HttpClient { BaseAddress = _app.GetEndpoint("aspire-dashboard", "http") };
        // Cases are assigned only to people Complaints' copy of the directory holds: the Development
        // directory (16 people) Identity announced at its start has arrived before any test assigns one.
        await EventuallyAsync(async () => await CountAsync("complaints", "select count(*) from people") >= DevelopmentPeople,
            TimeSpan.FromSeconds(60), "Complaints holds the Development directory of people");
        Console.WriteLine($"suite: started in {started.Elapsed.TotalSeconds:0.0} s (state {_stateDir})");
        await ReadStartupAsync(timeout.Token);
    }

    /// <summary>Further AppHost settings of a fixture that runs the suite another way (Suite.Tests' <c>ReplicaFixture</c>).</summary>
    protected virtual IEnumerable<string> Settings() => [];

    /// <summary>Changes to the model before it is built, in a fixture that runs the suite another way.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        Dashboard?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        // Whatever outlived the AppHost (epmd always does) is stopped by its pid file.
        var stop = Process.Start("bash", [Path.Combine(AppHostDirectory(), "infra", "stop.sh"), _stateDir]);
        await stop.WaitForExitAsync();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The cold start as the dashboard shows it: once every service has exported a log record (they
    /// export every second), all records, and the state of every resource.
    /// </summary>
    private async Task ReadStartupAsync(CancellationToken ct)
    {
        string[] services = ["registry-api", "criteria-api", "scoring-api", "complaints-api", "awards-api", "ratings-api", "identity-api", "gateway"];
        // Every record (the API answers the latest 200 unless asked for more: a slow start's gateway
        // probe warnings alone would push a service's start-up records out); the whole log is read
        // each time, so every 2 s.
        string[] missing = services;
        await Eventually.HoldsAsync(async () =>
            {
                StartupLogs = await ReadLogsAsync(ct);
                missing = services.Where(s => !StartupLogs.Any(r => r.Service == s)).ToArray();
                return missing.Length == 0;
            }, TimeSpan.FromSeconds(120), () => $"a log record in the dashboard from {string.Join(", ", missing)}",
            TimeSpan.FromSeconds(2));

        var names = App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>().Resources
            .Where(r => r is not Aspire.Hosting.ApplicationModel.ParameterResource && r.Name != "aspire-dashboard")
            .Select(r => r.Name).ToHashSet();
        var states = new Dictionary<string, string?>();
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watch.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(watch.Token))
            {
                states[e.Resource.Name] = e.Snapshot.State?.Text;
                if (names.All(states.ContainsKey) && states.Values.All(v => v is { Length: > 0 }))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the states seen so far: a resource with none shows as Unknown
        }

        foreach (var name in names.Where(n => !states.ContainsKey(n)))
        {
            states[name] = null;
        }

        StartupStates = states;
    }

    private async Task<IReadOnlyList<LogRecord>> ReadLogsAsync(CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await Dashboard.GetStringAsync("/api/telemetry/logs?limit=100000", ct));
        var records = new List<LogRecord>();
        foreach (var resource in document.RootElement.GetProperty("data").GetProperty("resourceLogs").EnumerateArray())
        {
            var service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == "service.name")
                .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString()).FirstOrDefault() ?? "";
            foreach (var scope in resource.GetProperty("scopeLogs").EnumerateArray())
            {
                foreach (var record in scope.GetProperty("logRecords").EnumerateArray())
                {
                    var severity = record.TryGetProperty("severityNumber", out var number) && number.ValueKind == JsonValueKind.Number ? number.GetInt32() : 0;
                    var body = record.TryGetProperty("body", out var b) && b.TryGetProperty("stringValue", out var text) ? text.GetString() ?? "" : "";
                    records.Add(new LogRecord(service, severity, body));
                }
            }
        }

        return records;
    }

    /// <summary>A client-credentials token of a Development client (one per client and run).</summary>
    public Task<string> TokenAsync(string clientId) => _tokens.GetOrAdd(clientId, RequestTokenAsync);

    /// <summary>The gateway with <paramref name="clientId"/>'s token.</summary>
    public async Task<HttpClient> GatewayAsAsync(string clientId)
    {
        var client = App.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(clientId));
        return client;
    }

    /// <summary>The Development client that holds <paramref name="role"/> (the first evaluator for the panel).</summary>
    public static string ClientFor(string role) => role == "evaluator" ? "dev-evaluator-1" : $"dev-{role}";

    private async Task<string> RequestTokenAsync(string clientId)
    {
        var response = await Gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = $"{clientId}-secret",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token for {clientId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync(string service)
    {
        var connection = new NpgsqlConnection(await App.GetConnectionStringAsync($"{service}-db"));
        await connection.OpenAsync();
        return connection;
    }

    public async Task<long> CountAsync(string service, string sql, params object[] parameters) =>
        await Sql.ScalarAsync((await App.GetConnectionStringAsync($"{service}-db"))!, sql, parameters);

    /// <summary>Polls until <paramref name="condition"/> holds, or fails after <paramref name="within"/>.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what) =>
        Eventually.HoldsAsync(condition, within, what);

    /// <summary>The AppHost's project folder (its generated metadata gives the folder, not the .csproj).</summary>
    private static string AppHostDirectory() =>
        Directory.Exists(Projects.AppHost.ProjectPath) ? Projects.AppHost.ProjectPath : Path.GetDirectoryName(Projects.AppHost.ProjectPath)!;

    private static int FreePort() => LocalInfrastructure.FreePort();
}

/// <summary>One OTLP log record: the service that sent it, its severity number (17+ is Error) and its text.</summary>
public sealed record LogRecord(string Service, int Severity, string Body);

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "suite";
}
