using System.Diagnostics;

namespace StarPlatform.Bench;

/// <summary>
/// CPU time used by this process, by our PostgreSQL and by our RabbitMQ (the process trees the
/// infra scripts started under this process), read from /proc. CPU per transition stays
/// comparable when other work shares the machine, which throughput alone does not.
/// </summary>
internal static class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public readonly record struct Sample(TimeSpan Driver, TimeSpan Postgres, TimeSpan RabbitMq)
    {
        public static Sample operator -(Sample a, Sample b) =>
            new(a.Driver - b.Driver, a.Postgres - b.Postgres, a.RabbitMq - b.RabbitMq);
    }

    public static Sample Take()
    {
        var driver = Process.GetCurrentProcess().TotalProcessorTime;
        if (!OperatingSystem.IsLinux())
        {
            return new Sample(driver, TimeSpan.Zero, TimeSpan.Zero);
        }

        var processes = new Dictionary<int, (int Parent, double Seconds)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name (which may hold spaces) start at index 0 = state.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1]);
                // utime, stime, and the CPU of children already reaped (exited backends).
                var ticks = long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
                processes[pid] = (parent, ticks / TicksPerSecond);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        var self = Environment.ProcessId;
        double postgres = 0, rabbitMq = 0;
        foreach (var (pid, (parent, _)) in processes)
        {
            if (parent != self)
            {
                continue;
            }

            string command;
            try
            {
                command = File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (IOException)
            {
                continue;
            }

            if (command.Contains("postgres.sh", StringComparison.Ordinal))
            {
                postgres += Subtree(pid);
            }
            else if (command.Contains("rabbitmq.sh", StringComparison.Ordinal))
            {
                rabbitMq += Subtree(pid);
            }
        }

        return new Sample(driver, TimeSpan.FromSeconds(postgres), TimeSpan.FromSeconds(rabbitMq));

        double Subtree(int root) =>
            processes[root].Seconds + processes.Where(p => p.Value.Parent == root).Sum(p => Subtree(p.Key));
    }

    /// <summary>The 1-minute load average of the machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
