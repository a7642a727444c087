using System.Net.Http.Json;
using Npgsql;
using StarPlatform.Contracts;
using StarPlatform.Ratings.Data;
using StarPlatform.Ratings.Model;
using StarPlatform.Testing;

namespace StarPlatform.Ratings.Tests;

/// <summary>
/// Scoring's copy of the figures (decision 0019): writes only move the monthly counts, and the month announcer
/// announces each unit-month that moved once per turn, with its counts as they then stand — however many writes moved
/// it in between, whichever copy of the service runs the turn, and nothing lost when a turn dies before its commit.
/// </summary>
[Collection(RatingsCollection.Name)]
public sealed class MonthFiguresTests(RatingsFixture fixture)
{
    private static readonly DateOnly ThisMonth = Rates.MonthOf(DateTimeOffset.UtcNow.AddHours(-2));

    [Fact]
    public async Task Many_writes_to_a_unit_month_between_two_turns_are_announced_once_with_the_final_counts()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        var device = fixture.Device(center);
        var outbox = await fixture.OutboxSequenceAsync();

        // A batch of 200 (190 rated), then eleven batches of one record, then three ratings on other channels.
        await (await DeviceBatchTests.UploadAsync(device, Enumerable.Range(1, 200)
            .Select(i => DeviceBatchTests.Record($"m{i}", $"M-{i}", i <= 190 ? (i % 50 == 0 ? "fairly-satisfied" : "satisfied") : null, window)).ToArray())).OkAsync();
        for (var i = 201; i <= 211; i++)
        {
            await (await DeviceBatchTests.UploadAsync(device, DeviceBatchTests.Record($"m{i}", $"M-{i}", "very-satisfied", window))).OkAsync();
        }

        foreach (var (transaction, channel) in new[] { ("M-191", "online"), ("M-192", "mobile"), ("M-1", "online") })
        {
            await (await fixture.Anonymous().PostAsJsonAsync("/api/ratings",
                new { unitId = window, transactionId = transaction, channel, level = "very-satisfied" })).CreatedAsync();
        }

        // Fifteen writes, no outbox row among them.
        Assert.Equal(outbox, await fixture.OutboxSequenceAsync());

        var announced = (await fixture.AnnounceAsync()).Where(a => a.UnitId == window).ToList();

        var figures = Assert.Single(announced);
        Assert.Equal(ThisMonth, figures.Month);
        Assert.Equal((211L, 203L, 14L, 187L, 3L, 0L, 0L),
            (figures.Served, figures.Rated, figures.VerySatisfied, figures.Satisfied, figures.FairlySatisfied, figures.Dissatisfied, figures.VeryDissatisfied));
        Assert.Equal(figures.Tally, await fixture.ScalarAsync($"select {MonthlyRate.TallySql} from monthly_rates where unit_id = $1", window));
        Assert.Equal(figures.Tally, await fixture.ScalarAsync("select announced_tally from monthly_rates where unit_id = $1", window));
        // Announced: the next turn has nothing of it; the one event reaches the bus with the final counts.
        Assert.DoesNotContain(await fixture.AnnounceAsync(), a => a.UnitId == window);
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.MonthFigures.Any(f => f.UnitId == window)), RatingsFixture.Delivery,
            "the unit-month's announcement is delivered");
        Assert.Equal(figures with { ChangedAt = default }, fixture.MonthFigures.Single(f => f.UnitId == window) with { ChangedAt = default });
    }

    [Fact]
    public async Task A_unit_month_claimed_by_one_announcer_is_skipped_by_another_and_announced_after_a_claim_that_died()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        await (await DeviceBatchTests.UploadAsync(fixture.Device(center), DeviceBatchTests.Record("c1", "C-1", "satisfied", window))).OkAsync();

        // One copy's turn has claimed every moved unit-month and not yet committed: the other copy's turn skips them.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var turn = await connection.BeginTransactionAsync();
            await using (var claim = new NpgsqlCommand(MonthAnnouncer.ClaimSql, connection, turn))
            {
                claim.Parameters.Add(new NpgsqlParameter { Value = 100_000 });
                await using var claimed = await claim.ExecuteReaderAsync();
                var units = new List<Guid>();
                while (await claimed.ReadAsync())
                {
                    units.Add(claimed.GetGuid(0));
                }

                Assert.Contains(window, units);
            }

            Assert.DoesNotContain(await fixture.AnnounceAsync(), a => a.UnitId == window);

            // The first copy dies before its commit (its outbox rows and its marks go together).
            await turn.RollbackAsync();
        }

        // Nothing lost: the next turn announces the month, once.
        var figures = Assert.Single(await fixture.AnnounceAsync(), a => a.UnitId == window);
        Assert.Equal((1L, 1L, 1L), (figures.Served, figures.Rated, figures.Satisfied));
        Assert.DoesNotContain(await fixture.AnnounceAsync(), a => a.UnitId == window);
    }

    [Fact]
    public async Task Two_announcers_running_while_writes_arrive_never_announce_the_same_change_twice()
    {
        var center = await fixture.UnitAsync();
        var windows = new[] { await fixture.UnitAsync(center), await fixture.UnitAsync(center), await fixture.UnitAsync(center) };
        var device = fixture.Device(center);
        var writing = true;

        async Task<List<UnitMonthRatingsChanged>> AnnouncerAsync()
        {
            var announced = new List<UnitMonthRatingsChanged>();
            do
            {
                announced.AddRange((await fixture.AnnounceAsync(batchSize: 2)).Where(a => windows.Contains(a.UnitId)));
            }
            while (Volatile.Read(ref writing));

            return announced;
        }

        async Task WriteAsync()
        {
            for (var batch = 0; batch < 40; batch++)
            {
                await (await DeviceBatchTests.UploadAsync(device, Enumerable.Range(0, 3)
                    .Select(i => DeviceBatchTests.Record($"w{batch}-{i}", $"W-{batch}-{i}", "satisfied", windows[(batch + i) % 3])).ToArray())).OkAsync();
            }

            Volatile.Write(ref writing, false);
        }

        var announcers = new[] { Task.Run(AnnouncerAsync), Task.Run(AnnouncerAsync) };
        await Task.WhenAll(Task.Run(WriteAsync), Task.WhenAll(announcers));
        var last = (await fixture.AnnounceAsync()).Where(a => windows.Contains(a.UnitId)).ToList();
        var all = announcers.SelectMany(a => a.Result).Concat(last).ToList();

        // A change is a tally: each (unit, month, tally) announced at most once, and the largest is the month's counts.
        Assert.All(all.GroupBy(a => (a.UnitId, a.Month, a.Tally)), g => Assert.Single(g));
        foreach (var window in windows)
        {
            var newest = all.Where(a => a.UnitId == window).MaxBy(a => a.Tally)!;
            Assert.Equal((40L, 40L, 40L), (newest.Served, newest.Rated, newest.Satisfied));
        }

        Assert.Equal(0, await fixture.ScalarAsync($"select count(*) from monthly_rates where unit_id = any($1) and {MonthlyRate.Unannounced}", windows));
    }
}
