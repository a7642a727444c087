namespace StarPlatform.Contracts;

/// <summary>
/// A version of the satisfaction mapping (满意度测评) was published in the criteria catalog: which rating
/// levels count as satisfied and with what weight, how the satisfaction rate becomes the star scheme's
/// satisfaction points (<paramref name="Method"/> <c>linear</c> or <c>bands</c>), and the rates window item 6
/// asks for ("评价率95%以上，满意率98%以上"). Scoring keeps a copy of every version and derives an
/// application's satisfaction points with the newest.
/// </summary>
public sealed record SatisfactionMappingPublished(
    string Code,
    int Version,
    decimal Points,
    IReadOnlyList<PublishedLevelWeight> LevelWeights,
    string Method,
    IReadOnlyList<PublishedSatisfactionBand> Bands,
    string EvidenceSetCode,
    int EvidenceItem,
    decimal MinEvaluationRate,
    decimal MinSatisfactionRate,
    DateTimeOffset PublishedAt);

/// <summary>A rating of <paramref name="Level"/> counts <paramref name="Weight"/> (0 to 1) of a satisfied rating.</summary>
public sealed record PublishedLevelWeight(RatingLevel Level, decimal Weight);

/// <summary>A satisfaction rate of at least <paramref name="MinRate"/> percent earns <paramref name="Points"/>.</summary>
public sealed record PublishedSatisfactionBand(decimal MinRate, decimal Points);

/// <summary>
/// A unit's 好差评 counts for one month (China time) as they stand after a write that moved them: transactions
/// served, transactions rated on any channel, ratings by level. Published by Ratings through its outbox once
/// per unit and month a write touched (a batch of 1,000 records for one window is one message, not 1,000).
/// The counts only grow, so a copy keeps the figures with the larger <see cref="Tally"/> whatever the order
/// they arrive in.
/// </summary>
public sealed record UnitMonthRatingsChanged(
    Guid UnitId,
    DateOnly Month,
    long Served,
    long Rated,
    long VerySatisfied,
    long Satisfied,
    long FairlySatisfied,
    long Dissatisfied,
    long VeryDissatisfied,
    DateTimeOffset ChangedAt)
{
    /// <summary>Grows with every write that changes the month: the order of two announcements of the same month.</summary>
    public long Tally => Served + Rated + VerySatisfied + Satisfied + FairlySatisfied + Dissatisfied + VeryDissatisfied;
}

/// <summary>Counts of 好差评 over a period: transactions served and rated, ratings by level (best first).</summary>
public sealed record RatingCounts(long Served, long Rated, long VerySatisfied, long Satisfied, long FairlySatisfied, long Dissatisfied, long VeryDissatisfied)
{
    public static readonly RatingCounts None = new(0, 0, 0, 0, 0, 0, 0);

    public long Ratings => VerySatisfied + Satisfied + FairlySatisfied + Dissatisfied + VeryDissatisfied;

    public long Of(RatingLevel level) => level switch
    {
        RatingLevel.VerySatisfied => VerySatisfied,
        RatingLevel.Satisfied => Satisfied,
        RatingLevel.FairlySatisfied => FairlySatisfied,
        RatingLevel.Dissatisfied => Dissatisfied,
        RatingLevel.VeryDissatisfied => VeryDissatisfied,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public RatingCounts Plus(RatingCounts other) => new(Served + other.Served, Rated + other.Rated, VerySatisfied + other.VerySatisfied,
        Satisfied + other.Satisfied, FairlySatisfied + other.FairlySatisfied, Dissatisfied + other.Dissatisfied, VeryDissatisfied + other.VeryDissatisfied);
}

/// <summary>
/// A unit's 好差评 counts for one month (China time) as a service keeps them in a row: Ratings' own figures and
/// Scoring's copy of them hold the same columns, and read them as <see cref="RatingCounts"/>.
/// </summary>
public abstract class UnitMonthCounts
{
    public Guid UnitId { get; set; }
    public DateOnly Month { get; set; }
    public long Served { get; set; }
    public long Rated { get; set; }
    public long VerySatisfied { get; set; }
    public long Satisfied { get; set; }
    public long FairlySatisfied { get; set; }
    public long Dissatisfied { get; set; }
    public long VeryDissatisfied { get; set; }

    public RatingCounts Counts => new(Served, Rated, VerySatisfied, Satisfied, FairlySatisfied, Dissatisfied, VeryDissatisfied);

    /// <summary>The counts of <paramref name="months"/> added up (none: <see cref="RatingCounts.None"/>).</summary>
    public static RatingCounts Total(IEnumerable<UnitMonthCounts> months) =>
        months.Aggregate(RatingCounts.None, (sum, month) => sum.Plus(month.Counts));
}

/// <summary>
/// The arithmetic of a satisfaction mapping (decision 0019), shared by the catalog and Scoring so both say
/// the same: the satisfaction rate is Σ(weight × ratings of the level) ÷ all ratings; linear points are the
/// mapping's points × that rate, in tenths half away from zero; bands give the points of the highest band
/// whose minimum the rate reaches (0 below every band). A threshold is met when the exact rate reaches it
/// (94.995 % does not meet 95 %, though it is shown rounded as 95.00).
/// </summary>
public static class SatisfactionMath
{
    public const string Linear = "linear";
    public const string Bands = "bands";

    /// <summary>The weighted satisfied share of the ratings, 0 to 1; null without ratings.</summary>
    public static decimal? SatisfiedShare(SatisfactionMappingPublished mapping, RatingCounts counts)
    {
        if (counts.Ratings <= 0)
        {
            return null;
        }

        var satisfied = mapping.LevelWeights.Sum(w => w.Weight * counts.Of(w.Level));
        return satisfied / counts.Ratings;
    }

    /// <summary>The satisfaction points the counts earn; null without ratings (nothing to derive from).</summary>
    public static decimal? Points(SatisfactionMappingPublished mapping, RatingCounts counts)
    {
        if (SatisfiedShare(mapping, counts) is not { } share)
        {
            return null;
        }

        if (mapping.Method == Bands)
        {
            return mapping.Bands.Where(b => share * 100m >= b.MinRate).Select(b => (decimal?)b.Points).Max() ?? 0m;
        }

        return Math.Round(mapping.Points * share, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>评价率 as published: percent with two decimals half away from zero; null when nothing was served.</summary>
    public static decimal? EvaluationRate(RatingCounts counts) => Percent(counts.Rated, counts.Served);

    /// <summary>满意率 by the mapping's weights: percent with two decimals; null without ratings.</summary>
    public static decimal? SatisfactionRate(SatisfactionMappingPublished mapping, RatingCounts counts) =>
        SatisfiedShare(mapping, counts) is { } share ? Math.Round(100m * share, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>Whether the exact evaluation rate reaches the item's minimum; null when nothing was served.</summary>
    public static bool? MeetsEvaluationRate(SatisfactionMappingPublished mapping, RatingCounts counts) =>
        counts.Served <= 0 ? null : counts.Rated * 100m >= mapping.MinEvaluationRate * counts.Served;

    /// <summary>Whether the exact weighted satisfaction rate reaches the item's minimum; null without ratings.</summary>
    public static bool? MeetsSatisfactionRate(SatisfactionMappingPublished mapping, RatingCounts counts) =>
        counts.Ratings <= 0 ? null : mapping.LevelWeights.Sum(w => w.Weight * counts.Of(w.Level)) * 100m >= mapping.MinSatisfactionRate * counts.Ratings;

    /// <summary><paramref name="part"/> of <paramref name="whole"/> in percent, two decimals half away from zero; null when the whole is 0.</summary>
    public static decimal? Percent(long part, long whole) =>
        whole <= 0 ? null : Math.Round(100m * part / whole, 2, MidpointRounding.AwayFromZero);
}
