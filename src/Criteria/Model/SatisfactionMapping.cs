using StarPlatform.Contracts;

namespace StarPlatform.Criteria.Model;

/// <summary>
/// 满意度测评: how 好差评's ratings become the star scheme's satisfaction points, as versioned catalog data
/// (decision 0019). A version is drafted, published (announced with <c>SatisfactionMappingPublished</c>)
/// and never changes after. It says which rating levels count as satisfied and with what weight, whether
/// the points follow the satisfaction rate linearly or by bands, and the rates window item 6 asks for
/// ("评价率95%以上，满意率98%以上") that Scoring shows as the item's evidence.
/// </summary>
public sealed class SatisfactionMapping
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public int Version { get; set; }
    public VersionStatus Status { get; set; }

    /// <summary>The satisfaction component of the star scheme the mapping fills (10 in 2012).</summary>
    public decimal Points { get; set; }

    /// <summary>Every level with its weight, best first.</summary>
    public List<LevelWeight> LevelWeights { get; set; } = [];

    /// <summary><c>linear</c> or <c>bands</c> (<see cref="SatisfactionMath"/>).</summary>
    public required string Method { get; set; }

    /// <summary>For <c>bands</c>: highest minimum first.</summary>
    public List<SatisfactionBand> Bands { get; set; } = [];

    public required string EvidenceSetCode { get; set; }
    public int EvidenceItem { get; set; }
    public decimal MinEvaluationRate { get; set; }
    public decimal MinSatisfactionRate { get; set; }

    public string? Source { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    public SatisfactionMappingPublished ToPublished() => new(
        Code, Version, Points,
        LevelWeights.Select(w => new PublishedLevelWeight(w.Level, w.Weight)).ToList(),
        Method,
        Bands.OrderByDescending(b => b.MinRate).Select(b => new PublishedSatisfactionBand(b.MinRate, b.Points)).ToList(),
        EvidenceSetCode, EvidenceItem, MinEvaluationRate, MinSatisfactionRate,
        PublishedAt ?? CreatedAt);
}

public sealed class LevelWeight
{
    public RatingLevel Level { get; set; }
    public decimal Weight { get; set; }
}

public sealed class SatisfactionBand
{
    public decimal MinRate { get; set; }
    public decimal Points { get; set; }
}

/// <summary>What a mapping must be: shape (400, by field) and fit with the published catalog (422 at publish).</summary>
public static class SatisfactionMappingRules
{
    public static bool IsMethod(string? method) => method is SatisfactionMath.Linear or SatisfactionMath.Bands;

    public static bool IsTenths(decimal value) => value * 10 == decimal.Truncate(value * 10);

    /// <summary>Why the mapping cannot be published against the current star scheme and the evidence item's set; empty when it can.</summary>
    public static List<string> PublishProblems(SatisfactionMapping mapping, decimal? schemeSatisfaction, decimal? evidenceItemMaxPoints)
    {
        var problems = new List<string>();
        if (schemeSatisfaction is { } points && points != mapping.Points)
        {
            problems.Add($"The points ({mapping.Points}) are not the current star scheme's satisfaction component ({points}).");
        }

        if (evidenceItemMaxPoints is null)
        {
            problems.Add($"Item {mapping.EvidenceItem} is not in the current published version of {mapping.EvidenceSetCode}.");
        }

        if (mapping.Method == SatisfactionMath.Bands && mapping.Bands.Count == 0)
        {
            problems.Add("A banded mapping needs at least one band.");
        }

        if (mapping.Bands.Any(b => b.Points > mapping.Points))
        {
            problems.Add($"No band may give more than the mapping's {mapping.Points} points.");
        }

        var ordered = mapping.Bands.OrderByDescending(b => b.MinRate).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].MinRate == ordered[i - 1].MinRate || ordered[i].Points > ordered[i - 1].Points)
            {
                problems.Add("Bands have distinct minimum rates, and a higher rate never earns fewer points.");
                break;
            }
        }

        if (!mapping.LevelWeights.Any(w => w.Weight > 0))
        {
            problems.Add("At least one level counts as satisfied (a weight above 0).");
        }

        return problems;
    }
}
