using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Awards.Consumers;

/// <summary>
/// A re-review on appeal withdrew a finding (<see cref="ComplaintFindingReversed"/>). Kept as a
/// <see cref="FindingReversal"/>; a substantiated complaint it reverses is marked reversed on its
/// award, and each revocation opened by the violation it reverses takes the reversal step under its
/// row lock (<see cref="Revocation.ViolationReversed"/>: a pending one is withdrawn, a decided one
/// records it). A finding that arrives after its reversal finds it and is recorded as reversed /
/// opens nothing. Finding and reversal of one case are handled one at a time (a transaction-scoped
/// advisory lock), so neither misses the other. Once per case.
/// </summary>
public sealed class FindingReversedConsumer(AwardsDbContext db, LockedSteps steps) : IConsumer<ComplaintFindingReversed>
{
    public async Task Consume(ConsumeContext<ComplaintFindingReversed> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await db.Database.LockForTransactionAsync(m.ComplaintId, ct);
        if (await db.FindingReversals.AnyAsync(r => r.ComplaintId == m.ComplaintId, ct))
        {
            return;
        }

        var summary = FindingReversal.Truncate(m.Summary);
        db.FindingReversals.Add(new FindingReversal
        {
            ComplaintId = m.ComplaintId, CaseNumber = m.CaseNumber, UnitId = m.TargetUnitId,
            SubstantiationReversed = m.SubstantiationReversed, ViolationReversed = m.ViolationReversed, ReversedOffence = m.ReversedOffence,
            ReversedAt = m.ReversedAt, Summary = summary,
        });

        if (m.SubstantiationReversed && await db.SubstantiatedComplaints.FindAsync([m.ComplaintId], ct) is { } substantiated)
        {
            substantiated.ReversedAt = m.ReversedAt;
            substantiated.ReversalSummary = summary;
        }

        if (!m.ViolationReversed)
        {
            return;
        }

        var revocations = await db.Revocations.Where(r => r.ComplaintId == m.ComplaintId && (m.ReversedOffence == null || r.Offence == null || r.Offence == m.ReversedOffence))
            .Select(r => r.Id).ToListAsync(ct);
        foreach (var id in revocations)
        {
            await steps.ApplyAsync<Revocation>(id, "revocation",
                (revocation, _) => ValueTask.FromResult(revocation.ViolationReversed(m.ReversedAt, summary)), context, ct);
        }
    }
}
