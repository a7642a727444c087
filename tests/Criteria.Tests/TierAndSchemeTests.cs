using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria.Tests;

/// <summary>Appendix 1 item 3's floor-area tiers and the star thresholds, read from the data files.</summary>
public class TierAndSchemeTests
{
    private static readonly IReadOnlyList<Tier> Item3Tiers = CatalogSeed
        .ToVersion(CatalogSeed.ReadSet("meishan-2012-center.json"), DateTimeOffset.UnixEpoch)
        .Items.Single(i => i.Number == 3).Tiers;

    private static readonly StarScheme Scheme = CatalogSeed.ToScheme(CatalogSeed.ReadScheme(), DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 0)]
    [InlineData(999.99, 0)]
    [InlineData(1000, 1)]
    [InlineData(2999, 1)]
    [InlineData(3000, 3)]
    [InlineData(5999, 3)]
    [InlineData(6000, 6)]
    [InlineData(15000, 6)]
    public void A_county_center_scores_item_3_by_its_floor_area_tier(decimal floorAreaM2, decimal points) =>
        Assert.Equal(points, CriteriaRules.TieredPoints(Item3Tiers, "county", floorAreaM2));

    /// <summary>
    /// The seed sets the city center one bar, level 1 at 15000 m² or more, and no lower tier for
    /// it: below 15000 m² a city center scores 0 (county tiers are not applied to it).
    /// </summary>
    [Theory]
    [InlineData(6000, 0)]
    [InlineData(14999, 0)]
    [InlineData(14999.5, 0)]
    [InlineData(15000, 6)]
    [InlineData(30000, 6)]
    public void A_city_center_scores_item_3_only_at_15000_square_metres_or_more(decimal floorAreaM2, decimal points) =>
        Assert.Equal(points, CriteriaRules.TieredPoints(Item3Tiers, "city", floorAreaM2));

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
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(84.5, 0)]
    [InlineData(85, 3)]
    [InlineData(89.5, 3)]
    [InlineData(90, 4)]
    [InlineData(94.5, 4)]
    [InlineData(95, 5)]
    [InlineData(100, 5)]
    public void Thresholds_are_inclusive(decimal total, int stars) =>
        Assert.Equal(stars, Scheme.StarsFor(total, anyVetoFailed: false));

    [Theory]
    [InlineData(100)]
    [InlineData(95)]
    [InlineData(85)]
    public void A_failed_veto_item_cancels_any_star_whatever_the_total(decimal total) =>
        Assert.Equal(0, Scheme.StarsFor(total, anyVetoFailed: true));

    [Theory]
    [InlineData(-0.5)]
    [InlineData(100.5)]
    public void A_total_outside_0_to_100_is_an_error(decimal total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheme.StarsFor(total, anyVetoFailed: false));
}
