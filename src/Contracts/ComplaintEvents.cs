namespace StarPlatform.Contracts;

/// <summary>
/// A complaint case was taken in (hotline 96960, 12388 or 96196, or online) against a center,
/// window or outlet. Carries no caller identity and no description: a 12388 reporter's identity
/// never leaves the Complaints service.
/// </summary>
public sealed record ComplaintReceived(
    Guid ComplaintId,
    string CaseNumber,
    string Channel,
    Guid TargetUnitId,
    UnitKind TargetKind,
    string Category,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AcknowledgeDueAt,
    DateTimeOffset DueAt);

/// <summary>A case was assigned (or re-assigned) to an investigator.</summary>
public sealed record ComplaintAssigned(Guid ComplaintId, string CaseNumber, Guid TargetUnitId, Guid InvestigatorId, DateTimeOffset AssignedAt);

/// <summary>
/// 有效投诉 (a substantiated complaint): appendix 2 item 7 vetoes the window's star for the year.
/// Scoring and Awards react to it.
/// </summary>
public sealed record ComplaintSubstantiated(
    Guid ComplaintId, string CaseNumber, Guid TargetUnitId, UnitKind TargetKind, string Category, DateTimeOffset OccurredAt,
    DateTimeOffset SubstantiatedAt, string Summary);

/// <summary>The investigation found the complaint not substantiated.</summary>
public sealed record ComplaintDismissed(Guid ComplaintId, string CaseNumber, Guid TargetUnitId, DateTimeOffset DismissedAt);

/// <summary>
/// A confirmed violation of law or discipline by a unit, naming its <see cref="Offence"/>: it fails
/// exactly the veto items the catalog ties to that offence (window 17, 19, 20 or 8; center 69 or 25)
/// and opens the revocation of a star already held (动态管理).
/// </summary>
public sealed record ViolationConfirmed(
    Guid ComplaintId, string CaseNumber, Guid TargetUnitId, UnitKind TargetKind, string Category, Offence Offence, DateTimeOffset ConfirmedAt);

/// <summary>A concluded case was closed with feedback to the caller.</summary>
public sealed record ComplaintClosed(Guid ComplaintId, string CaseNumber, Guid TargetUnitId, string Outcome, DateTimeOffset ClosedAt);

/// <summary>A case passed a deadline (<c>acknowledge</c> or <c>conclude</c>) before reaching it; published once per deadline.</summary>
public sealed record ComplaintOverdue(
    Guid ComplaintId, string CaseNumber, Guid TargetUnitId, string Deadline, DateTimeOffset DueAt, DateTimeOffset FlaggedAt);

/// <summary>
/// The caller appealed against a closed case and it was reopened for a re-review (复核): the case
/// goes through assignment, investigation and a new finding again, with a new deadline.
/// </summary>
public sealed record ComplaintAppealed(Guid ComplaintId, string CaseNumber, Guid TargetUnitId, DateTimeOffset AppealedAt, DateTimeOffset DueAt);

/// <summary>
/// A re-review on appeal reversed an earlier finding: the complaint is no longer substantiated
/// (<see cref="SubstantiationReversed"/>: the veto of appendix 2 item 7 no longer stands), or the
/// violation of <see cref="ReversedOffence"/> is no longer confirmed (<see cref="ViolationReversed"/>:
/// its vetoes and a revocation based on it no longer stand — a re-review that names another offence
/// reverses the old one and confirms the new one). Published once, with the new finding; earlier
/// <see cref="ComplaintSubstantiated"/> and <see cref="ViolationConfirmed"/> events of the case are
/// what it reverses.
/// </summary>
public sealed record ComplaintFindingReversed(
    Guid ComplaintId, string CaseNumber, Guid TargetUnitId, UnitKind TargetKind, string Category,
    bool SubstantiationReversed, bool ViolationReversed, Offence? ReversedOffence, DateTimeOffset ReversedAt, string Summary);
