using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Data;

/// <summary>
/// Announces each unit's month whose counts moved since it was last announced: one <see cref="UnitMonthRatingsChanged"/>
/// per (unit, month) with the counts as they stand, however many writes moved them in between (decision 0019). Writes
/// only move <c>monthly_rates</c>; this periodic job (one turn per period across the service's copies, under its lease)
/// claims the moved rows with <c>FOR UPDATE SKIP LOCKED</c>, marks them announced (<see cref="MonthlyRate.AnnouncedTally"/>)
/// and commits the mark with the outbox rows in one transaction: a change is announced once, by one copy, and a copy that
/// dies before its commit leaves the rows unannounced for the next turn. A row a write holds locked at that instant is
/// left to the next turn.
/// </summary>
public sealed class MonthAnnouncer(
    IServiceScopeFactory scopes, IOptionsMonitor<SweepOptions> options, TimeProvider clock, ILogger<MonthAnnouncer> log)
    : OutboxSweeper<RatingsDbContext>(scopes, options, clock, log)
{
    public const string Section = "Ratings:Announce";

    /// <summary>A turn announces batch after batch while they come full, at most this many (others wait for the next turn).</summary>
    public const int MaxBatchesPerTurn = 50;

    /// <summary>The defaults: a period of one second keeps Scoring's figures near-current; a batch is one transaction.</summary>
    public static void Defaults(SweepOptions o)
    {
        o.SweepSeconds = 1;
        o.BatchSize = 500;
    }

    protected override string Work => "unit months announced";

    protected override async Task<int> SweepOnceAsync(RatingsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct)
    {
        var announced = 0;
        for (var batch = 0; batch < MaxBatchesPerTurn; batch++)
        {
            var months = await AnnounceAsync(db, outbox, now, batchSize, ct);
            announced += months.Count;
            if (months.Count < batchSize)
            {
                break;
            }

            db.ChangeTracker.Clear();
        }

        return announced;
    }

    /// <summary>
    /// The moved rows, at most {0} of them, claimed (rows locked by a write or by another announcer are skipped) and
    /// marked announced at their tally, in one statement; the counts come back to be published.
    /// </summary>
    public const string ClaimSql = $"""
        with claimed as (
          select unit_id, month from monthly_rates
          where {MonthlyRate.Unannounced}
          limit $1
          for update skip locked)
        update monthly_rates m set announced_tally = {MonthlyRate.TallySql}
        from claimed where m.unit_id = claimed.unit_id and m.month = claimed.month
        returning m.unit_id, m.month, m.served, m.rated, m.very_satisfied, m.satisfied, m.fairly_satisfied, m.dissatisfied, m.very_dissatisfied
        """;

    /// <summary>
    /// One transaction: claims up to <paramref name="batchSize"/> moved unit-months, marks them announced and publishes
    /// their counts through the outbox, committed together; returns what it announced.
    /// </summary>
    public static async Task<IReadOnlyList<UnitMonthRatingsChanged>> AnnounceAsync(RatingsDbContext db, IOutbox outbox, DateTimeOffset now,
        int batchSize, CancellationToken ct)
    {
        var announced = new List<UnitMonthRatingsChanged>();
        await InOneTransactionAsync(db, async () =>
        {
            await using var claim = new NpgsqlCommand(ClaimSql, (NpgsqlConnection)db.Database.GetDbConnection(),
                (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
            claim.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using (var rows = await claim.ExecuteReaderAsync(ct))
            {
                while (await rows.ReadAsync(ct))
                {
                    announced.Add(new UnitMonthRatingsChanged(rows.GetGuid(0), rows.GetFieldValue<DateOnly>(1), rows.GetInt64(2), rows.GetInt64(3),
                        rows.GetInt64(4), rows.GetInt64(5), rows.GetInt64(6), rows.GetInt64(7), rows.GetInt64(8), now));
                }
            }

            foreach (var month in announced)
            {
                outbox.Publish(month);
            }

            return announced.Count;
        }, ct);
        return announced;
    }
}
