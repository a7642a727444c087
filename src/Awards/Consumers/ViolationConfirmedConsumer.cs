using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.Consumers;

/// <summary>
/// 动态管理: a violation confirmed while the unit holds a star opens a pending <see cref="Revocation"/>
/// for the city government to decide, naming the case and its offence. A unit without an active
/// award leaves nothing behind; a violation whose reversal is already recorded opens nothing. One
/// revocation per case and offence however often the event arrives (its id is derived from them);
/// a violation and its case's reversal are handled one at a time (a transaction-scoped advisory lock).
/// </summary>
public sealed class ViolationConfirmedConsumer(AwardsDbContext db, TimeProvider clock) : IConsumer<ViolationConfirmed>
{
    public async Task Consume(ConsumeContext<ViolationConfirmed> context)
    {
        var violation = context.Message;
        var ct = context.CancellationToken;
        await db.Database.LockForTransactionAsync(violation.ComplaintId, ct);
        if (await db.Revocations.AnyAsync(r => r.Id == Revocation.IdFor(violation.ComplaintId, violation.Offence), ct)
            || await db.FindingReversals.AnyAsync(r => r.ComplaintId == violation.ComplaintId && r.ViolationReversed
                && (r.ReversedOffence == null || r.ReversedOffence == violation.Offence), ct))
        {
            return;
        }

        var award = await db.Awards.SingleOrDefaultAsync(a => a.UnitId == violation.TargetUnitId && a.Status == AwardStatus.Active, ct);
        if (award is not null)
        {
            db.Revocations.Add(Revocation.Open(violation, award, clock.GetUtcNow()));
        }
    }
}
