using StarPlatform.Contracts;

namespace StarPlatform.Complaints.Model;

/// <summary>What a finding announces to other services, without a database.</summary>
public static class FindingAnnouncements
{
    /// <summary>
    /// A finding answers two questions apart: is it a substantiated complaint (有效投诉, window item 7)
    /// — <see cref="ComplaintSubstantiated"/>; is a violation of law or discipline confirmed, and which
    /// offence — <see cref="ViolationConfirmed"/> (the offence's own veto item); neither —
    /// <see cref="ComplaintDismissed"/>. A re-review on appeal announces only what changed against the
    /// prior finding, so consumers never apply one veto or revocation twice: a withdrawn substantiation
    /// or violation is a <see cref="ComplaintFindingReversed"/>, a new one the usual event, one that
    /// stands nothing new. A violation that stands with another offence is the old one reversed and the
    /// new one confirmed.
    /// </summary>
    public static IReadOnlyList<object> Of(Complaint c, DateTimeOffset at)
    {
        var substantiated = c.Substantiated == true;
        var summary = c.FindingSummary ?? "";
        var events = new List<object>();
        var priorSubstantiated = c.PriorSubstantiated == true;
        var priorViolation = c.PriorViolation;
        var violationStands = priorViolation && c.Violation && c.Offence == c.PriorOffence;
        var substantiationReversed = priorSubstantiated && !substantiated;
        var violationReversed = priorViolation && !violationStands;
        if (c.AppealedAt is not null && (substantiationReversed || violationReversed))
        {
            events.Add(new ComplaintFindingReversed(c.Id, c.CaseNumber, c.TargetUnitId, c.TargetKind, c.Category,
                substantiationReversed, violationReversed, violationReversed ? c.PriorOffence : null, at, summary));
        }

        if (!substantiated && !c.Violation)
        {
            events.Add(new ComplaintDismissed(c.Id, c.CaseNumber, c.TargetUnitId, at));
            return events;
        }

        if (substantiated && !priorSubstantiated)
        {
            events.Add(new ComplaintSubstantiated(c.Id, c.CaseNumber, c.TargetUnitId, c.TargetKind, c.Category, c.OccurredAt, at, summary));
        }

        if (c.Violation && !violationStands)
        {
            events.Add(new ViolationConfirmed(c.Id, c.CaseNumber, c.TargetUnitId, c.TargetKind, c.Category,
                c.Offence ?? throw new InvalidOperationException("A confirmed violation names its offence."), at));
        }

        return events;
    }
}
