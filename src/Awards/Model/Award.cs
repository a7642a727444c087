using StarPlatform.Contracts;

namespace StarPlatform.Awards.Model;

/// <summary>
/// A star held by a unit (星级荣誉): granted on an approved result, with its plaque (奖牌、标牌) and
/// work funding (工作经费). Not for life (动态管理): it ends when the next cycle's result supersedes
/// it, when its term runs out, or when a confirmed violation revokes it.
/// </summary>
public sealed class Award
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public UnitKind UnitKind { get; set; }

    public Guid CycleId { get; set; }

    public int CycleYear { get; set; }

    /// <summary>The application whose approved result granted it (one award per application).</summary>
    public Guid ApplicationId { get; set; }

    /// <summary>5, 4 or 3.</summary>
    public int Stars { get; set; }

    public decimal Total { get; set; }

    /// <summary>e.g. <c>MS-2026-5S-0007</c>; unique.</summary>
    public required string PlaqueNumber { get; set; }

    /// <summary>Yuan (CNY), from the funding table of the cycle at the grant.</summary>
    public decimal FundingAmount { get; set; }

    /// <summary><see cref="FundingStatus.Granted"/> or <see cref="FundingStatus.ToRecover"/>.</summary>
    public required string FundingStatus { get; set; }

    /// <summary>When the city government approved the result (审定).</summary>
    public DateTimeOffset AwardedAt { get; set; }

    /// <summary>The end of the term when nothing ends it first; the expiry sweep looks for it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>One of <see cref="AwardStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>When it stopped being active (superseded, expired or revoked).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public Guid? SupersededByApplicationId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>The complaint case (case number) whose confirmed violation revoked it.</summary>
    public string? RevocationCaseNumber { get; set; }

    public Guid? RevocationComplaintId { get; set; }

    /// <summary>The approver who confirmed the revocation.</summary>
    public string? RevokedBy { get; set; }
}

/// <summary>The states of an award; <c>active</c> is the only one that holds a star.</summary>
public static class AwardStatus
{
    public const string Active = "active";
    public const string Revoked = "revoked";
    public const string Superseded = "superseded";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Active, Revoked, Superseded, Expired];
}

/// <summary>What happens to an award's funding.</summary>
public static class FundingStatus
{
    public const string Granted = "granted";

    /// <summary>Revoked: the funding is marked for recovery (追回).</summary>
    public const string ToRecover = "to-recover";
}
