using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Tests;

/// <summary>What a finding publishes, first and on re-review: never a veto or revocation twice, every withdrawal announced.</summary>
public sealed class FindingAnnouncementsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static Complaint Case(bool substantiated, bool violation, bool? priorSubstantiated = null, bool priorViolation = false) => new()
    {
        Id = Guid.NewGuid(),
        CaseNumber = "TS-2026-000001",
        Channel = "96960",
        TargetKind = "window",
        Category = "fees",
        Description = "x",
        Substantiated = substantiated,
        Violation = violation,
        FindingSummary = "结论",
        AppealedAt = priorSubstantiated is null ? null : At.AddDays(-3),
        PriorSubstantiated = priorSubstantiated,
        PriorViolation = priorViolation,
    };

    private static string[] Names(Complaint c) => FindingAnnouncements.Of(c, At).Select(e => e.GetType().Name).ToArray();

    [Theory]
    [InlineData(true, false, new[] { "ComplaintSubstantiated" })]
    [InlineData(true, true, new[] { "ComplaintSubstantiated", "ViolationConfirmed" })]
    [InlineData(false, false, new[] { "ComplaintDismissed" })]
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
}
