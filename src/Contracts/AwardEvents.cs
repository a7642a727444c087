namespace StarPlatform.Contracts;

/// <summary>
/// A star was granted (授予星级奖牌、标牌) on an approved result: the plaque's number and the work
/// funding (按星级等次奖励工作经费) the unit receives. Held until the next cycle's result, the end of
/// its term, or a revocation.
/// </summary>
/// <param name="Stars">5, 4 or 3</param>
/// <param name="PlaqueNumber">e.g. <c>MS-2026-5S-0007</c>: prefix, cycle year, stars, number within the cycle and level</param>
/// <param name="FundingAmount">yuan (CNY), from the funding table of the cycle</param>
/// <param name="ExpiresAt">the end of its term when nothing supersedes it first</param>
public sealed record StarAwarded(
    Guid AwardId,
    Guid UnitId,
    UnitKind UnitKind,
    Guid CycleId,
    int CycleYear,
    Guid ApplicationId,
    int Stars,
    string PlaqueNumber,
    decimal FundingAmount,
    DateTimeOffset AwardedAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// 取消星级资格: a violation of law or discipline confirmed while the star was held, and the city
/// government confirmed the revocation. The granted funding is to be recovered.
/// </summary>
/// <param name="ComplaintId">the case that found the violation</param>
/// <param name="FundingToRecover">yuan (CNY) of the award's funding marked for recovery</param>
/// <param name="RevokedBy">the approver's actor id</param>
public sealed record StarRevoked(
    Guid AwardId,
    Guid UnitId,
    int CycleYear,
    int Stars,
    string PlaqueNumber,
    Guid ComplaintId,
    string CaseNumber,
    string Reason,
    decimal FundingToRecover,
    DateTimeOffset RevokedAt,
    string RevokedBy);

/// <summary>An award reached the end of its term (two years after the grant) without a newer result.</summary>
public sealed record StarExpired(
    Guid AwardId,
    Guid UnitId,
    int CycleYear,
    int Stars,
    string PlaqueNumber,
    DateTimeOffset ExpiredAt);

/// <summary>
/// The unit's next approved result (a no-star one too) ended the award it held
/// (星级评定不搞终身制, 每2年进行一次评定).
/// </summary>
/// <param name="NewStars">the stars of the superseding result: 5, 4, 3 or 0</param>
public sealed record StarSuperseded(
    Guid AwardId,
    Guid UnitId,
    int CycleYear,
    int Stars,
    string PlaqueNumber,
    Guid SupersededByApplicationId,
    int SupersededByCycleYear,
    int NewStars,
    DateTimeOffset SupersededAt);
