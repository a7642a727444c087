using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace StarPlatform.Bench;

/// <summary>
/// A part of the suite killed under load: the process hit, found the way the operations tests find it (a service by
/// the pid in the AppHost's resource snapshot; RabbitMQ and PostgreSQL by the pid file they write in the state folder),
/// and the AppHost resource whose restart (a new pid, healthy) shows it came back with no person acting.
/// </summary>
/// <param name="Name">as the option names it</param>
/// <param name="Resource">the supervised AppHost resource that dies with it</param>
/// <param name="Signal">SIGKILL, or SIGINT (PostgreSQL's fast shutdown)</param>
internal sealed record Fault(string Name, string Resource, string Signal)
{
    public static readonly string[] Names = ["rabbitmq", "complaints-api", "scoring-api", "postgres"];

    /// <param name="postgresStop">kill: SIGKILL to the postmaster; fast: SIGINT, its fast shutdown</param>
    public static Fault Of(string name, string postgresStop) => name switch
    {
        "rabbitmq" => new Fault(name, "messaging", "SIGKILL"),
        "complaints-api" or "scoring-api" => new Fault(name, name, "SIGKILL"),
        "postgres" => new Fault(name, "postgres", postgresStop == "fast" ? "SIGINT" : "SIGKILL"),
        _ => throw new ArgumentException($"No fault {name}; the faults are {string.Join(", ", Names)}."),
    };

    /// <summary>What is hit, in the words of the line printed for it.</summary>
    public string Describe(int pid) => Name switch
    {
        "rabbitmq" => $"kill -9 of RabbitMQ's node (beam.smp, pid {pid}, rabbitmq/rabbit.pid)",
        "postgres" => Signal == "SIGKILL"
            ? $"kill -9 of PostgreSQL's postmaster (pid {pid}, postgres/postmaster.pid; crash recovery at its restart)"
            : $"fast shutdown of PostgreSQL (SIGINT to the postmaster, pid {pid}, postgres/postmaster.pid)",
        _ => $"kill -9 of {Name} (pid {pid}, from the AppHost's resource snapshot)",
    };

    /// <summary>The pid of the process this fault hits.</summary>
    public int ProcessToHit(BenchSuite suite) => Name switch
    {
        "rabbitmq" => int.Parse(File.ReadAllText(Path.Combine(suite.StateDir, "rabbitmq", "rabbit.pid")).Trim(), CultureInfo.InvariantCulture),
        "postgres" => int.Parse(File.ReadLines(Path.Combine(suite.StateDir, "postgres", "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture),
        _ => ResourcePid(suite, Resource),
    };

    public void Hit(int pid)
    {
        if (Signal == "SIGKILL")
        {
            Process.GetProcessById(pid).Kill();
            return;
        }

        using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -INT {pid} exited {kill.ExitCode}");
        }
    }

    /// <summary>The pid the AppHost started the resource under (for PostgreSQL and RabbitMQ, their start script's).</summary>
    public static int ResourcePid(BenchSuite suite, string resource) =>
        suite.App.ResourceNotifications.TryGetCurrentState(resource, out var current)
        && current.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid") is { Value: { } pid }
            ? Convert.ToInt32(pid, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{resource} has no pid in its resource state.");

    /// <summary>
    /// From the hit until the AppHost ran the resource again under a new pid and it turned healthy; null when it was not
    /// back within <paramref name="limit"/>.
    /// </summary>
    public async Task<TimeSpan?> RestartedAsync(BenchSuite suite, int resourcePid, long hitAt, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await suite.App.ResourceNotifications.WaitForResourceAsync(Resource, e =>
                e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && Convert.ToInt32(p.Value, CultureInfo.InvariantCulture) != resourcePid),
                timeout.Token);
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync(Resource, timeout.Token);
            return Stopwatch.GetElapsedTime(hitAt);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }
}
