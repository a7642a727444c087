using System.Security.Cryptography;
using System.Text;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Awards.Model;

/// <summary>A revocation's states; in the API and the database the kebab-case word.</summary>
public enum RevocationStatus
{
    Pending,
    Confirmed,
    Rejected,
    Lapsed,
    Withdrawn,
}

/// <summary>The steps of a revocation.</summary>
public enum RevocationStep
{
    /// <summary>The city government confirms or rejects it.</summary>
    Decision,

    /// <summary>A re-review on appeal reversed the violation before the decision.</summary>
    Withdrawal,

    /// <summary>A re-review reversed the violation after the decision: recorded, nothing restored.</summary>
    ReversalRecord,
}

/// <summary>
/// 动态管理: a revocation (取消星级资格) of a held award, opened by a confirmed violation and decided by
/// the city government: pending → confirmed (the award is revoked, its funding marked for recovery,
/// <see cref="StarRevoked"/> announced) | rejected (the award stays) | lapsed (the award had ended
/// another way before the decision); pending → withdrawn when a re-review reverses the violation
/// first. A reversal after the decision is recorded and restores nothing (reinstating is the city's
/// decision). The table below is the whole of its transitions; the step methods ask it first.
/// </summary>
public sealed class Revocation : Aggregate
{
    public static readonly Transitions<RevocationStatus, RevocationStep> Transitions =
        new Transitions<RevocationStatus, RevocationStep>("revocation")
            .Step(RevocationStep.Decision, RevocationStatus.Pending)
            .Step(RevocationStep.Withdrawal, RevocationStatus.Pending)
            .Step(RevocationStep.ReversalRecord, RevocationStatus.Confirmed, RevocationStatus.Rejected, RevocationStatus.Lapsed);

    /// <summary>One per complaint case and offence (<see cref="IdFor"/>), so a redelivered violation opens nothing new.</summary>
    public Guid Id { get; set; }

    /// <summary>The complaint case whose confirmed violation opened it.</summary>
    public Guid ComplaintId { get; set; }

    public Guid AwardId { get; set; }
    public Guid UnitId { get; set; }
    public string CaseNumber { get; set; } = "";
    public string Category { get; set; } = "";

    /// <summary>The offence the violation named (null for revocations opened before offences were named).</summary>
    public Offence? Offence { get; set; }

    /// <summary>When the investigation confirmed the violation.</summary>
    public DateTimeOffset ViolationConfirmedAt { get; set; }

    public DateTimeOffset OpenedAt { get; set; }
    public RevocationStatus Status { get; set; } = RevocationStatus.Pending;
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The approver's actor id.</summary>
    public string? DecidedBy { get; set; }

    public string? Comment { get; set; }

    /// <summary>When a re-review on appeal found the violation not confirmed after all (null while it stands).</summary>
    public DateTimeOffset? ViolationReversedAt { get; set; }

    /// <summary>The re-review's finding, when reversed.</summary>
    public string? ReversalSummary { get; set; }

    /// <summary>The revocation a case's violation of an offence opens: a name-based id, the same however often the violation arrives.</summary>
    public static Guid IdFor(Guid complaintId, Offence offence)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"revocation:{complaintId:N}:{Words.Of(offence)}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: name-based, application-defined
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>A violation confirmed while the unit holds <paramref name="award"/>: a pending revocation.</summary>
    public static Revocation Open(ViolationConfirmed violation, Award award, DateTimeOffset now) => new()
    {
        Id = IdFor(violation.ComplaintId, violation.Offence),
        ComplaintId = violation.ComplaintId,
        AwardId = award.Id,
        UnitId = violation.TargetUnitId,
        CaseNumber = violation.CaseNumber,
        Category = violation.Category,
        Offence = violation.Offence,
        ViolationConfirmedAt = violation.ConfirmedAt,
        OpenedAt = now,
    };

    /// <summary>
    /// The city government's decision on a pending revocation. Confirmed: the award (locked by the
    /// caller) is revoked if it still holds its star, else the revocation lapses. Rejected: the
    /// award stays.
    /// </summary>
    public Refusal? Decide(bool confirmed, string approver, string? comment, Award award, DateTimeOffset now)
    {
        if (Transitions.Check(RevocationStep.Decision, Status) is { } refusal)
        {
            return refusal;
        }

        DecidedAt = now;
        DecidedBy = approver;
        Comment = comment;
        if (!confirmed)
        {
            Status = RevocationStatus.Rejected;
            return null;
        }

        if (award.Status != AwardStatus.Active)
        {
            Status = RevocationStatus.Lapsed;
            return null;
        }

        award.Status = AwardStatus.Revoked;
        award.EndedAt = now;
        award.RevokedAt = now;
        award.RevokedBy = approver;
        award.RevocationReason = AwardRules.RevocationReason(CaseNumber, Category, Offence, comment);
        award.RevocationCaseNumber = CaseNumber;
        award.RevocationComplaintId = ComplaintId;
        award.FundingStatus = FundingStatus.ToRecover;
        Status = RevocationStatus.Confirmed;
        Raise(new StarRevoked(award.Id, award.UnitId, award.CycleYear, award.Stars, award.PlaqueNumber,
            ComplaintId, CaseNumber, award.RevocationReason, award.FundingAmount, now, approver));
        return null;
    }

    /// <summary>
    /// A re-review reversed the violation: a pending revocation is withdrawn (no decision is needed
    /// any more); a decided one records it (a revoked star is not restored). Once.
    /// </summary>
    public Refusal? ViolationReversed(DateTimeOffset at, string summary)
    {
        var step = Status == RevocationStatus.Pending ? RevocationStep.Withdrawal : RevocationStep.ReversalRecord;
        if (Transitions.Check(step, Status) is { } refusal)
        {
            return refusal;
        }

        if (ViolationReversedAt is not null)
        {
            return Refusal.Conflict("reversed-before", "The violation was reversed already.", $"Recorded at {ViolationReversedAt:O}.");
        }

        ViolationReversedAt = at;
        ReversalSummary = summary;
        if (step == RevocationStep.Withdrawal)
        {
            Status = RevocationStatus.Withdrawn;
        }

        return null;
    }
}
