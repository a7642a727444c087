namespace StarPlatform.Contracts;

/// <summary>
/// The city government approved (审定) an evaluation: the result takes effect. Awards grants a
/// star when <see cref="Stars"/> is above zero, and a new result (a no-star one too) supersedes
/// the unit's held award.
/// </summary>
/// <param name="ApplicationId">the application (申报) the result belongs to</param>
/// <param name="Stars">5, 4, 3 or 0</param>
/// <param name="Total">creation + satisfaction + panel judgement, out of 100</param>
public sealed record EvaluationApproved(
    Guid ApplicationId,
    Guid UnitId,
    UnitKind UnitKind,
    Guid CycleId,
    int CycleYear,
    int Stars,
    decimal Total,
    EvaluationBreakdown Breakdown,
    DateTimeOffset ApprovedAt,
    string ApprovedBy);

/// <summary>How a total was made up: the three components, each category's points and every veto that failed.</summary>
public sealed record EvaluationBreakdown(
    decimal CreationPoints,
    decimal SatisfactionPoints,
    decimal PanelPoints,
    IReadOnlyList<EvaluationCategoryPoints> Categories,
    IReadOnlyList<EvaluationVeto> Vetoes);

public sealed record EvaluationCategoryPoints(string Category, decimal Points, decimal MaxPoints);

/// <param name="Source"><c>panel</c> (an evaluator failed the item), <c>complaint</c> or <c>violation</c></param>
/// <param name="CaseNumber">the complaint case that caused it, when the source is a case</param>
public sealed record EvaluationVeto(int ItemNumber, string Reason, string Source, string? CaseNumber);

/// <summary>The city government rejected an evaluation's result; nothing is granted.</summary>
public sealed record EvaluationRejected(
    Guid ApplicationId,
    Guid UnitId,
    UnitKind UnitKind,
    Guid CycleId,
    int CycleYear,
    string? Comment,
    DateTimeOffset RejectedAt,
    string RejectedBy);
