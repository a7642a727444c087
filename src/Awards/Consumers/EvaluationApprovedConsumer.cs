using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Consumers;

/// <summary>
/// An approved result (审定) takes effect here: it supersedes the unit's award of an earlier cycle
/// (a no-star result too) and, with stars, grants a new award with the next plaque number of its
/// cycle year and level and the funding of its cycle's table. A redelivery (same MessageId: the
/// inbox; the same application again under another id: the kept result) changes nothing.
/// </summary>
public sealed class EvaluationApprovedConsumer(AwardsDbContext db, IOptions<AwardOptions> options, AwardsMetrics metrics, AfterCommit afterCommit)
    : IConsumer<EvaluationApproved>
{
    public async Task Consume(ConsumeContext<EvaluationApproved> context)
    {
        var approved = context.Message;
        var ct = context.CancellationToken;
        if (await db.ApprovedResults.AnyAsync(r => r.ApplicationId == approved.ApplicationId, ct))
        {
            return;
        }

        if (approved.Stars != 0 && !AwardRules.IsStarLevel(approved.Stars))
        {
            throw new InvalidOperationException($"EvaluationApproved {approved.ApplicationId} has {approved.Stars} stars; results have 5, 4, 3 or 0.");
        }

        var result = new ApprovedResult
        {
            ApplicationId = approved.ApplicationId, UnitId = approved.UnitId, CycleId = approved.CycleId, CycleYear = approved.CycleYear,
            Stars = approved.Stars, Total = approved.Total, ApprovedAt = approved.ApprovedAt,
        };
        db.ApprovedResults.Add(result);

        // The unit's held award ends when a later cycle's result is approved, whatever its stars.
        var held = await db.Awards.FromSql($"select * from awards where unit_id = {approved.UnitId} and status = {AwardStatus.Active} for update")
            .ToListAsync(ct);
        foreach (var award in held.Where(a => AwardRules.Supersedes(approved.CycleYear, a.CycleYear)))
        {
            award.Status = AwardStatus.Superseded;
            award.EndedAt = approved.ApprovedAt;
            award.SupersededByApplicationId = approved.ApplicationId;
            await context.Publish(new StarSuperseded(award.Id, award.UnitId, award.CycleYear, award.Stars, award.PlaqueNumber,
                approved.ApplicationId, approved.CycleYear, approved.Stars, approved.ApprovedAt));
        }

        if (approved.Stars == 0)
        {
            return;
        }

        var settings = options.Value;
        var number = await NextPlaqueNumberAsync(approved.CycleYear, approved.Stars, ct);
        var granted = new Award
        {
            Id = NewId.NextSequentialGuid(),
            UnitId = approved.UnitId,
            UnitKind = approved.UnitKind,
            CycleId = approved.CycleId,
            CycleYear = approved.CycleYear,
            ApplicationId = approved.ApplicationId,
            Stars = approved.Stars,
            Total = approved.Total,
            PlaqueNumber = AwardRules.PlaqueNumber(settings.PlaquePrefix, approved.CycleYear, approved.Stars, number),
            FundingAmount = settings.Funding.For(approved.CycleYear, approved.Stars),
            FundingStatus = FundingStatus.Granted,
            AwardedAt = approved.ApprovedAt,
            ExpiresAt = AwardRules.ExpiresAt(approved.ApprovedAt, settings.TermYears),
            Status = AwardStatus.Active,
        };

        // An older cycle's approval arriving after a newer result never becomes the held award.
        var newer = await db.ApprovedResults.AnyAsync(r => r.UnitId == approved.UnitId && r.CycleYear > approved.CycleYear, ct);
        if (newer)
        {
            granted.Status = AwardStatus.Superseded;
            granted.EndedAt = approved.ApprovedAt;
        }

        db.Awards.Add(granted);
        result.AwardId = granted.Id;
        afterCommit.Add(() => metrics.Granted(granted.Stars));
        await context.Publish(new StarAwarded(granted.Id, granted.UnitId, granted.UnitKind, granted.CycleId, granted.CycleYear,
            granted.ApplicationId, granted.Stars, granted.PlaqueNumber, granted.FundingAmount, granted.AwardedAt, granted.ExpiresAt));
    }

    /// <summary>
    /// The next number of the cycle year and level, counted in the consume's transaction: the row lock
    /// orders concurrent grants and a rolled-back grant gives its number back, so numbers have no gaps.
    /// </summary>
    private async Task<int> NextPlaqueNumberAsync(int cycleYear, int stars, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""
            insert into plaque_counters (cycle_year, stars, last_number) values ({cycleYear}, {stars}, 1)
            on conflict (cycle_year, stars) do update set last_number = plaque_counters.last_number + 1
            returning last_number as "Value"
            """).ToListAsync(ct)).Single();
}
