using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>What the health publisher logs: a start is not a fault, a change after it is, each change once.</summary>
public sealed class HealthChangesTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static HealthReport Report(HealthStatus database) => new(
        new Dictionary<string, HealthReportEntry>
        {
            ["database"] = new(database, database == HealthStatus.Healthy ? null : "no answer", TimeSpan.Zero, null, null),
        },
        TimeSpan.Zero);

    private static (HealthChanges Publisher, CollectedLogs Logs, Clock Clock) Start()
    {
        var logs = new CollectedLogs();
        var clock = new Clock();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        return (new HealthChanges(factory.CreateLogger<HealthChanges>(), clock), logs, clock);
    }

    private static List<(LogLevel, string)> Said(CollectedLogs logs) => logs.Records.Select(r => (r.Level, r.Message)).ToList();

    [Fact]
    public async Task Not_ready_while_starting_is_information_and_a_later_change_is_a_warning_once()
    {
        var (publisher, logs, clock) = Start();
        await publisher.PublishAsync(Report(HealthStatus.Unhealthy), default);
        await publisher.PublishAsync(Report(HealthStatus.Unhealthy), default);
        await publisher.PublishAsync(Report(HealthStatus.Healthy), default);
        Assert.All(Said(logs), s => Assert.Equal(LogLevel.Information, s.Item1));
        Assert.Equal(2, logs.Count);

        clock.Now += TimeSpan.FromMinutes(10);
        await publisher.PublishAsync(Report(HealthStatus.Degraded), default);
        await publisher.PublishAsync(Report(HealthStatus.Degraded), default);
        await publisher.PublishAsync(Report(HealthStatus.Healthy), default);
        var after = Said(logs).Skip(2).ToList();
        Assert.Equal([LogLevel.Warning, LogLevel.Information], after.Select(s => s.Item1));
        Assert.Contains("database is Degraded (was Healthy): no answer", after[0].Item2, StringComparison.Ordinal);
        Assert.Empty(logs.Errors());
    }

    [Fact]
    public async Task A_check_never_healthy_past_the_start_grace_is_a_warning_once()
    {
        var (publisher, logs, clock) = Start();
        await publisher.PublishAsync(Report(HealthStatus.Unhealthy), default);
        clock.Now += HealthChanges.StartGrace + TimeSpan.FromSeconds(1);
        await publisher.PublishAsync(Report(HealthStatus.Unhealthy), default);
        await publisher.PublishAsync(Report(HealthStatus.Unhealthy), default);
        Assert.Equal([LogLevel.Information, LogLevel.Warning], Said(logs).Select(s => s.Item1));
        Assert.Contains("still Unhealthy", Said(logs)[1].Item2, StringComparison.Ordinal);
    }
}
