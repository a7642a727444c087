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
    string TargetKind,
    string Category,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AcknowledgeDueAt,
    DateTimeOffset DueAt);
