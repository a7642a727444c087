using System.Globalization;

namespace StarPlatform.Bench;

/// <summary>
/// The machine's processes as <c>/proc</c> shows them (Linux; empty elsewhere): each one's parent
/// and CPU time, its command line, and the load average. Linked into every bench driver, which
/// each group the processes their own way.
/// </summary>
internal static class ProcessTable
{
    public const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <param name="Seconds">user + system time of the process itself</param>
    /// <param name="ReapedChildrenSeconds">user + system time of its children that have exited and been waited for</param>
    public readonly record struct Entry(int Parent, double Seconds, double ReapedChildrenSeconds);

    /// <summary>Every live process; one that ends while it is read is left out.</summary>
    public static Dictionary<int, Entry> Read()
    {
        var processes = new Dictionary<int, Entry>();
        if (!OperatingSystem.IsLinux())
        {
            return processes;
        }

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
                long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
                processes[pid] = new Entry((int)Field(1), (Field(11) + Field(12)) / TicksPerSecond, (Field(13) + Field(14)) / TicksPerSecond);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        return processes;
    }

    /// <summary>The process's command line (arguments separated by NUL), or null when it has ended.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages of the machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
