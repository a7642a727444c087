using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria.Tests;

/// <summary>
/// Appendix 1 item 3's floor-area tiers and the star scheme's numbers, read from the data files.
/// (How a total becomes stars is Scoring's arithmetic, tested there with these published numbers.)
/// </summary>
public class TierAndSchemeTests
{
    private static readonly IReadOnlyList<Tier> Item3Tiers = CatalogSeed
        .ToVersion(CatalogSeed.ReadSet("meishan-2012-center.json"), DateTimeOffset.UnixEpoch)
        .Items.Single(i => i.Number == 3).Tiers;

    private static readonly StarScheme Scheme = CatalogSeed.ToScheme(CatalogSeed.ReadScheme(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Item_3_has_exactly_the_four_tiers_of_its_text_and_note()
    {
        Assert.Equal(
            [("city", 15000m, 6m), ("county", 6000m, 6m), ("county", 3000m, 3m), ("county", 1000m, 1m)],
            Item3Tiers.Select(t => (t.Level, t.MinFloorAreaM2, t.Points)));
    }

    [Fact]
    public void The_star_scheme_is_creation_80_satisfaction_10_panel_10()
    {
        Assert.Equal((80m, 10m, 10m), (Scheme.CreationPoints, Scheme.SatisfactionPoints, Scheme.PanelPoints));
        Assert.Equal(100m, Scheme.MaxTotal);
        Assert.Equal([(5, 95m), (4, 90m), (3, 85m)], Scheme.Thresholds.Select(t => (t.Stars, t.MinTotal)));
        Assert.True(Scheme.VetoCancelsStars);
        Assert.Empty(CriteriaRules.SchemeProblems(Scheme));
    }

    [Fact]
    public void A_scheme_whose_components_miss_100_or_whose_levels_do_not_rise_cannot_be_published()
    {
        var scheme = CatalogSeed.ToScheme(CatalogSeed.ReadScheme(), DateTimeOffset.UnixEpoch);
        scheme.PanelPoints = 15;
        scheme.Thresholds = [new() { Stars = 5, MinTotal = 90 }, new() { Stars = 4, MinTotal = 92 }];
        var problems = CriteriaRules.SchemeProblems(scheme);
        Assert.Contains(problems, p => p.Contains("add up to 100", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("5 stars need a higher total than 4", StringComparison.Ordinal));
    }
}
