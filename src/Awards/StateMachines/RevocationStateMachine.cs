using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.StateMachines;

/// <summary>
/// 动态管理: a violation confirmed while a unit holds a star opens a pending revocation; the city
/// government confirms it (the award is revoked, its funding marked for recovery, <see cref="StarRevoked"/>
/// published) or rejects it (the award stays). A violation for a unit without an active award leaves
/// nothing behind. If the award ended another way before the decision (superseded, expired, revoked
/// by another case), a confirmation lapses. A re-review that reverses the violation withdraws a pending
/// revocation (no decision is needed any more) and is recorded on a decided one; a revoked star is not
/// restored by it (that is the city's decision). A violation whose reversal is already recorded opens nothing.
/// Every transition runs in the consume's transaction (the award's row is changed in it too), and what
/// it publishes leaves through the outbox.
/// </summary>
public sealed class RevocationStateMachine : MassTransitStateMachine<RevocationState>
{
    public RevocationStateMachine()
    {
        InstanceState(s => s.CurrentState);
        Event(() => Violation, e => e.CorrelateById(m => m.Message.ComplaintId));
        Event(() => Decided, e =>
        {
            e.CorrelateById(m => m.Message.RevocationId);
            // The API only sends a decision for a revocation it found: a missing one is a fault, not a silent drop.
            e.OnMissingInstance(m => m.Fault());
        });
        Event(() => Withdrawal, e =>
        {
            e.CorrelateById(m => m.Message.RevocationId);
            // Sent only for a revocation the reversal's consumer found.
            e.OnMissingInstance(m => m.Fault());
        });

        Initially(When(Violation)
            .ThenAsync(OpenAsync)
            .IfElse(c => c.Saga.AwardId != Guid.Empty,
                held => held.TransitionTo(Pending),
                none => none.Finalize()));

        During(Pending,
            When(Decided, c => !c.Message.Confirmed)
                .Then(c => Record(c.Saga, c.Message))
                .TransitionTo(Rejected),
            When(Decided, c => c.Message.Confirmed)
                .Then(c => Record(c.Saga, c.Message))
                .IfElseAsync(AwardIsActiveAsync,
                    active => active.ThenAsync(RevokeAsync).TransitionTo(Confirmed),
                    ended => ended.TransitionTo(Lapsed)));

        During(Pending,
            When(Withdrawal)
                .Then(c => RecordReversal(c.Saga, c.Message))
                .TransitionTo(Withdrawn));
        During(Confirmed, Rejected, Lapsed,
            When(Withdrawal)
                .Then(c => RecordReversal(c.Saga, c.Message)));

        During(Pending, Confirmed, Rejected, Lapsed, Ignore(Violation));
        During(Confirmed, Rejected, Lapsed, Ignore(Decided));
        During(Withdrawn, Ignore(Violation), Ignore(Decided), Ignore(Withdrawal));

        SetCompletedWhenFinalized();
    }

    public State Pending { get; private set; } = null!;
    public State Confirmed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State Lapsed { get; private set; } = null!;
    public State Withdrawn { get; private set; } = null!;

    public Event<ViolationConfirmed> Violation { get; private set; } = null!;
    public Event<DecideRevocation> Decided { get; private set; } = null!;
    public Event<WithdrawRevocation> Withdrawal { get; private set; } = null!;

    /// <summary>The API's status word for a saga state.</summary>
    public static string StatusOf(string currentState) => currentState switch
    {
        nameof(Pending) => "pending",
        nameof(Confirmed) => "confirmed",
        nameof(Rejected) => "rejected",
        nameof(Lapsed) => "lapsed",
        nameof(Withdrawn) => "withdrawn",
        _ => currentState.ToLowerInvariant(),
    };

    /// <summary>The saga state for an API status word, or null when it is none.</summary>
    public static string? StateOf(string status) => status switch
    {
        "pending" => nameof(Pending),
        "confirmed" => nameof(Confirmed),
        "rejected" => nameof(Rejected),
        "lapsed" => nameof(Lapsed),
        "withdrawn" => nameof(Withdrawn),
        _ => null,
    };

    public static readonly IReadOnlyList<string> Statuses = ["pending", "confirmed", "rejected", "lapsed", "withdrawn"];

    private static async Task OpenAsync(BehaviorContext<RevocationState, ViolationConfirmed> context)
    {
        var db = context.GetPayload<IServiceProvider>().GetRequiredService<AwardsDbContext>();
        var violation = context.Message;
        // One at a time with the case's reversal (FindingReversedConsumer): either the reversal is
        // recorded first and no revocation opens, or the revocation is, and the reversal withdraws it.
        await db.Database.LockForTransactionAsync(violation.ComplaintId, context.CancellationToken);
        if (await db.FindingReversals.AnyAsync(r => r.ComplaintId == violation.ComplaintId && r.ViolationReversed, context.CancellationToken))
        {
            return;
        }

        var award = await db.Awards
            .Where(a => a.UnitId == violation.TargetUnitId && a.Status == AwardStatus.Active)
            .Select(a => new { a.Id })
            .SingleOrDefaultAsync(context.CancellationToken);
        if (award is null)
        {
            return;
        }

        var saga = context.Saga;
        saga.AwardId = award.Id;
        saga.UnitId = violation.TargetUnitId;
        saga.CaseNumber = violation.CaseNumber;
        saga.Category = violation.Category;
        saga.ViolationConfirmedAt = violation.ConfirmedAt;
        saga.OpenedAt = context.GetPayload<IServiceProvider>().GetRequiredService<TimeProvider>().GetUtcNow();
    }

    private static void RecordReversal(RevocationState saga, WithdrawRevocation withdrawal)
    {
        saga.ViolationReversedAt = withdrawal.ReversedAt;
        saga.ReversalSummary = withdrawal.Summary;
    }

    private static void Record(RevocationState saga, DecideRevocation decision)
    {
        saga.DecidedAt = decision.DecidedAt;
        saga.DecidedBy = decision.DecidedBy;
        saga.Comment = decision.Comment;
    }

    /// <summary>Locks the award's row for the transaction and tells whether it still holds its star.</summary>
    private static async Task<bool> AwardIsActiveAsync(BehaviorContext<RevocationState, DecideRevocation> context)
    {
        var db = context.GetPayload<IServiceProvider>().GetRequiredService<AwardsDbContext>();
        var award = await db.Awards.FromSql($"select * from awards where id = {context.Saga.AwardId} for update")
            .SingleAsync(context.CancellationToken);
        return award.Status == AwardStatus.Active;
    }

    private static async Task RevokeAsync(BehaviorContext<RevocationState, DecideRevocation> context)
    {
        var db = context.GetPayload<IServiceProvider>().GetRequiredService<AwardsDbContext>();
        var saga = context.Saga;
        var decision = context.Message;
        var award = await db.Awards.SingleAsync(a => a.Id == saga.AwardId, context.CancellationToken);
        award.Status = AwardStatus.Revoked;
        award.EndedAt = decision.DecidedAt;
        award.RevokedAt = decision.DecidedAt;
        award.RevokedBy = decision.DecidedBy;
        award.RevocationReason = AwardRules.RevocationReason(saga.CaseNumber, saga.Category, decision.Comment);
        award.RevocationCaseNumber = saga.CaseNumber;
        award.RevocationComplaintId = saga.CorrelationId;
        award.FundingStatus = FundingStatus.ToRecover;
        await context.Publish(new StarRevoked(award.Id, award.UnitId, award.CycleYear, award.Stars, award.PlaqueNumber,
            saga.CorrelationId, saga.CaseNumber, award.RevocationReason, award.FundingAmount, decision.DecidedAt, decision.DecidedBy));
    }
}
