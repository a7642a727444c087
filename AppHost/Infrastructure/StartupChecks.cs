using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>A start that cannot succeed, found before anything starts.</summary>
public sealed class StartupCheckException(string message) : Exception(message);

/// <summary>
/// What the AppHost checks (and, where it can, fixes) before it starts anything, so that a start
/// that cannot succeed stops at once with a message saying what to do instead of waiting forever:
/// the built binaries, the Debian packages, a state folder the <c>postgres</c> user can reach, and
/// free ports.
/// </summary>
public static class StartupChecks
{
    public static void Run(InfrastructureSettings settings, DistributedApplicationModel model, IConfiguration configuration)
    {
        var problems = new List<string>();
        var missing = BuiltBinary.Missing(model);
        if (missing.Count > 0)
        {
            problems.Add($"not built: {string.Join(", ", missing)} — build first (dotnet build StarPlatform.sln; ./run.sh does it)");
        }

        problems.AddRange(Replicas.Problems(configuration,
            model.Resources.Where(r => r.Name.EndsWith("-migrate", StringComparison.Ordinal)).Select(r => r.Name[..^"-migrate".Length])));

        if (settings.Mode == InfrastructureMode.Local)
        {
            if (!Directory.Exists("/usr/lib/postgresql") || !Directory.EnumerateFiles("/usr/lib/postgresql", "postgres", SearchOption.AllDirectories).Any())
            {
                problems.Add("PostgreSQL is not installed — run scripts/prereqs.sh (or apt-get install postgresql)");
            }

            if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
            {
                problems.Add("RabbitMQ is not installed — run scripts/prereqs.sh (or apt-get install rabbitmq-server)");
            }

            if (PrepareStateFolder(settings.StateDir) is { } stateProblem)
            {
                problems.Add(stateProblem);
            }

            // Our own leftovers (epmd always outlives its node) hold ports of this state folder.
            settings.StopLeftovers();
            foreach (var (what, port) in new[]
                     {
                         ("PostgreSQL (STAR_PG_PORT)", settings.PostgresPort),
                         ("RabbitMQ AMQP (STAR_AMQP_PORT)", settings.AmqpPort),
                         ("RabbitMQ distribution (STAR_ERL_DIST_PORT)", settings.ErlangDistributionPort),
                         ("epmd (STAR_EPMD_PORT)", settings.EpmdPort),
                     })
            {
                if (Taken(port))
                {
                    problems.Add($"port {port} for {what} is in use — stop what holds it (ss -ltnp 'sport = :{port}') or choose another port");
                }
            }
        }

        if (Taken(settings.GatewayPort))
        {
            problems.Add($"port {settings.GatewayPort} for the gateway (STAR_GATEWAY_PORT) is in use — stop what holds it or choose another port");
        }

        foreach (var key in new[] { "ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL" })
        {
            foreach (var url in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0 && Taken(uri.Port))
                {
                    problems.Add($"port {uri.Port} for the dashboard ({key}) is in use — stop what holds it or choose another (STAR_DASHBOARD_PORT)");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new StartupCheckException("The suite cannot start:\n  - " + string.Join("\n  - ", problems));
        }
    }

    /// <summary>
    /// PostgreSQL runs as the <c>postgres</c> user, which must reach the state folder. A folder of
    /// our own that only its owner may enter (what <c>mktemp -d</c> makes) is opened for traversal
    /// (o+x: the user can pass through, not list or read); a parent folder we cannot change is reported.
    /// </summary>
    private static string? PrepareStateFolder(string stateDir)
    {
        Directory.CreateDirectory(stateDir);
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return null;
        }

        var mode = File.GetUnixFileMode(stateDir);
        if (!mode.HasFlag(UnixFileMode.OtherExecute))
        {
            File.SetUnixFileMode(stateDir, mode | UnixFileMode.OtherExecute);
        }

        for (var dir = Directory.GetParent(stateDir); dir is not null; dir = dir.Parent)
        {
            if (!File.GetUnixFileMode(dir.FullName).HasFlag(UnixFileMode.OtherExecute))
            {
                return $"the user 'postgres' cannot pass through {dir.FullName} to the state folder {stateDir} — " +
                       $"choose a state folder it can reach (STAR_STATE_DIR), or chmod o+x {dir.FullName}";
            }
        }

        return null;
    }

    private static bool Taken(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            // As the servers themselves bind: the connections a stopped server closed linger in
            // TIME_WAIT for a minute and must not count as the port being in use (on Linux a
            // listening socket still refuses the bind).
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
