namespace StarPlatform.Contracts;

/// <summary>A unit applied (申报) for a star in a cycle; its evaluation starts.</summary>
public sealed record ApplicationSubmitted(
    Guid ApplicationId, Guid UnitId, UnitKind UnitKind, Guid CycleId, int CycleYear, string CriteriaCode, int CriteriaVersion, DateTimeOffset SubmittedAt);

/// <summary>The secretary assigned (or re-assigned) the evaluators; the evaluation is under review.</summary>
public sealed record EvaluationReviewStarted(Guid ApplicationId, IReadOnlyList<Guid> EvaluatorIds, DateTimeOffset StartedAt);

/// <summary>Every assigned evaluator submitted a score sheet.</summary>
public sealed record EvaluationScored(Guid ApplicationId, Guid UnitId, decimal CreationPoints, decimal PanelPoints, DateTimeOffset ScoredAt);

/// <summary>The secretary reported the result to the city government for approval (报市政府审定).</summary>
public sealed record EvaluationReported(Guid ApplicationId, decimal Total, int Stars, DateTimeOffset ReportedAt);

/// <summary>
/// The application's vetoes changed before the decision: <see cref="Vetoes"/> is the whole current
/// list (empty when an evaluator withdrew the only failure).
/// </summary>
public sealed record EvaluationVetoesChanged(Guid ApplicationId, Guid UnitId, IReadOnlyList<EvaluationVeto> Vetoes, DateTimeOffset ChangedAt);
