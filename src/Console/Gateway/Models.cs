namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>A page of a list: <c>{items, total}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record CenterItem(Guid Id, string Name, string Level, string Status, string DivisionCode, IReadOnlyList<string>? Hotlines);

public sealed record OutletItem(Guid Id, string Name, string Level, string Status, string? DivisionCode);

public sealed record UnitItem(Guid Id, string Kind, string Name, string Level, Guid? ParentId, string Status, string? DivisionCode);

public sealed record WindowItem(Guid Id, string Name, string Department, Guid CenterId, string Status);

/// <summary>What was done on a case and when (Complaints' <c>progress</c>).</summary>
public sealed record CaseProgress(
    DateTimeOffset? AssignedAt, DateTimeOffset? InvestigationStartedAt, DateTimeOffset? ConcludedAt, bool? Substantiated,
    bool Violation, string? FindingSummary, DateTimeOffset? ClosedAt, string? Feedback, DateTimeOffset? AppealOpenUntil,
    string? PriorFindingSummary, string? PriorFeedback);

/// <summary>The appeal that reopened a case.</summary>
public sealed record CaseAppeal(DateTimeOffset AppealedAt, string? Reason, bool? PriorSubstantiated, bool PriorViolation, DateTimeOffset? PriorClosedAt);

public sealed record CallerModel(string? Name, string? Phone);

public sealed record ComplaintFiled(Guid Id, string CaseNumber, string Status, DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt, string? LookupCode = null);

public sealed record CaseSummary(
    Guid Id, string CaseNumber, string Channel, Guid TargetUnitId, string TargetKind, string Category, string Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Overdue, Guid? InvestigatorId, DateTimeOffset AcknowledgeDueAt = default);

public sealed record ComplaintCase(
    Guid Id, string CaseNumber, string Channel, Guid TargetUnitId, string TargetKind, string Category, string Description,
    DateTimeOffset OccurredAt, bool Anonymous, CallerModel? Caller, IReadOnlyList<string> Attachments, Guid? FiledBy,
    DateTimeOffset ReceivedAt, DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt, string Status, Guid? InvestigatorId,
    CaseAppeal? Appeal = null, string? Offence = null, CaseProgress? Progress = null);

public sealed record CaseStatus(Guid Id, string CaseNumber, string Status, Guid? InvestigatorId, DateTimeOffset DueAt);

/// <summary>A unit a complaint can target, as the type-ahead offers it.</summary>
public sealed record UnitChoice(Guid Id, string Kind, string Name, string? Context, string? DivisionCode);

/// <summary>Complaint vocabularies (API.md).</summary>
public static class Vocabulary
{
    public static readonly string[] HotlineChannels = ["96960", "12388", "96196"];
    public static readonly string[] Categories = ["attitude", "delay", "fees", "discipline", "facilities", "other"];
    public static readonly string[] Statuses = ["received", "assigned", "investigating", "substantiated", "dismissed", "closed"];
    public static readonly string[] ApplicationStatuses = ["applied", "under-review", "scored", "awaiting-approval", "approved", "rejected", "vetoed"];
    public static readonly string[] UnitKinds = ["center", "window", "outlet"];
}

/// <summary>A rectification case (差评整改) in the center's list (Ratings: no contact, no comment).</summary>
public sealed record RectificationItem(
    Guid Id, Guid UnitId, string? UnitName, string TransactionId, string ServiceItem, string Channel, string Level, bool RealName, string State,
    DateTimeOffset OpenedAt, DateTimeOffset? NextDueAt, bool Overdue);

public sealed record RaterContactModel(string? Name, string? Phone);

/// <summary>A rectification case as the center's staff work it: the real-name rater's contact is shown only here.</summary>
public sealed record RectificationCaseModel(
    Guid Id, Guid RatingId, Guid UnitId, string? UnitName, string TransactionId, string ServiceItem, string Channel, string Level, string? Comment,
    bool RealName, RaterContactModel? Contact, string State, DateTimeOffset OpenedAt, DateTimeOffset? CallbackDueAt, DateTimeOffset RectifyDueAt,
    bool CallbackOverdue, bool RectifyOverdue, DateTimeOffset? CalledBackAt, bool? RaterReached, string? CallbackNote, DateTimeOffset? RectifiedAt,
    bool? Rectified, string? RectificationNote, DateTimeOffset? FedBackAt, string? FeedbackNote, DateTimeOffset? ClosedAt);
