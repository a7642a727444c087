using StarPlatform.Contracts;

namespace StarPlatform.Complaints.Model;

/// <summary>What a finding announces to other services, without a database.</summary>
public static class FindingAnnouncements
{
    /// <summary>
    /// A first finding: substantiated (有效投诉) → <see cref="ComplaintSubstantiated"/>, and for a confirmed
    /// violation also <see cref="ViolationConfirmed"/>; not substantiated → <see cref="ComplaintDismissed"/>.
    /// A re-review on appeal announces only what changed against the prior finding, so consumers never
    /// apply one veto or revocation twice: a withdrawn substantiation or violation is a
    /// <see cref="ComplaintFindingReversed"/>, a new one the usual event, one that stands nothing new.
    /// </summary>
    public static IReadOnlyList<object> Of(Complaint c, DateTimeOffset at)
    {
        var substantiated = c.Substantiated == true;
        var summary = c.FindingSummary ?? "";
        var events = new List<object>();
        var priorSubstantiated = c.PriorSubstantiated == true;
        var priorViolation = priorSubstantiated && c.PriorViolation;
        if (c.AppealedAt is not null && (priorSubstantiated && !substantiated || priorViolation && !c.Violation))
        {
            events.Add(new ComplaintFindingReversed(c.Id, c.CaseNumber, c.TargetUnitId, c.TargetKind, c.Category,
                SubstantiationReversed: priorSubstantiated && !substantiated, ViolationReversed: priorViolation && !c.Violation, at, summary));
        }

        if (!substantiated)
        {
            events.Add(new ComplaintDismissed(c.Id, c.CaseNumber, c.TargetUnitId, at));
            return events;
        }

        if (!priorSubstantiated)
        {
            events.Add(new ComplaintSubstantiated(c.Id, c.CaseNumber, c.TargetUnitId, c.TargetKind, c.Category, c.OccurredAt, at, summary));
        }

        if (c.Violation && !priorViolation)
        {
            events.Add(new ViolationConfirmed(c.Id, c.CaseNumber, c.TargetUnitId, c.TargetKind, c.Category, at));
        }

        return events;
    }
}
