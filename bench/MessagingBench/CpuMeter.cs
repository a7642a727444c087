using System.Diagnostics;

namespace StarPlatform.Bench;

/// <summary>
/// CPU time used by this process, by our PostgreSQL and by our RabbitMQ (the process trees the
/// infra scripts started under this process), read from /proc. CPU per transition stays
/// comparable when other work shares the machine, which throughput alone does not.
/// </summary>
internal static class CpuMeter
{
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

        var processes = ProcessTable.Read();
        var self = Environment.ProcessId;
        double postgres = 0, rabbitMq = 0;
        foreach (var (pid, process) in processes)
        {
            if (process.Parent != self || ProcessTable.CommandLine(pid) is not { } command)
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

        // utime, stime, and the CPU of children already reaped (exited backends).
        double Subtree(int root) =>
            processes[root].Seconds + processes[root].ReapedChildrenSeconds
            + processes.Where(p => p.Value.Parent == root).Sum(p => Subtree(p.Key));
    }
}
