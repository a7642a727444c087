using StarPlatform.Contracts;

namespace StarPlatform.Awards.Apis;

/// <summary>An award as the public registry shows it, with its unit from the registry copy.</summary>
public sealed record AwardSummary(
    Guid Id, Guid UnitId, string? UnitName, UnitKind UnitKind, UnitLevel? UnitLevel, string? DivisionCode,
    Guid CycleId, int CycleYear, int Stars, string PlaqueNumber, decimal FundingAmount, string FundingStatus,
    DateTimeOffset AwardedAt, DateTimeOffset ExpiresAt, string Status, DateTimeOffset? EndedAt,
    DateTimeOffset? RevokedAt, string? RevocationReason, string? RevocationCaseNumber, int SubstantiatedComplaints)
{
    /// <summary>The China day the award's term ends on (<c>ExpiresAt</c> in China time).</summary>
    public DateOnly ExpiresOn => ChinaTime.DayEndingAt(ExpiresAt);
}

/// <summary>An award in full: the summary, what ended it and the substantiated complaints of its term.</summary>
public sealed record AwardResponse(
    Guid Id, Guid UnitId, string? UnitName, UnitKind UnitKind, UnitLevel? UnitLevel, string? DivisionCode,
    Guid CycleId, int CycleYear, Guid ApplicationId, int Stars, decimal Total, string PlaqueNumber,
    decimal FundingAmount, string FundingStatus, DateTimeOffset AwardedAt, DateTimeOffset ExpiresAt, string Status,
    DateTimeOffset? EndedAt, Guid? SupersededByApplicationId, DateTimeOffset? RevokedAt, string? RevocationReason,
    string? RevocationCaseNumber, IReadOnlyList<ComplaintOnAward> SubstantiatedComplaints)
{
    /// <summary>The China day the award's term ends on (<c>ExpiresAt</c> in China time).</summary>
    public DateOnly ExpiresOn => ChinaTime.DayEndingAt(ExpiresAt);
}

/// <summary>
/// 有效投诉 shown on an award: the case, its category and when (no caller, no description); with
/// <c>ReversedAt</c> when a re-review on appeal found it not substantiated after all (shown, not counted).
/// </summary>
public sealed record ComplaintOnAward(
    string CaseNumber, string Category, DateTimeOffset OccurredAt, DateTimeOffset SubstantiatedAt, DateTimeOffset? ReversedAt);

/// <summary>A unit's approved results, newest first, each with the award it granted (none for a no-star result).</summary>
public sealed record UnitHistory(
    Guid UnitId, string? UnitName, UnitKind? UnitKind, UnitLevel? UnitLevel, string? DivisionCode,
    IReadOnlyList<HistoryEntry> Items, int Total);

public sealed record HistoryEntry(
    Guid ApplicationId, Guid CycleId, int CycleYear, int Stars, decimal Total, DateTimeOffset ApprovedAt, AwardSummary? Award);

/// <summary>Awards per cycle and star level, by what became of them.</summary>
public sealed record AwardStatistics(IReadOnlyList<CycleStatistics> Cycles);

public sealed record CycleStatistics(int CycleYear, IReadOnlyList<LevelStatistics> Levels);

public sealed record LevelStatistics(int Stars, int Granted, int Active, int Superseded, int Expired, int Revoked, decimal Funding);

public sealed record RevocationDecisionRequest(bool? Confirmed, string? Comment);

/// <summary>
/// A revocation as the approver sees it: the case and the offence its violation named;
/// <c>ViolationReversedAt</c>/<c>ReversalSummary</c> when a re-review reversed the violation (status
/// <c>withdrawn</c> if it was still pending).
/// </summary>
public sealed record RevocationResponse(
    Guid Id, Guid AwardId, Guid UnitId, string? UnitName, string PlaqueNumber, int Stars, Guid ComplaintId, string CaseNumber, string Category,
    Offence? Offence, DateTimeOffset ViolationConfirmedAt, DateTimeOffset OpenedAt, Model.RevocationStatus Status,
    DateTimeOffset? DecidedAt, string? DecidedBy, string? Comment, DateTimeOffset? ViolationReversedAt, string? ReversalSummary);
