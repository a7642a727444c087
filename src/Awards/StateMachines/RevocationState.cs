using MassTransit;

namespace StarPlatform.Awards.StateMachines;

/// <summary>
/// A revocation (取消星级资格) of a held award, opened by a confirmed violation and decided by the
/// city government. Keyed by the complaint case that found the violation, so one case opens at most
/// one revocation however often its event arrives.
/// </summary>
public sealed class RevocationState : SagaStateMachineInstance
{
    /// <summary>The complaint case's id (<c>ViolationConfirmed.ComplaintId</c>).</summary>
    public Guid CorrelationId { get; set; }

    /// <summary><c>Pending</c>, <c>Confirmed</c>, <c>Rejected</c>, <c>Lapsed</c> or <c>Withdrawn</c>.</summary>
    public string CurrentState { get; set; } = "";

    public Guid AwardId { get; set; }

    public Guid UnitId { get; set; }

    public string CaseNumber { get; set; } = "";

    public string Category { get; set; } = "";

    /// <summary>When the investigation confirmed the violation.</summary>
    public DateTimeOffset ViolationConfirmedAt { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>
    /// Set by the decision API under the row's lock when it sends the decision, so a second decision
    /// on the same revocation is refused (409) while the first is on its way.
    /// </summary>
    public DateTimeOffset? DecisionRequestedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The approver's actor id.</summary>
    public string? DecidedBy { get; set; }

    public string? Comment { get; set; }

    /// <summary>When a re-review on appeal found the violation not confirmed after all (null while it stands).</summary>
    public DateTimeOffset? ViolationReversedAt { get; set; }

    /// <summary>The re-review's finding, when reversed.</summary>
    public string? ReversalSummary { get; set; }
}
