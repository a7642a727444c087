using MassTransit;
using Microsoft.Extensions.Options;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Complaints.StateMachines;

/// <summary>
/// The case saga: received → assigned → investigating → substantiated | dismissed → closed (with
/// the caller's feedback), and once, within the appeal period, closed → received for a re-review
/// with a new deadline. The instance is the case row itself (<see cref="Complaint"/>), kept by the
/// service's durable saga repository (row lock + <c>xmin</c>); every event it publishes is an outbox
/// row of the same transaction. An event the current state does not take is refused (409), a case
/// the actor may not act on is 404, an appeal after its period 422 — all before anything is written.
/// </summary>
public sealed class ComplaintStateMachine : MassTransitStateMachine<Complaint>
{
    public State Received { get; private set; } = null!;
    public State Assigned { get; private set; } = null!;
    public State Investigating { get; private set; } = null!;
    public State Substantiated { get; private set; } = null!;
    public State Dismissed { get; private set; } = null!;
    public State Closed { get; private set; } = null!;

    public Event<AssignComplaint> Assignment { get; private set; } = null!;
    public Event<StartInvestigation> Investigation { get; private set; } = null!;
    public Event<RecordFinding> Finding { get; private set; } = null!;
    public Event<CloseComplaint> Closure { get; private set; } = null!;
    public Event<AppealComplaint> Appeal { get; private set; } = null!;

    public ComplaintStateMachine(IOptions<ComplaintDeadlines> deadlines)
    {
        var calendar = WorkingDayCalendar.China;
        InstanceState(c => c.CurrentState);

        Event(() => Assignment, e => Correlate(e, m => m.ComplaintId));
        Event(() => Investigation, e => Correlate(e, m => m.ComplaintId));
        Event(() => Finding, e => Correlate(e, m => m.ComplaintId));
        Event(() => Closure, e => Correlate(e, m => m.ComplaintId));
        Event(() => Appeal, e => Correlate(e, m => m.ComplaintId));

        // Re-assigning an assigned case hands it to another investigator before work starts.
        During(Received, Assigned,
            When(Assignment)
                .Then(c => RequireIntake(c.Saga, c.Message.ActorId, c.Message.ActsForEveryCase))
                .Then(c =>
                {
                    c.Saga.InvestigatorId = c.Message.InvestigatorId;
                    c.Saga.AssignedAt = c.Message.At;
                })
                .Publish(c => new ComplaintAssigned(c.Saga.Id, c.Saga.CaseNumber, c.Saga.TargetUnitId, c.Message.InvestigatorId, c.Message.At))
                .TransitionTo(Assigned));

        During(Assigned,
            When(Investigation)
                .Then(c => RequireAssigned(c.Saga, c.Message.ActorId))
                .Then(c => c.Saga.InvestigationStartedAt = c.Message.At)
                .TransitionTo(Investigating));

        During(Investigating,
            When(Finding)
                .Then(c => RequireAssigned(c.Saga, c.Message.ActorId))
                .Then(c =>
                {
                    c.Saga.FindingSummary = c.Message.Summary;
                    c.Saga.Substantiated = c.Message.Substantiated;
                    c.Saga.Violation = c.Message.Violation;
                    c.Saga.ConcludedAt = c.Message.At;
                })
                .ThenAsync(async c =>
                {
                    foreach (var announcement in FindingAnnouncements.Of(c.Saga, c.Message.At))
                    {
                        await c.Publish(announcement, announcement.GetType());
                    }
                })
                .IfElse(c => c.Message.Substantiated,
                    substantiated => substantiated.TransitionTo(Substantiated),
                    dismissed => dismissed.TransitionTo(Dismissed)));

        During(Substantiated, Dismissed,
            When(Closure)
                .Then(c => RequireIntake(c.Saga, c.Message.ActorId, c.Message.ActsForEveryCase))
                // Published before the transition: the outcome is the state the case closes from.
                .Publish(c => new ComplaintClosed(c.Saga.Id, c.Saga.CaseNumber, c.Saga.TargetUnitId, c.Saga.Status, c.Message.At))
                .Then(c =>
                {
                    c.Saga.Feedback = c.Message.Feedback;
                    c.Saga.ClosedAt = c.Message.At;
                })
                .TransitionTo(Closed));

        During(Closed,
            When(Appeal)
                .Then(c => RequireIntake(c.Saga, c.Message.ActorId, c.Message.ActsForEveryCase))
                .Then(c =>
                {
                    var complaint = c.Saga;
                    if (complaint.AppealedAt is not null)
                    {
                        throw new CaseStepRefused(StatusCodes.Status409Conflict, "The case was already appealed.",
                            $"A case is re-reviewed once; this one was appealed on {complaint.AppealedAt:yyyy-MM-dd} and closed again.");
                    }

                    var periodEnd = calendar.DueAt(complaint.ClosedAt!.Value, deadlines.Value.AppealWorkingDays);
                    if (c.Message.At >= periodEnd)
                    {
                        throw new CaseStepRefused(StatusCodes.Status422UnprocessableEntity, "The appeal period is over.",
                            $"An appeal is taken within {deadlines.Value.AppealWorkingDays} working days of the closure; this case's period ended at {periodEnd:O}.");
                    }

                    Reopen(complaint, c.Message, calendar, deadlines.Value);
                })
                .Publish(c => new ComplaintAppealed(c.Saga.Id, c.Saga.CaseNumber, c.Saga.TargetUnitId, c.Message.At, c.Saga.DueAt))
                .TransitionTo(Received));

        OnUnhandledEvent(c =>
        {
            var step = c.Event.Name.ToLowerInvariant();
            var allowedFrom = States.Where(s => s != Initial && s != Final && NextEvents(s).Contains(c.Event))
                .Select(s => s.Name.ToLowerInvariant());
            throw new CaseStepRefused(StatusCodes.Status409Conflict, "The case is not in a state for this step.",
                ComplaintLifecycle.Refusal(step, c.Saga.Status, allowedFrom));
        });
    }

    /// <summary>Every step names its case; a case that is not there is 404.</summary>
    private static void Correlate<T>(IEventCorrelationConfigurator<Complaint, T> e, Func<T, Guid> id) where T : class
    {
        e.CorrelateById(m => id(m.Message));
        e.OnMissingInstance(m => m.Execute(_ => throw CaseStepRefused.NotFound()));
    }

    /// <summary>Discipline handles every case; an operator the cases it logged.</summary>
    private static void RequireIntake(Complaint complaint, Guid actor, bool actsForEveryCase)
    {
        if (!actsForEveryCase && complaint.FiledBy != actor)
        {
            throw CaseStepRefused.NotFound();
        }
    }

    /// <summary>Only the investigator the case is assigned to works on it.</summary>
    private static void RequireAssigned(Complaint complaint, Guid actor)
    {
        if (complaint.InvestigatorId != actor)
        {
            throw CaseStepRefused.NotFound();
        }
    }

    /// <summary>
    /// The re-review: the prior finding and feedback are kept aside, the case waits for a new
    /// assignment (possibly to another investigator) with new deadlines counted from the appeal.
    /// </summary>
    private static void Reopen(Complaint complaint, AppealComplaint appeal, WorkingDayCalendar calendar, ComplaintDeadlines deadlines)
    {
        complaint.AppealedAt = appeal.At;
        complaint.AppealReason = appeal.Reason;
        complaint.PriorSubstantiated = complaint.Substantiated;
        complaint.PriorViolation = complaint.Violation;
        complaint.PriorFindingSummary = complaint.FindingSummary;
        complaint.PriorFeedback = complaint.Feedback;
        complaint.PriorClosedAt = complaint.ClosedAt;
        complaint.Substantiated = null;
        complaint.Violation = false;
        complaint.FindingSummary = null;
        complaint.ConcludedAt = null;
        complaint.Feedback = null;
        complaint.ClosedAt = null;
        complaint.InvestigatorId = null;
        complaint.AssignedAt = null;
        complaint.InvestigationStartedAt = null;
        complaint.AcknowledgeDueAt = calendar.DueAt(appeal.At, deadlines.AcknowledgeWorkingDays);
        complaint.DueAt = calendar.DueAt(appeal.At, deadlines.ConcludeWorkingDays);
        complaint.AcknowledgeOverdueAt = null;
        complaint.ConcludeOverdueAt = null;
    }
}
