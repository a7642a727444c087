using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;
using RabbitMQ.Client;

namespace StarPlatform.Testing;

/// <summary>
/// Real PostgreSQL and RabbitMQ for service tests, faults and benchmarks: the AppHost's own
/// scripts (<c>AppHost/infra</c>) run on free loopback ports in a temporary state folder.
/// Each server can be stopped and started again (same data, same ports) to inject faults.
/// </summary>
public sealed partial class LocalInfrastructure : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private Process? _postgres;
    private Process? _rabbitMq;

    private LocalInfrastructure()
    {
        StateDir = Path.Combine(Path.GetTempPath(), $"starplatform-infra-{Guid.NewGuid():N}"[..32]);
        PostgresPort = FreePort();
        AmqpPort = FreePort();
        EpmdPort = FreePort();
        DistributionPort = FreePort();
    }

    public string StateDir { get; }
    public int PostgresPort { get; }
    public int AmqpPort { get; }
    public int EpmdPort { get; }
    public int DistributionPort { get; }
    public string PostgresPassword { get; } = $"pg{Guid.NewGuid():N}";
    public string RabbitMqPassword { get; } = $"mq{Guid.NewGuid():N}";

    public Uri RabbitMqUri => new($"amqp://star:{RabbitMqPassword}@127.0.0.1:{AmqpPort}");

    public string PostgresConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password={PostgresPassword};Database={database}";

    public static async Task<LocalInfrastructure> StartAsync()
    {
        var infrastructure = new LocalInfrastructure();
        Directory.CreateDirectory(infrastructure.StateDir);
        await File.WriteAllTextAsync(Path.Combine(infrastructure.StateDir, "infra.env"),
            $"STAR_PG_PORT={infrastructure.PostgresPort}\nSTAR_AMQP_PORT={infrastructure.AmqpPort}\nSTAR_EPMD_PORT={infrastructure.EpmdPort}\n");
        await Task.WhenAll(infrastructure.StartPostgresAsync(), infrastructure.StartRabbitMqAsync());
        return infrastructure;
    }

    public async Task StartPostgresAsync()
    {
        _postgres = StartScript("postgres.sh", new()
        {
            ["PGPORT"] = $"{PostgresPort}",
            ["STAR_PG_DATA"] = Path.Combine(StateDir, "postgres"),
            ["STAR_PG_PASSWORD"] = PostgresPassword,
        });
        await WaitUntilAsync(async ct =>
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString("postgres"));
            await connection.OpenAsync(ct);
        }, _postgres, "PostgreSQL");
    }

    /// <summary>Fast shutdown (clients are disconnected; committed data is kept).</summary>
    public Task StopPostgresAsync() => StopAsync(_postgres, "PostgreSQL");

    public async Task StartRabbitMqAsync()
    {
        _rabbitMq = StartScript("rabbitmq.sh", new()
        {
            ["RABBITMQ_NODE_PORT"] = $"{AmqpPort}",
            ["STAR_RABBIT_DIR"] = Path.Combine(StateDir, "rabbitmq"),
            ["STAR_RABBIT_USER"] = "star",
            ["STAR_RABBIT_PASSWORD"] = RabbitMqPassword,
            ["ERL_EPMD_PORT"] = $"{EpmdPort}",
            ["RABBITMQ_DIST_PORT"] = $"{DistributionPort}",
        });
        await WaitUntilAsync(async ct =>
        {
            var factory = new ConnectionFactory { Uri = RabbitMqUri };
            await using var connection = await factory.CreateConnectionAsync(ct);
        }, _rabbitMq, "RabbitMQ");
    }

    public Task StopRabbitMqAsync() => StopAsync(_rabbitMq, "RabbitMQ");

    /// <summary>Creates (or recreates, empty) a database.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Pooled connections to a database of the same name are gone with it.
        NpgsqlConnection.ClearAllPools();
        return PostgresConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(StopPostgresAsync(), StopRabbitMqAsync());
        using (var stop = Process.Start("bash", [Path.Combine(RepositoryRoot(), "AppHost", "infra", "stop.sh"), StateDir]))
        {
            await stop.WaitForExitAsync();
        }

        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The repository's root folder (where StarPlatform.sln is).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StarPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StarPlatform.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends SIGTERM (Process.Kill would send SIGKILL).</summary>
    public static void Terminate(int pid) => _ = kill(pid, 15);

    private Process StartScript(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "AppHost", "infra", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{script} did not start");
        // Drain the output so the server never blocks on a full pipe; keep the tail for errors.
        process.OutputDataReceived += (_, e) => Remember(script, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(script, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private readonly Dictionary<string, Queue<string>> _output = new();

    private void Remember(string script, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (!_output.TryGetValue(script, out var lines))
            {
                _output[script] = lines = new Queue<string>();
            }

            lines.Enqueue(line);
            if (lines.Count > 40)
            {
                lines.Dequeue();
            }
        }
    }

    private async Task WaitUntilAsync(Func<CancellationToken, Task> probe, Process process, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await probe(attempt.Token);
                return;
            }
            catch (Exception) when (clock.Elapsed < ReadyTimeout && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex)
            {
                string tail;
                lock (_output)
                {
                    tail = string.Join('\n', _output.Values.SelectMany(l => l));
                }

                throw new InvalidOperationException($"{what} did not become ready: {ex.Message}\n{tail}", ex);
            }
        }
    }

    private static async Task StopAsync(Process? process, string what)
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        Terminate(process.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not stop within 60 s");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
