using StarPlatform.Awards.Model;

namespace StarPlatform.Awards.Tests;

public class AwardRulesTests
{
    [Fact]
    public void A_star_is_rated_every_two_years_so_an_award_is_held_for_two_years()
    {
        // 每2年进行一次评定 (the seed, part 1 item 3).
        Assert.Equal(2, AwardRules.CycleYears);
        Assert.Equal(2, new AwardOptions().TermYears);
        var granted = new DateTimeOffset(2026, 12, 20, 10, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(new DateTimeOffset(2028, 12, 20, 10, 0, 0, TimeSpan.FromHours(8)), AwardRules.ExpiresAt(granted, 2));
    }

    [Fact]
    public void The_star_levels_are_five_four_and_three()
    {
        // 星级评定设为五星级、四星级、三星级3个等级.
        Assert.Equal([5, 4, 3], AwardRules.StarLevels);
        Assert.False(AwardRules.IsStarLevel(0));
        Assert.False(AwardRules.IsStarLevel(2));
        Assert.False(AwardRules.IsStarLevel(6));
    }

    [Theory]
    [InlineData(2026, 5, 7, "MS-2026-5S-0007")]
    [InlineData(2028, 3, 1, "MS-2028-3S-0001")]
    [InlineData(2026, 4, 12345, "MS-2026-4S-12345")]
    public void A_plaque_number_names_the_cycle_the_stars_and_its_number(int year, int stars, int number, string expected) =>
        Assert.Equal(expected, AwardRules.PlaqueNumber("MS", year, stars, number));

    [Fact]
    public void Funding_comes_from_the_cycles_table_then_the_default_then_the_built_in_amounts()
    {
        var table = new FundingTable
        {
            Default = new() { [5] = 120_000m },
            Cycles = new() { [2028] = new() { [4] = 70_000m } },
        };
        Assert.Equal(70_000m, table.For(2028, 4));
        Assert.Equal(120_000m, table.For(2028, 5));
        Assert.Equal(120_000m, table.For(2026, 5));
        Assert.Equal(60_000m, table.For(2026, 4));
        Assert.Equal(30_000m, table.For(2026, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.For(2026, 0));
    }

    [Fact]
    public void A_funding_table_with_a_negative_amount_or_an_unknown_level_is_refused()
    {
        Assert.True(new FundingTable().IsValid());
        Assert.False(new FundingTable { Default = new() { [5] = -1m } }.IsValid());
        Assert.False(new FundingTable { Cycles = new() { [2026] = new() { [2] = 1_000m } } }.IsValid());
    }

    [Theory]
    [InlineData(2028, 2026, true)]
    [InlineData(2026, 2026, true)]
    [InlineData(2024, 2026, false)]
    public void Only_a_result_of_the_same_or_a_later_cycle_supersedes_a_held_award(int resultYear, int awardYear, bool supersedes) =>
        Assert.Equal(supersedes, AwardRules.Supersedes(resultYear, awardYear));

    [Fact]
    public void The_revocation_reason_names_the_case_and_the_approvers_comment()
    {
        Assert.Equal("Violation of law or discipline confirmed (case TS-2026-000123, category discipline).",
            AwardRules.RevocationReason("TS-2026-000123", "discipline", null, null));
        Assert.Equal("Violation of law or discipline confirmed (case TS-2026-000123, category fees): 乱收费属实",
            AwardRules.RevocationReason("TS-2026-000123", "fees", null, " 乱收费属实 "));
        Assert.Equal("Violation of law or discipline confirmed (case TS-2026-000123, offence hall-conduct, category attitude).",
            AwardRules.RevocationReason("TS-2026-000123", "attitude", Offence.HallConduct, null));
    }
}
