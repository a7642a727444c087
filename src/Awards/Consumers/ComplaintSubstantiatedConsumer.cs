using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.Consumers;

/// <summary>
/// Records a substantiated complaint (有效投诉) against its unit, linked to the unit's award whose
/// term it happened in, so the approver and the public see it on the award. It revokes nothing:
/// only a confirmed violation opens a revocation. Once per case, whatever the MessageId. If the
/// case's re-review already reversed it (<see cref="FindingReversedConsumer"/>), it is recorded as reversed.
/// </summary>
public sealed class ComplaintSubstantiatedConsumer(AwardsDbContext db) : IConsumer<ComplaintSubstantiated>
{
    public async Task Consume(ConsumeContext<ComplaintSubstantiated> context)
    {
        var complaint = context.Message;
        var ct = context.CancellationToken;
        await db.Database.LockForTransactionAsync(complaint.ComplaintId, ct);
        if (await db.SubstantiatedComplaints.AnyAsync(c => c.ComplaintId == complaint.ComplaintId, ct))
        {
            return;
        }

        var during = await db.Awards
            .Where(a => a.UnitId == complaint.TargetUnitId && a.AwardedAt <= complaint.OccurredAt
                && (a.EndedAt ?? a.ExpiresAt) > complaint.OccurredAt)
            .OrderByDescending(a => a.AwardedAt)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync(ct);
        var reversal = await db.FindingReversals.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ComplaintId == complaint.ComplaintId && r.SubstantiationReversed, ct);
        db.SubstantiatedComplaints.Add(new SubstantiatedComplaint
        {
            ComplaintId = complaint.ComplaintId,
            CaseNumber = complaint.CaseNumber,
            UnitId = complaint.TargetUnitId,
            Category = complaint.Category,
            OccurredAt = complaint.OccurredAt,
            SubstantiatedAt = complaint.SubstantiatedAt,
            AwardId = during,
            ReversedAt = reversal?.ReversedAt,
            ReversalSummary = reversal?.Summary,
        });
    }
}
