using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Apis;

public sealed record PinnedCriteriaResponse(UnitKind UnitKind, string Code, int Version);

public sealed record PinnedSchemeResponse(string Code, int Version);

public sealed record CycleResponse(
    Guid Id, int Year, DateOnly ApplicationOpensOn, DateOnly ApplicationClosesOn, string Status,
    IReadOnlyList<PinnedCriteriaResponse> Criteria, DateTimeOffset OpenedAt, PinnedSchemeResponse Scheme)
{
    public static CycleResponse From(Cycle c) => new(c.Id, c.Year, c.ApplicationOpensOn, c.ApplicationClosesOn, c.Status,
        c.Criteria.Select(p => new PinnedCriteriaResponse(p.UnitKind, p.Code, p.Version)).ToList(), c.OpenedAt,
        new PinnedSchemeResponse(c.SchemeCode, c.SchemeVersion));
}

public sealed record VetoResponse(int Item, string Reason, string Source, string? CaseNumber);

public sealed record MaterialResponse(string Title, string Reference);

public sealed record CriteriaRef(string Code, int Version);

public sealed record DecisionResponse(bool Approved, DateTimeOffset At, Guid By, string? Comment);

/// <summary>An application as the gateway contract gives it (API.md), with what the console needs besides.</summary>
public sealed record ApplicationResponse(
    Guid Id, Guid UnitId, string UnitName, UnitKind UnitKind, Guid CycleId, int CycleYear, string Status, EvaluationStage Stage,
    CriteriaRef Criteria, decimal? CreationPoints, decimal? SatisfactionPoints, decimal? PanelPoints, decimal? Total, int? Stars,
    IReadOnlyList<VetoResponse> Vetoes, IReadOnlyList<Guid> EvaluatorIds, IReadOnlyList<Guid> SubmittedEvaluatorIds,
    IReadOnlyList<MaterialResponse> Materials, DateTimeOffset FiledAt, DecisionResponse? Decision)
{
    public static ApplicationResponse From(Application a, IReadOnlyList<Guid> submitted) => new(
        a.Id, a.UnitId, a.UnitName, a.UnitKind, a.CycleId, a.CycleYear, a.Status, a.Stage, new CriteriaRef(a.CriteriaCode, a.CriteriaVersion),
        a.CreationPoints, a.SatisfactionPoints, a.PanelPoints, a.Total, a.Stars,
        a.Vetoes.Select(v => new VetoResponse(v.Item, v.Reason, v.Source, v.CaseNumber)).ToList(),
        a.EvaluatorIds, submitted, a.Materials.Select(m => new MaterialResponse(m.Title, m.Reference)).ToList(), a.FiledAt,
        a.DecidedAt is { } at ? new DecisionResponse(a.Stage == EvaluationStage.Approved, at, a.DecidedBy!.Value, a.DecisionComment) : null);
}

public sealed record ApplicationSummary(Guid Id, Guid UnitId, string UnitName, UnitKind UnitKind, string Status, decimal? Total, int? Stars);

/// <param name="Rank">by total, ties sharing one; null for a vetoed or revoked result, which is listed after the ranked ones</param>
/// <param name="Stars">the stars of the result; 0 once they were revoked</param>
/// <param name="Vetoed">a veto item failed (一票否决): no star, whatever the total</param>
/// <param name="Revoked">the star of this approved result was revoked (取消星级资格, Awards' revocation): it holds no star</param>
public sealed record LeagueTableRow(
    int? Rank, Guid ApplicationId, Guid UnitId, string UnitName, UnitKind UnitKind, string Status, decimal? Total, int? Stars, bool Vetoed,
    bool Revoked);

public sealed record ScoreSheetItemResponse(int Number, decimal Points, bool VetoFailed, string? Note, decimal? ComputedPoints);

public sealed record ScoreSheetResponse(
    Guid ApplicationId, Guid EvaluatorId, IReadOnlyList<ScoreSheetItemResponse> Items, decimal PanelJudgement,
    DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, string ApplicationStatus);

public sealed record ScoreChangeResponse(
    long Id, DateTimeOffset At, Guid ActorId, string ActorRole, string Subject, Guid? EvaluatorId, int? ItemNumber,
    decimal? OldPoints, decimal? NewPoints, bool? OldVetoFailed, bool? NewVetoFailed, string? Reason);

public sealed record EvaluatorPoints(Guid EvaluatorId, decimal Points, bool VetoFailed, string? Note, decimal? ComputedPoints);

/// <summary>An item of the breakdown; <c>ComputedPoints</c>: a tiered item's points for this unit's level and floor area (null for graded items).</summary>
public sealed record BreakdownItem(
    int Number, string Text, decimal MaxPoints, string Kind, bool Veto, decimal? Mean, IReadOnlyList<EvaluatorPoints> Evaluators, decimal? ComputedPoints);

public sealed record BreakdownCategory(string Name, decimal MaxPoints, decimal? Points, IReadOnlyList<BreakdownItem> Items);

public sealed record PanelJudgementResponse(Guid EvaluatorId, decimal Points);

/// <summary>An application's points by category, item and evaluator, and how they were combined.</summary>
public sealed record BreakdownResponse(
    Guid ApplicationId, CriteriaRef Criteria, IReadOnlyList<BreakdownCategory> Categories, IReadOnlyList<PanelJudgementResponse> PanelJudgements,
    decimal? CreationPoints, decimal? SatisfactionPoints, decimal? PanelPoints, decimal? Total, int? Stars, IReadOnlyList<VetoResponse> Vetoes,
    string Combination);

public sealed record PanelMemberResponse(Guid Id, string Name, string Organisation, Guid? AffiliatedUnitId, string? AffiliatedDivisionCode, DateTimeOffset UpdatedAt)
{
    public static PanelMemberResponse From(PanelMember m) => new(m.Id, m.Name, m.Organisation, m.AffiliatedUnitId, m.AffiliatedDivisionCode, m.UpdatedAt);
}

/// <summary>How a cycle's undecided results fell after recomputing: counted, complete, vetoed, and by stars.</summary>
public sealed record CycleResultsResponse(int Recomputed, int Complete, int Vetoed, IReadOnlyDictionary<string, int> Stars);
