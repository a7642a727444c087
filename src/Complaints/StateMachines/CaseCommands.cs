namespace StarPlatform.Complaints.StateMachines;

// The commands the case saga takes: one per step of the API. They carry who acts (the token's
// actor and whether they act for every case: discipline) so the saga checks the object-level
// rule under the case's row lock, and the instant the request was made, so deadlines and the
// appeal period are counted from the request, not from when the command is consumed.

/// <summary>Give a case to an investigator (or to another one before work starts).</summary>
public sealed record AssignComplaint(Guid ComplaintId, Guid InvestigatorId, Guid ActorId, bool ActsForEveryCase, DateTimeOffset At);

/// <summary>The assigned investigator starts work.</summary>
public sealed record StartInvestigation(Guid ComplaintId, Guid ActorId, DateTimeOffset At);

/// <summary>The assigned investigator's finding: 有效投诉 (substantiated) or not, a confirmed violation, and why.</summary>
public sealed record RecordFinding(Guid ComplaintId, Guid ActorId, bool Substantiated, bool Violation, string Summary, DateTimeOffset At);

/// <summary>Close a concluded case with what the caller was told.</summary>
public sealed record CloseComplaint(Guid ComplaintId, Guid ActorId, bool ActsForEveryCase, string Feedback, DateTimeOffset At);

/// <summary>The caller appeals against a closed case (recorded by an operator or discipline officer): a re-review.</summary>
public sealed record AppealComplaint(Guid ComplaintId, Guid ActorId, bool ActsForEveryCase, string Reason, DateTimeOffset At);
