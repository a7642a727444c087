using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Awards.StateMachines;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Consumers;

/// <summary>
/// A re-review on appeal withdrew a finding (<see cref="ComplaintFindingReversed"/>). Kept as a
/// <see cref="FindingReversal"/>; a substantiated complaint it reverses is marked reversed on its
/// award, and a revocation opened by a violation it reverses is told to withdraw
/// (<see cref="WithdrawRevocation"/>, through the outbox). A finding that arrives after its reversal
/// finds it and is recorded as reversed / opens nothing. Finding and reversal of one case are handled
/// one at a time (a transaction-scoped advisory lock), so neither misses the other. Once per case.
/// </summary>
public sealed class FindingReversedConsumer(AwardsDbContext db, IOutbox outbox) : IConsumer<ComplaintFindingReversed>
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
            SubstantiationReversed = m.SubstantiationReversed, ViolationReversed = m.ViolationReversed,
            ReversedAt = m.ReversedAt, Summary = summary,
        });

        if (m.SubstantiationReversed && await db.SubstantiatedComplaints.FindAsync([m.ComplaintId], ct) is { } substantiated)
        {
            substantiated.ReversedAt = m.ReversedAt;
            substantiated.ReversalSummary = summary;
        }

        if (m.ViolationReversed && await db.Revocations.AnyAsync(r => r.CorrelationId == m.ComplaintId, ct))
        {
            outbox.Publish(new WithdrawRevocation(m.ComplaintId, m.ReversedAt, summary), context);
        }
    }
}
