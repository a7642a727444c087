namespace StarPlatform.Scoring.Model;

/// <summary>A star level's inclusive lower bound: a total of at least <see cref="MinTotal"/> earns <see cref="Stars"/>.</summary>
public sealed class StarThreshold
{
    public int Stars { get; set; }
    public decimal MinTotal { get; set; }
}

/// <summary>
/// The star scheme (星级评定) Scoring applies: the three components' maxima and the thresholds.
/// Criteria owns the scheme but publishes no event for it, so Scoring reads it from configuration
/// (<c>Scoring:StarScheme</c>, defaults = the seed's <c>meishan-2012</c> scheme); a test compares
/// the defaults with the catalog's seed file.
/// </summary>
public sealed class StarScheme
{
    public const string Section = "Scoring:StarScheme";

    public decimal Creation { get; set; } = 80;
    public decimal Satisfaction { get; set; } = 10;
    public decimal Panel { get; set; } = 10;

    /// <summary>Empty until configured; <see cref="WithSeedDefaults"/> fills in the seed's (the binder would append to a default list).</summary>
    public List<StarThreshold> Thresholds { get; set; } = [];

    /// <summary>The seed's scheme: ≥ 95 five stars, ≥ 90 four, ≥ 85 three.</summary>
    public static StarScheme Seed => new StarScheme().WithSeedDefaults();

    public StarScheme WithSeedDefaults()
    {
        if (Thresholds.Count == 0)
        {
            Thresholds = [new() { Stars = 5, MinTotal = 95 }, new() { Stars = 4, MinTotal = 90 }, new() { Stars = 3, MinTotal = 85 }];
        }

        return this;
    }
}

/// <summary>
/// Cycle rules (<c>Scoring:Cycles</c>): a cycle every <see cref="IntervalYears"/> years (seed: 每2年),
/// applications by default in the first ten days of December of the cycle year (隔年12月初).
/// </summary>
public sealed class CycleOptions
{
    public const string Section = "Scoring:Cycles";

    public int IntervalYears { get; set; } = 2;
    public int DefaultOpensDay { get; set; } = 1;
    public int DefaultClosesDay { get; set; } = 10;
    public int DefaultMonth { get; set; } = 12;
}

/// <summary>
/// Items that outside findings fail (<c>Scoring:OutsideVetoes</c>): a substantiated complaint fails
/// appendix 2 item 7 (全年无有效投诉); a confirmed violation of discipline fails window items 17, 19, 20
/// and center item 69. Numbers not in an application's pinned version, or not veto items there,
/// are skipped.
/// </summary>
public sealed class OutsideVetoOptions
{
    public const string Section = "Scoring:OutsideVetoes";

    /// <summary>Items a substantiated complaint fails, by unit kind; empty until configured (see <see cref="WithSeedDefaults"/>).</summary>
    public Dictionary<string, List<int>> Complaint { get; set; } = [];

    /// <summary>Items a confirmed violation fails, by unit kind.</summary>
    public Dictionary<string, List<int>> Violation { get; set; } = [];

    /// <summary>The seed's mapping where nothing is configured: window 7 for a complaint; window 17, 19, 20 and center 69 for a violation.</summary>
    public OutsideVetoOptions WithSeedDefaults()
    {
        if (Complaint.Count == 0)
        {
            Complaint = new() { ["window"] = [7] };
        }

        if (Violation.Count == 0)
        {
            Violation = new() { ["window"] = [17, 19, 20], ["center"] = [69] };
        }

        return this;
    }

    public static OutsideVetoOptions Seed => new OutsideVetoOptions().WithSeedDefaults();

    public IReadOnlyList<int> ItemsFor(string source, string unitKind) =>
        (source == VetoSources.Complaint ? Complaint : Violation).TryGetValue(unitKind, out var items) ? items : [];
}

public static class VetoSources
{
    public const string Panel = "panel";
    public const string Complaint = "complaint";
    public const string Violation = "violation";
}
