using MassTransit;

namespace StarPlatform.Complaints.Model;

/// <summary>
/// A complaint case (投诉件): a call to a hotline or an online submission against a center, window
/// or outlet, with its deadlines counted in working days. The row is also the state of the case's
/// saga (<see cref="StateMachines.ComplaintStateMachine"/>): one record, one lock, one truth.
/// </summary>
public sealed class Complaint : SagaStateMachineInstance
{
    /// <summary>The case's id, which is also its saga's correlation id (column <c>id</c>).</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The case's id (<see cref="CorrelationId"/> under its domain name; use <c>CorrelationId</c> in queries).</summary>
    public Guid Id
    {
        get => CorrelationId;
        set => CorrelationId = value;
    }

    /// <summary>Human-readable and unique, e.g. <c>TS-2026-000123</c>; numbers may skip (a refused intake uses one up).</summary>
    public required string CaseNumber { get; set; }

    /// <summary>96960, 12388, 96196 or online.</summary>
    public required string Channel { get; set; }

    public Guid TargetUnitId { get; set; }

    /// <summary>center, window or outlet (from the registry copy at intake).</summary>
    public required string TargetKind { get; set; }

    public required string Category { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public bool Anonymous { get; set; }

    /// <summary>The caller's name and phone, encrypted with ASP.NET Core Data Protection; null when anonymous.</summary>
    public string? ProtectedCaller { get; set; }

    /// <summary>References to attachments held elsewhere (document store ids or URLs).</summary>
    public List<string> Attachments { get; set; } = [];

    /// <summary>The operator or discipline officer who took the call; null for an anonymous online submission.</summary>
    public Guid? FiledBy { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset AcknowledgeDueAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string Status { get; set; } = ComplaintLifecycle.Received;

    /// <summary>
    /// The saga's view of <see cref="Status"/>: MassTransit names states after the state machine's
    /// properties (<c>Received</c>), the API and the database use the lower-case word (<c>received</c>).
    /// </summary>
    public string CurrentState
    {
        get => Status.Length == 0 ? Status : char.ToUpperInvariant(Status[0]) + Status[1..];
        set => Status = value.ToLowerInvariant();
    }
    public Guid? InvestigatorId { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? InvestigationStartedAt { get; set; }

    /// <summary>The finding's summary (有效投诉 or not, and why).</summary>
    public string? FindingSummary { get; set; }

    /// <summary>The finding: 有效投诉 (substantiated) or not; null until there is one. Kept after closure.</summary>
    public bool? Substantiated { get; set; }

    /// <summary>The finding confirmed a violation of law or discipline.</summary>
    public bool Violation { get; set; }

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

    public string? PriorFindingSummary { get; set; }

    /// <summary>What the caller was told at the first closure.</summary>
    public string? PriorFeedback { get; set; }

    public DateTimeOffset? PriorClosedAt { get; set; }

    /// <summary>When the sweeper found the case still unassigned after its acknowledgement deadline.</summary>
    public DateTimeOffset? AcknowledgeOverdueAt { get; set; }

    /// <summary>When the sweeper found the case without a finding after its conclusion deadline.</summary>
    public DateTimeOffset? ConcludeOverdueAt { get; set; }
}

/// <summary>A caller's contact, as entered; only ever stored encrypted.</summary>
public sealed record Caller(string? Name, string? Phone, string? Email = null);
