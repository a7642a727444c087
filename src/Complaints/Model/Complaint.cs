using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Complaints.Model;

/// <summary>
/// A complaint case (投诉件): a call to a hotline or an online submission against a center, window
/// or outlet, with its deadlines counted in working days. The case is the aggregate of its
/// lifecycle: the step methods below are the only way its state changes; each asks
/// <see cref="ComplaintLifecycle.Transitions"/> first, refuses without changing anything, or
/// changes the case and raises what it announces (<see cref="LockedSteps"/> runs them under the
/// row lock and writes the change with its events).
/// </summary>
public sealed class Complaint : Aggregate
{
    /// <summary>The refusal's code when the assignee is unknown, inactive or not an investigator.</summary>
    public const string NotAnActiveInvestigator = "not-an-active-investigator";

    public Guid Id { get; set; }

    /// <summary>Human-readable and unique, e.g. <c>TS-2026-000123</c>; numbers may skip (a refused intake uses one up).</summary>
    public required string CaseNumber { get; set; }

    /// <summary>96960, 12388, 96196 or online.</summary>
    public required string Channel { get; set; }

    public Guid TargetUnitId { get; set; }

    /// <summary>center, window or outlet (from the registry copy at intake).</summary>
    public UnitKind TargetKind { get; set; }

    public required string Category { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public bool Anonymous { get; set; }

    /// <summary>The caller's name and phone, encrypted with ASP.NET Core Data Protection; null when anonymous.</summary>
    public string? ProtectedCaller { get; set; }

    /// <summary>
    /// The keyed hash (HMAC) of the caller's normalised phone, so discipline can find a 12388 report by
    /// the reporter's phone (<c>Apis.CallerSearchKey</c>); the phone itself is only in <see cref="ProtectedCaller"/>.
    /// </summary>
    public string? CallerPhoneHash { get; set; }

    /// <summary>
    /// The caller's lookup code (查询码, <see cref="LookupCodes"/>), encrypted like the caller; with the
    /// case number it lets the caller follow the case. Null for cases taken in before codes existed.
    /// </summary>
    public string? ProtectedLookupCode { get; set; }

    /// <summary>References to attachments held elsewhere (document store ids or URLs).</summary>
    public List<string> Attachments { get; set; } = [];

    /// <summary>The operator or discipline officer who took the call; null for an anonymous online submission.</summary>
    public Guid? FiledBy { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset AcknowledgeDueAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>The state's word (<c>received</c> …), as the API and the database show it.</summary>
    public string Status { get; set; } = ComplaintLifecycle.Received;

    public CaseState State => ComplaintLifecycle.StateOf(Status);

    public Guid? InvestigatorId { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? InvestigationStartedAt { get; set; }

    /// <summary>The finding's summary (有效投诉 or not, and why).</summary>
    public string? FindingSummary { get; set; }

    /// <summary>The finding: 有效投诉 (a substantiated complaint, window item 7) or not; null until there is one. Kept after closure.</summary>
    public bool? Substantiated { get; set; }

    /// <summary>The finding confirmed a violation of law or discipline.</summary>
    public bool Violation { get; set; }

    /// <summary>The offence a confirmed violation names (null without a violation): it decides which veto item fails.</summary>
    public Offence? Offence { get; set; }

    public DateTimeOffset? ConcludedAt { get; set; }

    /// <summary>What the caller was told at closure.</summary>
    public string? Feedback { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When the case was reopened on appeal (at most once); null when it never was.</summary>
    public DateTimeOffset? AppealedAt { get; set; }

    /// <summary>Why the caller appealed, as the operator or discipline officer recorded it.</summary>
    public string? AppealReason { get; set; }

    /// <summary>The finding before the re-review (substantiated or not); null until an appeal.</summary>
    public bool? PriorSubstantiated { get; set; }

    /// <summary>Whether the finding before the re-review confirmed a violation.</summary>
    public bool PriorViolation { get; set; }

    public Offence? PriorOffence { get; set; }

    public string? PriorFindingSummary { get; set; }

    /// <summary>What the caller was told at the first closure.</summary>
    public string? PriorFeedback { get; set; }

    public DateTimeOffset? PriorClosedAt { get; set; }

    /// <summary>When the sweeper found the case still unassigned after its acknowledgement deadline.</summary>
    public DateTimeOffset? AcknowledgeOverdueAt { get; set; }

    /// <summary>When the sweeper found the case without a finding after its conclusion deadline.</summary>
    public DateTimeOffset? ConcludeOverdueAt { get; set; }

    /// <summary>
    /// received (or assigned, to hand it to someone else before work starts) → assigned, to an active
    /// investigator of the directory (<paramref name="investigator"/>: the copy's entry for
    /// <paramref name="investigatorId"/>, null when the directory has no one by that id).
    /// </summary>
    public Refusal? Assign(Guid investigatorId, ReplicatedPerson? investigator, DateTimeOffset at)
    {
        if (ComplaintLifecycle.Transitions.Check(CaseStep.Assignment, State) is { } refusal)
        {
            return refusal;
        }

        if (investigator is not { IsActiveInvestigator: true })
        {
            return Refusal.RuleViolation(NotAnActiveInvestigator, "A case is assigned to an active investigator.", investigator switch
            {
                null => "No one in the directory of people has this id.",
                { Active: false } => $"{investigator.DisplayName} is no longer active.",
                _ => $"{investigator.DisplayName} is not an investigator.",
            });
        }

        InvestigatorId = investigatorId;
        AssignedAt = at;
        MoveTo(CaseState.Assigned);
        Raise(new ComplaintAssigned(Id, CaseNumber, TargetUnitId, investigatorId, at));
        return null;
    }

    /// <summary>assigned → investigating.</summary>
    public Refusal? StartInvestigation(DateTimeOffset at)
    {
        if (ComplaintLifecycle.Transitions.Check(CaseStep.Investigation, State) is { } refusal)
        {
            return refusal;
        }

        InvestigationStartedAt = at;
        MoveTo(CaseState.Investigating);
        return null;
    }

    /// <summary>
    /// investigating → substantiated (属实: a substantiated complaint, 有效投诉, or a confirmed violation,
    /// which names its offence) or dismissed. What it announces: <see cref="FindingAnnouncements.Of"/>.
    /// </summary>
    public Refusal? RecordFinding(bool substantiated, bool violation, Offence? offence, string summary, DateTimeOffset at)
    {
        if (ComplaintLifecycle.Transitions.Check(CaseStep.Finding, State) is { } refusal)
        {
            return refusal;
        }

        if (violation && offence is null)
        {
            throw new ArgumentException("A confirmed violation names its offence (the request is checked before).");
        }

        FindingSummary = summary;
        Substantiated = substantiated;
        Violation = violation;
        Offence = violation ? offence : null;
        ConcludedAt = at;
        foreach (var announcement in FindingAnnouncements.Of(this, at))
        {
            Raise(announcement);
        }

        MoveTo(substantiated || violation ? CaseState.Substantiated : CaseState.Dismissed);
        return null;
    }

    /// <summary>substantiated | dismissed → closed, with what the caller was told.</summary>
    public Refusal? Close(string feedback, DateTimeOffset at)
    {
        if (ComplaintLifecycle.Transitions.Check(CaseStep.Closure, State) is { } refusal)
        {
            return refusal;
        }

        // The outcome is the state the case closes from.
        Raise(new ComplaintClosed(Id, CaseNumber, TargetUnitId, Status, at));
        Feedback = feedback;
        ClosedAt = at;
        MoveTo(CaseState.Closed);
        return null;
    }

    /// <summary>
    /// closed → received for a re-review (复核), once, until the end of the appeal period (working days
    /// after the day of closure). The prior finding and feedback are kept aside; the case waits for a
    /// new assignment (possibly to another investigator) with new deadlines counted from the appeal.
    /// </summary>
    public Refusal? Appeal(string reason, DateTimeOffset at, WorkingDayCalendar calendar, ComplaintDeadlines deadlines)
    {
        if (ComplaintLifecycle.Transitions.Check(CaseStep.Appeal, State) is { } refusal)
        {
            return refusal;
        }

        if (AppealedAt is not null)
        {
            return Refusal.Conflict("appealed-before", "The case was already appealed.",
                $"A case is re-reviewed once; this one was appealed on {ChinaTime.DayOf(AppealedAt.Value):yyyy-MM-dd} and closed again.");
        }

        var periodEnd = calendar.DueAt(ClosedAt!.Value, deadlines.AppealWorkingDays);
        if (at >= periodEnd)
        {
            return Refusal.RuleViolation("appeal-period-over", "The appeal period is over.",
                $"An appeal is taken within {deadlines.AppealWorkingDays} working days of the closure; this case's period ended at {periodEnd:O}.");
        }

        AppealedAt = at;
        AppealReason = reason;
        PriorSubstantiated = Substantiated;
        PriorViolation = Violation;
        PriorOffence = Offence;
        PriorFindingSummary = FindingSummary;
        PriorFeedback = Feedback;
        PriorClosedAt = ClosedAt;
        Substantiated = null;
        Violation = false;
        Offence = null;
        FindingSummary = null;
        ConcludedAt = null;
        Feedback = null;
        ClosedAt = null;
        InvestigatorId = null;
        AssignedAt = null;
        InvestigationStartedAt = null;
        AcknowledgeDueAt = calendar.DueAt(at, deadlines.AcknowledgeWorkingDays);
        DueAt = calendar.DueAt(at, deadlines.ConcludeWorkingDays);
        AcknowledgeOverdueAt = null;
        ConcludeOverdueAt = null;
        MoveTo(CaseState.Received);
        Raise(new ComplaintAppealed(Id, CaseNumber, TargetUnitId, at, DueAt));
        return null;
    }

    private void MoveTo(CaseState state) => Status = Words.Of(state);
}

/// <summary>A caller's contact, as entered; only ever stored encrypted.</summary>
public sealed record Caller(string? Name, string? Phone, string? Email = null);
