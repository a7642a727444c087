using System.Globalization;

namespace StarPlatform.Bench;

/// <summary>
/// Where the machine's CPU went during a run, per intake: every live process's user + system time
/// from <c>/proc/[pid]/stat</c>, grouped by role (the driver with the in-process AppHost, the
/// gateway, the service under load (<see cref="Focus"/>: complaints-api for intake, ratings-api for ratings, every copy of
/// it), the other services, PostgreSQL, RabbitMQ, Aspire's DCP), and the whole
/// machine's busy time from <c>/proc/stat</c> (which also counts processes that ended meanwhile).
/// On two shared cores the sum is what caps the rate, so this says what to make cheaper.
/// </summary>
internal sealed class CpuShares
{
    private readonly Dictionary<int, (string Role, double Seconds)> _processes;
    private readonly double _machineBusy;

    private CpuShares(Dictionary<int, (string Role, double Seconds)> processes, double machineBusy)
    {
        _processes = processes;
        _machineBusy = machineBusy;
    }

    public static CpuShares Take()
    {
        var processes = new Dictionary<int, (string, double)>();
        if (!OperatingSystem.IsLinux())
        {
            return new CpuShares(processes, 0);
        }

        var table = ProcessTable.Read();
        var commandLines = table.Keys.Select(pid => (pid, ProcessTable.CommandLine(pid))).Where(p => p.Item2 is not null)
            .ToDictionary(p => p.pid, p => p.Item2!);
        var ours = Ours(table, commandLines);
        foreach (var (pid, process) in table)
        {
            if (commandLines.TryGetValue(pid, out var commandLine))
            {
                processes[pid] = (ours.Contains(pid) ? Role(pid, commandLine) : "rest of machine", process.Seconds);
            }
        }

        // cpu  user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait.
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var busy = cpu.Sum() - cpu[3] - cpu[4];
        return new CpuShares(processes, busy / ProcessTable.TicksPerSecond);
    }

    /// <summary>
    /// The suite's state folder (<see cref="BenchSuite"/> sets it): with it, only this driver's processes and their
    /// descendants, Aspire's DCP watching it and its children (the services), and the processes whose command line names
    /// the folder (PostgreSQL, RabbitMQ) and theirs, are given
    /// roles; every other process — another suite on the same machine — counts as the rest of the machine.
    /// </summary>
    public static string? Scope { get; set; }

    private static HashSet<int> Ours(Dictionary<int, ProcessTable.Entry> table, Dictionary<int, string> commandLines)
    {
        if (Scope is null)
        {
            return [.. table.Keys];
        }

        // Aspire's DCP is started detached from the driver and names it as the process it watches (--monitor PID); the
        // services are its children.
        var monitor = $"--monitor\0{Environment.ProcessId}\0";
        var ours = new HashSet<int>(commandLines.Where(c => c.Key == Environment.ProcessId || c.Value.Contains(Scope, StringComparison.Ordinal)
            || c.Value.Contains(monitor, StringComparison.Ordinal)).Select(c => c.Key));
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var (pid, entry) in table)
            {
                if (!ours.Contains(pid) && ours.Contains(entry.Parent))
                {
                    grown = ours.Add(pid);
                }
            }
        }

        return ours;
    }

    /// <summary>The service the driver loads, by its binary's name (<c>Complaints.Api</c>) and the role it is reported under.</summary>
    public static (string Binary, string Role) Focus { get; set; } = ("Complaints.Api", "complaints-api");

    private static string Role(int pid, string commandLine) => commandLine switch
    {
        _ when pid == Environment.ProcessId => "driver+AppHost",
        _ when commandLine.Contains(Focus.Binary, StringComparison.Ordinal) => Focus.Role,
        _ when commandLine.Contains("/Gateway", StringComparison.Ordinal) => "gateway",
        _ when commandLine.Contains(".Api", StringComparison.Ordinal) || commandLine.Contains("Console.Web", StringComparison.Ordinal) => "other services",
        _ when commandLine.StartsWith("postgres", StringComparison.Ordinal) || commandLine.Contains("/postgres", StringComparison.Ordinal) => "postgresql",
        _ when commandLine.Contains("beam.smp", StringComparison.Ordinal) || commandLine.Contains("erl_child_setup", StringComparison.Ordinal)
            || commandLine.Contains("epmd", StringComparison.Ordinal) => "rabbitmq",
        _ when commandLine.Contains("/dcp", StringComparison.Ordinal) => "aspire dcp",
        _ => "rest of machine",
    };

    /// <summary>CPU milliseconds per <paramref name="unit"/> (an intake, a rating …) by role, largest first, and the machine's total.</summary>
    public static string Per(CpuShares before, CpuShares after, int count, string unit = "intake")
    {
        if (count == 0 || after._machineBusy == 0)
        {
            return "n/a";
        }

        var roles = new Dictionary<string, double>();
        foreach (var (pid, (role, seconds)) in after._processes)
        {
            var start = before._processes.TryGetValue(pid, out var b) && b.Role == role ? b.Seconds : 0;
            roles[role] = roles.GetValueOrDefault(role) + seconds - start;
        }

        // Processes' times are exact (the scheduler's own accounting); /proc/stat's busy time is
        // sampled at each timer tick and misses short bursts between ticks, so under a load of many
        // sub-millisecond bursts it can read well below the processes' sum.
        var total = after._machineBusy - before._machineBusy;
        var processes = roles.Values.Where(v => v > 0).Sum();
        return string.Join(", ", roles.Where(r => r.Value > 0).OrderByDescending(r => r.Value)
                   .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value * 1000 / count:0.00}"))) +
               string.Create(CultureInfo.InvariantCulture,
                   $"; all processes {processes * 1000 / count:0.00} ms of CPU per {unit} (/proc/stat busy, tick-sampled: {total * 1000 / count:0.00})");
    }
}
