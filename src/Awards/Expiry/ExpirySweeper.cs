using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Expiry;

/// <summary>
/// Ends awards whose term ran out (<see cref="Award.ExpiresAt"/>, stored with the award) and publishes
/// <see cref="StarExpired"/> once each. The due time is a column, not a timer: it survives restarts and
/// redeployments with the database, and a two-year wait never depends on a process living that long.
/// </summary>
public sealed class ExpirySweeper(
    IServiceScopeFactory scopes, IOptionsMonitor<SweepOptions> options, TimeProvider clock, ILogger<ExpirySweeper> log)
    : OutboxSweeper<AwardsDbContext>(scopes, options, clock, log)
{
    protected override string Work => "awards expired at the end of their term";

    protected override Task<int> SweepOnceAsync(AwardsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct) =>
        SweepAsync(db, outbox, now, batchSize, ct);

    /// <summary>One sweep: expires up to <paramref name="batchSize"/> active awards past their term as of <paramref name="now"/>.</summary>
    public static Task<int> SweepAsync(AwardsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct) =>
        InOneTransactionAsync(db, async () =>
        {
            var due = await db.Awards.FromSql($"""
                select * from awards
                where status = {AwardStatus.Active} and expires_at <= {now}
                order by expires_at
                limit {batchSize}
                for update skip locked
                """).ToListAsync(ct);
            foreach (var award in due)
            {
                award.Status = AwardStatus.Expired;
                award.EndedAt = award.ExpiresAt;
                outbox.Publish(new StarExpired(award.Id, award.UnitId, award.CycleYear, award.Stars, award.PlaqueNumber, award.ExpiresAt));
            }

            return due.Count;
        }, ct);
}
