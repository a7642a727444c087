using MassTransit;
using StarPlatform.Contracts;

namespace StarPlatform.Scoring.StateMachines;

/// <summary>
/// The evaluation saga: Applied → UnderReview → Scored → AwaitingApproval → Approved | Rejected, and
/// Vetoed at any point before the decision. The HTTP steps decide and write each transition under
/// the application's row lock (so the API always answers from one consistent status and refuses
/// steps out of turn with 409) and publish its event through the outbox in the same transaction;
/// the saga follows those events durably, keeps the timeline (when each stage was reached) and is
/// where the decision's outward events are seen to have left. Events travel on separate queues and
/// may arrive in any order or twice: the saga only moves forward (by stage rank), takes veto
/// changes only when newer, and ignores everything once decided.
/// </summary>
public sealed class EvaluationStateMachine : MassTransitStateMachine<EvaluationState>
{
    private const int AppliedRank = 0, UnderReviewRank = 1, ScoredRank = 2, AwaitingApprovalRank = 3, DecidedRank = 4;

    public EvaluationStateMachine()
    {
        InstanceState(s => s.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.ApplicationId));
        Event(() => ReviewStarted, e => e.CorrelateById(m => m.Message.ApplicationId));
        Event(() => Scoring, e => e.CorrelateById(m => m.Message.ApplicationId));
        Event(() => Reported, e => e.CorrelateById(m => m.Message.ApplicationId));
        Event(() => VetoesChanged, e => e.CorrelateById(m => m.Message.ApplicationId));
        Event(() => Approval, e => e.CorrelateById(m => m.Message.ApplicationId));
        Event(() => Rejection, e => e.CorrelateById(m => m.Message.ApplicationId));

        Initially(Steps());
        DuringAny(Steps());
    }

    public State Applied { get; private set; } = null!;
    public State UnderReview { get; private set; } = null!;
    public State Scored { get; private set; } = null!;
    public State AwaitingApproval { get; private set; } = null!;
    public State Vetoed { get; private set; } = null!;
    public State Approved { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;

    public Event<ApplicationSubmitted> Submitted { get; private set; } = null!;
    public Event<EvaluationReviewStarted> ReviewStarted { get; private set; } = null!;
    public Event<EvaluationScored> Scoring { get; private set; } = null!;
    public Event<EvaluationReported> Reported { get; private set; } = null!;
    public Event<EvaluationVetoesChanged> VetoesChanged { get; private set; } = null!;
    public Event<EvaluationApproved> Approval { get; private set; } = null!;
    public Event<EvaluationRejected> Rejection { get; private set; } = null!;

    private EventActivities<EvaluationState>[] Steps() =>
    [
        Step(Submitted, AppliedRank, (s, m) =>
        {
            s.UnitId = m.UnitId;
            s.CycleId = m.CycleId;
            s.AppliedAt = m.SubmittedAt;
        }),
        Step(ReviewStarted, UnderReviewRank, (s, m) => s.ReviewStartedAt ??= m.StartedAt),
        Step(Scoring, ScoredRank, (s, m) => s.ScoredAt ??= m.ScoredAt),
        Step(Reported, AwaitingApprovalRank, (s, m) =>
        {
            s.ReportedAt = m.ReportedAt;
            s.Stars = m.Stars;
        }),
        Step(VetoesChanged, AppliedRank, (s, m) =>
        {
            if (s.VetoesChangedAt is null || m.ChangedAt > s.VetoesChangedAt)
            {
                s.VetoesChangedAt = m.ChangedAt;
                s.VetoCount = m.Vetoes.Count;
                s.Vetoed = m.Vetoes.Count > 0;
            }
        }),
        Step(Approval, DecidedRank, (s, m) =>
        {
            s.DecidedAt = m.ApprovedAt;
            s.Stars = m.Stars;
        }, approved: true),
        Step(Rejection, DecidedRank, (s, m) => s.DecidedAt = m.RejectedAt, approved: false),
    ];

    private EventActivityBinder<EvaluationState, T> Step<T>(Event<T> @event, int rank, Action<EvaluationState, T> record, bool? approved = null)
        where T : class =>
        When(@event)
            .If(c => c.Saga.StageRank < DecidedRank, step => step
                .Then(c =>
                {
                    record(c.Saga, c.Message);
                    c.Saga.StageRank = Math.Max(c.Saga.StageRank, rank);
                })
                .ThenAsync(c => c.TransitionToState(approved switch
                {
                    true => Approved,
                    false => Rejected,
                    null => StateOf(c.Saga),
                })));

    private State StateOf(EvaluationState saga) => saga.Vetoed
        ? Vetoed
        : saga.StageRank switch
        {
            >= AwaitingApprovalRank => AwaitingApproval,
            ScoredRank => Scored,
            UnderReviewRank => UnderReview,
            _ => Applied,
        };
}
