using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Tests;

/// <summary>What a finding publishes, first and on re-review: never a veto or revocation twice, every withdrawal announced.</summary>
public sealed class FindingAnnouncementsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static Complaint Case(
        bool substantiated, bool violation, bool? priorSubstantiated = null, bool priorViolation = false,
        Offence offence = Offence.Integrity, Offence priorOffence = Offence.Integrity) => new()
    {
        Id = Guid.NewGuid(),
        CaseNumber = "TS-2026-000001",
        Channel = "96960",
        TargetKind = UnitKind.Window,
        Category = "fees",
        Description = "x",
        Substantiated = substantiated,
        Violation = violation,
        Offence = violation ? offence : null,
        FindingSummary = "结论",
        AppealedAt = priorSubstantiated is null ? null : At.AddDays(-3),
        PriorSubstantiated = priorSubstantiated,
        PriorViolation = priorViolation,
        PriorOffence = priorViolation ? priorOffence : null,
    };

    private static string[] Names(Complaint c) => FindingAnnouncements.Of(c, At).Select(e => e.GetType().Name).ToArray();

    [Theory]
    [InlineData(true, false, new[] { "ComplaintSubstantiated" })]
    [InlineData(true, true, new[] { "ComplaintSubstantiated", "ViolationConfirmed" })]
    [InlineData(false, false, new[] { "ComplaintDismissed" })]
    [InlineData(false, true, new[] { "ViolationConfirmed" })]
    public void A_first_finding_announces_its_outcome(bool substantiated, bool violation, string[] expected)
    {
        Assert.Equal(expected, Names(Case(substantiated, violation)));
    }

    [Theory]
    // prior finding → re-review finding
    [InlineData(true, true, false, false, new[] { "ComplaintFindingReversed", "ComplaintDismissed" })]
    [InlineData(true, false, false, false, new[] { "ComplaintFindingReversed", "ComplaintDismissed" })]
    [InlineData(true, true, true, false, new[] { "ComplaintFindingReversed" })]
    [InlineData(true, false, true, true, new[] { "ViolationConfirmed" })]
    [InlineData(true, false, true, false, new string[0])]
    [InlineData(true, true, true, true, new string[0])]
    [InlineData(false, false, true, true, new[] { "ComplaintSubstantiated", "ViolationConfirmed" })]
    [InlineData(false, false, true, false, new[] { "ComplaintSubstantiated" })]
    [InlineData(false, false, false, false, new[] { "ComplaintDismissed" })]
    [InlineData(true, true, false, true, new[] { "ComplaintFindingReversed" })]
    public void A_re_review_announces_only_what_changed(bool priorSubstantiated, bool priorViolation, bool substantiated, bool violation, string[] expected)
    {
        Assert.Equal(expected, Names(Case(substantiated, violation, priorSubstantiated, priorViolation)));
    }

    [Fact]
    public void A_reversal_says_which_part_of_the_finding_it_withdraws()
    {
        var violationOnly = Assert.IsType<Contracts.ComplaintFindingReversed>(FindingAnnouncements.Of(Case(true, false, true, true), At).Single());
        Assert.False(violationOnly.SubstantiationReversed);
        Assert.True(violationOnly.ViolationReversed);
        var both = Assert.IsType<Contracts.ComplaintFindingReversed>(FindingAnnouncements.Of(Case(false, false, true, true), At)[0]);
        Assert.True(both.SubstantiationReversed);
        Assert.True(both.ViolationReversed);
    }

    [Fact]
    public void A_violation_names_its_offence()
    {
        var confirmed = Assert.IsType<ViolationConfirmed>(FindingAnnouncements.Of(Case(true, true, offence: Offence.HallConduct), At)[1]);
        Assert.Equal(Offence.HallConduct, confirmed.Offence);
    }

    [Fact]
    public void A_re_review_that_names_another_offence_reverses_the_old_one_and_confirms_the_new_one()
    {
        var events = FindingAnnouncements.Of(Case(true, true, true, true, offence: Offence.ComputerMisuse, priorOffence: Offence.HallConduct), At);

        var reversed = Assert.IsType<ComplaintFindingReversed>(events[0]);
        Assert.False(reversed.SubstantiationReversed);
        Assert.True(reversed.ViolationReversed);
        Assert.Equal(Offence.HallConduct, reversed.ReversedOffence);
        Assert.Equal(Offence.ComputerMisuse, Assert.IsType<ViolationConfirmed>(Assert.Single(events.Skip(1))).Offence);
    }
}
