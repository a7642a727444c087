using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StarPlatform.Bench;

/// <summary>How a driver wants the suite started.</summary>
/// <param name="Dashboard">every span, metric and log line to the Aspire dashboard on these same cores (as under run.sh); off: no exporter at all</param>
/// <param name="SuiteSettings">more AppHost settings, such as <c>STAR_REPLICAS=complaints=2</c></param>
/// <param name="ServiceEnvironment">set on every service</param>
/// <param name="GatewayEnvironment">set on the gateway (its allowances are for people; a driver is one client at thousands per second)</param>
internal sealed record SuiteOptions(
    bool Dashboard = false,
    IReadOnlyList<string>? SuiteSettings = null,
    IReadOnlyList<KeyValuePair<string, string>>? ServiceEnvironment = null,
    IReadOnlyList<KeyValuePair<string, string>>? GatewayEnvironment = null);

/// <summary>
/// The whole suite as the AppHost starts it (PostgreSQL, RabbitMQ, identity, every service, the gateway), on free
/// loopback ports in a temporary state folder, for a benchmark driver; disposing it stops everything and deletes the folder.
/// </summary>
internal sealed class BenchSuite : IAsyncDisposable
{
    private readonly string _stateDir;

    private BenchSuite(DistributedApplication app, string stateDir)
    {
        App = app;
        _stateDir = stateDir;
    }

    public DistributedApplication App { get; }

    /// <summary>From the driver asking until the gateway answered healthy.</summary>
    public TimeSpan StartedIn { get; private set; }

    public Uri Gateway => App.GetEndpoint("gateway");

    /// <summary>The suite's temporary state folder: PostgreSQL's data (<c>postgres/postmaster.pid</c>) and RabbitMQ's (<c>rabbitmq/rabbit.pid</c>).</summary>
    public string StateDir => _stateDir;

    public static async Task<BenchSuite> StartAsync(SuiteOptions options)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), $"starplatform-bench-{Guid.NewGuid():N}"[..32]);
        CpuShares.Scope = stateDir;
        var started = Stopwatch.StartNew();
        string[] suiteArgs =
        [
            "STAR_INFRA=local",
            $"STAR_STATE_DIR={stateDir}",
            $"STAR_PG_PORT={FreePort()}",
            $"STAR_AMQP_PORT={FreePort()}",
            $"STAR_ERL_DIST_PORT={FreePort()}",
            $"STAR_EPMD_PORT={FreePort()}",
            $"STAR_GATEWAY_PORT={FreePort()}",
            .. options.SuiteSettings ?? [],
        ];
        // The testing builder turns the dashboard off but still hands each service the dashboard's OTLP address,
        // so without a dashboard the exporters are removed, or every service would retry exports to nobody.
        var builder = options.Dashboard
            ? await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [
                    .. suiteArgs,
                    $"ASPNETCORE_URLS=http://127.0.0.1:{FreePort()}",
                    $"ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
                    $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
                    "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                    "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
                ], (o, _) => o.DisableDashboard = false)
            : await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(suiteArgs);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            var resource = builder.CreateResourceBuilder(project);
            foreach (var (name, value) in options.ServiceEnvironment ?? [])
            {
                resource.WithEnvironment(name, value);
            }

            if (!options.Dashboard)
            {
                resource.WithEnvironment(context =>
                {
                    foreach (var name in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                    {
                        context.EnvironmentVariables.Remove(name);
                    }
                });
            }
        }

        var gateway = builder.CreateResourceBuilder<ProjectResource>("gateway");
        foreach (var (name, value) in options.GatewayEnvironment ?? [])
        {
            gateway.WithEnvironment(name, value);
        }

        builder.Services.AddLogging(logging => logging
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("AppHost.Resources", Environment.GetEnvironmentVariable("BENCH_RESOURCE_LOGS") is { Length: > 0 } level ? Enum.Parse<LogLevel>(level) : LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));

        var app = await builder.BuildAsync();
        var suite = new BenchSuite(app, stateDir);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }

        suite.StartedIn = started.Elapsed;
        return suite;
    }

    /// <summary>A client with no connection limit through the gateway, unauthenticated.</summary>
    public HttpClient Client(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    { BaseAddress = Gateway, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>A Development machine client's token (secret <c>&lt;client_id&gt;-secret</c>).</summary>
    public static async Task<string> TokenAsync(HttpClient http, string clientId)
    {
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = $"{clientId}-secret",
        }));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The built binary of a service resource (as the AppHost runs it), for its commands (seed-dev, rebuild-rates).</summary>
    public string BinaryOf(string resource)
    {
        var project = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(r => r.Name == resource);
        return project.TryGetLastAnnotation<ExecutableAnnotation>(out var executable)
            ? executable.Command
            : throw new InvalidOperationException($"{resource} has no executable annotation.");
    }

    /// <summary>
    /// The body of one hotline intake (96960, a named caller, an hour ago) against <paramref name="target"/>, as every
    /// driver files it; <paramref name="description"/> carries the run's marker so its cases can be counted.
    /// </summary>
    public static object IntakeBody(Guid target, string description) => new
    {
        channel = "96960",
        targetUnitId = target,
        category = "attitude",
        description,
        occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
        caller = new { name = "压测来电人", phone = "13800000000" },
        anonymous = false,
    };

    /// <summary>A county center registered by dev-admin through the gateway, once Complaints' registry copy holds it: what intakes target.</summary>
    public async Task<Guid> ComplaintTargetAsync(string name)
    {
        using var admin = Client();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(admin, "dev-admin"));
        var response = await admin.PostAsJsonAsync("/api/registry/centers",
            new { name = $"{name} {Guid.NewGuid():N}"[..24], level = "county", divisionCode = "511421", floorAreaM2 = 3000 });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"registering the target center: {(int)response.StatusCode} {body}");
        }

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        var connectionString = (await App.GetConnectionStringAsync("complaints-db"))!;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from units where id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            if ((long)(await command.ExecuteScalarAsync())! == 1)
            {
                return id;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The target center did not reach Complaints within 60 s.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            using var stop = Process.Start("bash", [Path.Combine(AppHostDirectory(), "infra", "stop.sh"), _stateDir]);
            await stop.WaitForExitAsync();
            try
            {
                Directory.Delete(_stateDir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static string AppHostDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AppHost", "infra", "stop.sh")))
            {
                return Path.Combine(dir.FullName, "AppHost");
            }
        }

        throw new DirectoryNotFoundException("AppHost/infra not found above the benchmark's folder.");
    }
}
