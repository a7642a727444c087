using System.Diagnostics;
using StarPlatform.Testing;
using Xunit.Abstractions;

namespace StarPlatform.Messaging.Tests;

/// <summary>
/// Nothing lost, nothing doubled: at least 2,000 messages through the outbox, relay and inbox
/// of a separate service process while it is killed, while RabbitMQ is away, and while
/// PostgreSQL restarts. Counted from the database.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class FaultTests(MessagingFixture fixture, ITestOutputHelper output)
{
    private const int Burst = 2000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(150);
    private LocalInfrastructure Infrastructure => fixture.Infrastructure;

    [Fact]
    public async Task Killing_the_consuming_process_mid_burst_loses_and_doubles_nothing()
    {
        var db = await Infrastructure.CreateDatabaseAsync("fault_kill");
        var port = LocalInfrastructure.FreePort();
        var host = await FaultHostProcess.StartAsync(Infrastructure, db, port);
        using var driver = new WriteDriver(port);

        var writing = driver.WriteAllAsync(Enumerable.Range(1, Burst), concurrency: 8);
        await Eventually.HoldsAsync(async () => (await DeliveryCounts.ReadAsync(db)).Effects >= Burst / 4, Settle, "a quarter consumed");
        var atKill = await DeliveryCounts.ReadAsync(db);
        host.KillHard();
        await Task.Delay(1000);
        await using (host = await FaultHostProcess.StartAsync(Infrastructure, db, port))
        {
            await writing;
            var counts = await SettledAsync(db);
            Report("kill -9 mid-burst", counts, $"killed with {atKill.Effects} of {atKill.Writes} written consumed; {driver.Refused} writes refused while down");
            Assert.True(atKill.Effects < Burst, "the kill came before the burst was consumed");
            AssertNothingLostOrDoubled(counts);
        }
    }

    [Fact]
    public async Task Writes_keep_being_accepted_while_RabbitMQ_is_down_for_30_seconds_and_all_arrive_once()
    {
        var db = await Infrastructure.CreateDatabaseAsync("fault_broker");
        var port = LocalInfrastructure.FreePort();
        await using var host = await FaultHostProcess.StartAsync(Infrastructure, db, port);
        using var driver = new WriteDriver(port);

        await driver.WriteAllAsync(Enumerable.Range(1, 200), concurrency: 4);
        await Infrastructure.StopRabbitMqAsync();
        var down = Stopwatch.StartNew();
        var sequence = 200;
        var acceptedWhileDown = 0;
        while (down.Elapsed < TimeSpan.FromSeconds(30))
        {
            var batch = Enumerable.Range(sequence + 1, 10).ToArray();
            sequence += batch.Length;
            var accepted = await Task.WhenAll(batch.Select(driver.TryWriteAsync));
            Assert.All(accepted, Assert.True);
            acceptedWhileDown += accepted.Length;
            await Task.Delay(100);
        }

        var pendingWhileDown = await DeliveryCounts.ReadAsync(db);
        await Infrastructure.StartRabbitMqAsync();
        if (sequence < Burst)
        {
            await driver.WriteAllAsync(Enumerable.Range(sequence + 1, Burst - sequence), concurrency: 8);
        }

        var counts = await SettledAsync(db);
        Report("RabbitMQ down 30 s", counts,
            $"{acceptedWhileDown} writes accepted while the broker was down ({pendingWhileDown.Lost} waiting in the outbox when it came back)");
        Assert.True(acceptedWhileDown > 0 && pendingWhileDown.Lost > 0, "writes were accepted and held while the broker was down");
        Assert.True(counts.Writes >= Burst);
        AssertNothingLostOrDoubled(counts);
    }

    [Fact]
    public async Task An_immediate_PostgreSQL_restart_mid_burst_loses_and_doubles_nothing()
    {
        var db = await Infrastructure.CreateDatabaseAsync("fault_database");
        var port = LocalInfrastructure.FreePort();
        await using var host = await FaultHostProcess.StartAsync(Infrastructure, db, port);
        using var driver = new WriteDriver(port);

        var writing = driver.WriteAllAsync(Enumerable.Range(1, Burst), concurrency: 8);
        await Eventually.HoldsAsync(async () => (await DeliveryCounts.ReadAsync(db)).Effects >= Burst / 4, Settle, "a quarter consumed");
        var atRestart = await DeliveryCounts.ReadAsync(db);
        await Infrastructure.StopPostgresAsync();
        await Infrastructure.StartPostgresAsync();
        await writing;

        var counts = await SettledAsync(db);
        Report("PostgreSQL restart mid-burst", counts,
            $"restarted with {atRestart.Effects} of {atRestart.Writes} written consumed; {driver.Refused} writes refused during the restart");
        Assert.True(atRestart.Effects < Burst, "the restart came before the burst was consumed");
        AssertNothingLostOrDoubled(counts);
    }

    /// <summary>Waits until every write has its effect, then a little longer for stray redeliveries.</summary>
    private static async Task<DeliveryCounts> SettledAsync(string db)
    {
        await Eventually.HoldsAsync(async () => (await DeliveryCounts.TryReadAsync(db)) is { Writes: >= Burst, Lost: 0 }, Settle,
            "every write has its effect");
        await Task.Delay(TimeSpan.FromSeconds(3));
        return await DeliveryCounts.ReadAsync(db);
    }

    private void Report(string fault, DeliveryCounts counts, string detail)
    {
        var line = $"fault [{fault}]: writes={counts.Writes} effects={counts.Effects} lost={counts.Lost} duplicated={counts.Duplicated}; {detail}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static void AssertNothingLostOrDoubled(DeliveryCounts counts)
    {
        Assert.Equal(0, counts.Lost);
        Assert.Equal(0, counts.Duplicated);
        Assert.Equal(counts.Writes, counts.Effects);
    }
}
