using MassTransit;

namespace StarPlatform.Scoring.StateMachines;

/// <summary>The evaluation saga's state, one per application (CorrelationId = the application's id).</summary>
public sealed class EvaluationState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    /// <summary>The furthest stage reported so far (events may arrive in any order).</summary>
    public int StageRank { get; set; } = -1;

    public bool Vetoed { get; set; }
    public int VetoCount { get; set; }
    public DateTimeOffset? VetoesChangedAt { get; set; }
    public Guid? UnitId { get; set; }
    public Guid? CycleId { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public DateTimeOffset? ReviewStartedAt { get; set; }
    public DateTimeOffset? ScoredAt { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public int? Stars { get; set; }
}
