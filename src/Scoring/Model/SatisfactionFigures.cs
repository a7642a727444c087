using StarPlatform.Contracts;

namespace StarPlatform.Scoring.Model;

/// <summary>
/// Scoring's copy of a satisfaction mapping version (满意度测评) the catalog published
/// (<c>SatisfactionMappingPublished</c>). Published versions never change; the newest one derives an
/// application's satisfaction points (decision 0019).
/// </summary>
public sealed class SatisfactionMapping
{
    public required string Code { get; set; }
    public int Version { get; set; }
    public decimal Points { get; set; }
    public List<MappingLevelWeight> LevelWeights { get; set; } = [];
    public required string Method { get; set; }
    public List<MappingBand> Bands { get; set; } = [];
    public required string EvidenceSetCode { get; set; }
    public int EvidenceItem { get; set; }
    public decimal MinEvaluationRate { get; set; }
    public decimal MinSatisfactionRate { get; set; }
    public DateTimeOffset PublishedAt { get; set; }

    public static SatisfactionMapping From(SatisfactionMappingPublished m) => new()
    {
        Code = m.Code,
        Version = m.Version,
        Points = m.Points,
        LevelWeights = m.LevelWeights.Select(w => new MappingLevelWeight { Level = w.Level, Weight = w.Weight }).ToList(),
        Method = m.Method,
        Bands = m.Bands.Select(b => new MappingBand { MinRate = b.MinRate, Points = b.Points }).ToList(),
        EvidenceSetCode = m.EvidenceSetCode,
        EvidenceItem = m.EvidenceItem,
        MinEvaluationRate = m.MinEvaluationRate,
        MinSatisfactionRate = m.MinSatisfactionRate,
        PublishedAt = m.PublishedAt,
    };

    /// <summary>As published, for <see cref="SatisfactionMath"/>.</summary>
    public SatisfactionMappingPublished ToPublished() => new(
        Code, Version, Points, LevelWeights.Select(w => new PublishedLevelWeight(w.Level, w.Weight)).ToList(), Method,
        Bands.Select(b => new PublishedSatisfactionBand(b.MinRate, b.Points)).ToList(), EvidenceSetCode, EvidenceItem,
        MinEvaluationRate, MinSatisfactionRate, PublishedAt);
}

public sealed class MappingLevelWeight
{
    public RatingLevel Level { get; set; }
    public decimal Weight { get; set; }
}

public sealed class MappingBand
{
    public decimal MinRate { get; set; }
    public decimal Points { get; set; }
}

/// <summary>
/// Scoring's copy of a unit's 好差评 counts for one month (China time), as Ratings last announced them
/// (<c>UnitMonthRatingsChanged</c>); the announcement with the larger <see cref="Tally"/> wins.
/// </summary>
public sealed class UnitMonthRatings : UnitMonthCounts
{
    public long Tally { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// What 好差评 says of an application (decision 0019): the period (the cycle year's months), the counts, the
/// mapping version, the derived points and window item 6's evidence. Null members when there is nothing to
/// derive from.
/// </summary>
public sealed record DerivedSatisfaction(
    DateOnly From, DateOnly To, RatingCounts Counts, SatisfactionMappingPublished? Mapping, decimal? Points, bool IsEvidenceItemSet)
{
    public decimal? EvaluationRate => SatisfactionMath.EvaluationRate(Counts);
    public decimal? SatisfactionRate => Mapping is null ? null : SatisfactionMath.SatisfactionRate(Mapping, Counts);

    /// <summary>The reason kept in the history when the secretary accepts the derived points (Chinese first, as the console shows it).</summary>
    public string Provenance => Mapping is null ? "" :
        $"采用好差评推算得分：计分办法 {Mapping.Code} 第 {Mapping.Version} 版，{From:yyyy-MM} 至 {To:yyyy-MM}，"
        + $"办件 {Counts.Served} 件、已评价 {Counts.Rated} 件、评价 {Counts.Ratings} 条"
        + $"（非常满意 {Counts.VerySatisfied}，满意 {Counts.Satisfied}，基本满意 {Counts.FairlySatisfied}，不满意 {Counts.Dissatisfied}，非常不满意 {Counts.VeryDissatisfied}）。";
}
