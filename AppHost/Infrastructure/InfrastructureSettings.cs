using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace StarPlatform.AppHost.Infrastructure;

public enum InfrastructureMode
{
    /// <summary>PostgreSQL and RabbitMQ from the Debian packages, as executables (no container engine).</summary>
    Local,

    /// <summary>The standard container images, where Docker or Podman works.</summary>
    Containers,
}

/// <summary>
/// Where and how the AppHost runs its infrastructure. Every value comes from configuration
/// (environment variables of the same name), with the defaults the README documents.
/// </summary>
public sealed record InfrastructureSettings(
    InfrastructureMode Mode,
    string StateDir,
    string ScriptsDir,
    int PostgresPort,
    int AmqpPort,
    int EpmdPort,
    int ErlangDistributionPort,
    int GatewayPort)
{
    public static InfrastructureSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var stateDir = Path.GetFullPath(configuration["STAR_STATE_DIR"] is { Length: > 0 } dir
            ? dir
            : Path.Combine(appHostDirectory, "..", ".state"));
        var amqpPort = Port(configuration, "STAR_AMQP_PORT", 55672);
        return new InfrastructureSettings(
            ModeFrom(configuration["STAR_INFRA"]),
            stateDir,
            Path.Combine(appHostDirectory, "infra"),
            Port(configuration, "STAR_PG_PORT", 55432),
            amqpPort,
            Port(configuration, "STAR_EPMD_PORT", 54369),
            Port(configuration, "STAR_ERL_DIST_PORT", amqpPort + 1),
            Port(configuration, "STAR_GATEWAY_PORT", 5080));
    }

    /// <summary>
    /// A secret kept in the state folder, generated on first use: the data survives restarts,
    /// so must the passwords that open it.
    /// </summary>
    public string Secret(string name)
    {
        var secrets = Directory.CreateDirectory(Path.Combine(StateDir, "secrets"));
        var file = Path.Combine(secrets.FullName, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var value = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 32);
        File.WriteAllText(file, value);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return value;
    }

    /// <summary>Records the ports in the state folder, for <c>infra/stop.sh</c>.</summary>
    public void WriteInfraEnv()
    {
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(Path.Combine(StateDir, "infra.env"),
            $"STAR_PG_PORT={PostgresPort}\nSTAR_AMQP_PORT={AmqpPort}\nSTAR_EPMD_PORT={EpmdPort}\n");
    }

    /// <summary>Stops anything of ours that outlived the run (epmd always does).</summary>
    public void StopLeftovers()
    {
        if (Mode != InfrastructureMode.Local)
        {
            return;
        }

        using var stop = Process.Start("bash", [Path.Combine(ScriptsDir, "stop.sh"), StateDir]);
        stop.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private static int Port(IConfiguration configuration, string key, int fallback) =>
        int.TryParse(configuration[key], out var port) && port is > 0 and < 65536 ? port : fallback;

    private static InfrastructureMode ModeFrom(string? value) => value?.ToLowerInvariant() switch
    {
        "local" => InfrastructureMode.Local,
        "containers" => InfrastructureMode.Containers,
        _ => ContainerRuntimeWorks() ? InfrastructureMode.Containers : InfrastructureMode.Local,
    };

    /// <summary>A client alone is not enough: the engine behind it must answer.</summary>
    private static bool ContainerRuntimeWorks()
    {
        foreach (var runtime in new[] { "docker", "podman" })
        {
            try
            {
                using var info = Process.Start(new ProcessStartInfo(runtime, "info")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (info is null)
                {
                    continue;
                }

                if (info.WaitForExit(TimeSpan.FromSeconds(5)) && info.ExitCode == 0)
                {
                    return true;
                }

                if (!info.HasExited)
                {
                    info.Kill(entireProcessTree: true);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed
            }
        }

        return false;
    }
}
