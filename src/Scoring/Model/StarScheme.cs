namespace StarPlatform.Scoring.Model;

/// <summary>A star level's inclusive lower bound: a total of at least <see cref="MinTotal"/> earns <see cref="Stars"/>.</summary>
public sealed class StarThreshold
{
    public int Stars { get; set; }
    public decimal MinTotal { get; set; }
}

/// <summary>
/// Scoring's copy of a star scheme version (星级评定) the catalog published (<c>StarSchemePublished</c>):
/// the three components' maxima and the thresholds. Published versions never change; a cycle
/// pins the latest one when it opens and every result of the cycle is computed with it. Scoring
/// holds no numbers of its own: a scheme published with other thresholds changes the results of
/// the cycles that pin it.
/// </summary>
public sealed class StarScheme
{
    public required string Code { get; set; }
    public int Version { get; set; }
    public decimal Creation { get; set; }
    public decimal Satisfaction { get; set; }
    public decimal Panel { get; set; }

    public List<StarThreshold> Thresholds { get; set; } = [];

    /// <summary>Whether a failed veto item leaves the unit without a star whatever its total (true in 2012).</summary>
    public bool VetoCancelsStars { get; set; } = true;

    public DateTimeOffset PublishedAt { get; set; }
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

/// <summary>Where a veto came from: the panel (an evaluator failed the item), a substantiated complaint or a confirmed violation.</summary>
public static class VetoSources
{
    public const string Panel = "panel";
    public const string Complaint = "complaint";
    public const string Violation = "violation";
}
