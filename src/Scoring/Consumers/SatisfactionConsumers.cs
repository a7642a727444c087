using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>Keeps Scoring's copy of each satisfaction mapping version; a version already held is left as it is.</summary>
public sealed class SatisfactionMappingPublishedConsumer(ScoringDbContext db) : IConsumer<SatisfactionMappingPublished>
{
    public async Task Consume(ConsumeContext<SatisfactionMappingPublished> context)
    {
        var m = context.Message;
        // The catalog announces every version at each start: two announcements of one version take turns here.
        await db.Database.LockForTransactionAsync($"satisfaction-mapping/{m.Code}/{m.Version}", context.CancellationToken);
        if (await db.SatisfactionMappings.FindAsync([m.Code, m.Version], context.CancellationToken) is null)
        {
            db.SatisfactionMappings.Add(SatisfactionMapping.From(m));
        }
    }
}

/// <summary>
/// Keeps Scoring's copy of each unit's monthly 好差评 counts. The counts only grow, so the announcement with
/// the larger tally wins whatever order they arrive in (one statement: no read, no race).
/// </summary>
public sealed class UnitMonthRatingsChangedConsumer(ScoringDbContext db) : IConsumer<UnitMonthRatingsChanged>
{
    public async Task Consume(ConsumeContext<UnitMonthRatingsChanged> context)
    {
        var m = context.Message;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into unit_month_ratings as r (unit_id, month, served, rated, very_satisfied, satisfied, fairly_satisfied, dissatisfied, very_dissatisfied, tally, changed_at)
            values ({m.UnitId}, {m.Month}, {m.Served}, {m.Rated}, {m.VerySatisfied}, {m.Satisfied}, {m.FairlySatisfied}, {m.Dissatisfied}, {m.VeryDissatisfied}, {m.Tally}, {m.ChangedAt})
            on conflict (unit_id, month) do update set
              served = excluded.served, rated = excluded.rated, very_satisfied = excluded.very_satisfied, satisfied = excluded.satisfied,
              fairly_satisfied = excluded.fairly_satisfied, dissatisfied = excluded.dissatisfied, very_dissatisfied = excluded.very_dissatisfied,
              tally = excluded.tally, changed_at = excluded.changed_at
            where excluded.tally > r.tally
            """, context.CancellationToken);
    }
}
