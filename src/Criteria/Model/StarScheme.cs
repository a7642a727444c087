namespace StarPlatform.Criteria.Model;

/// <summary>
/// How a total becomes stars (星级评定): creation items (创建项目考核) + public satisfaction
/// (群众满意度测评) + panel judgement (考评小组评定), and the minimum total per star level.
/// "95分以上" includes 95 itself, so thresholds are inclusive. A failed veto item (一票否决)
/// cancels any star. Stored as data, versioned like the sets: each version is published
/// (<c>StarSchemePublished</c>) and never changes; Scoring computes every result with the version
/// its cycle pinned. Scoring holds the arithmetic; the catalog holds the numbers.
/// </summary>
public sealed class StarScheme
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public int Version { get; set; }
    public decimal CreationPoints { get; set; }
    public decimal SatisfactionPoints { get; set; }
    public decimal PanelPoints { get; set; }

    /// <summary>Highest star level first.</summary>
    public List<StarThreshold> Thresholds { get; set; } = [];

    /// <summary>Whether a failed veto item leaves the unit without a star whatever its total (true in the 2012 scheme).</summary>
    public bool VetoCancelsStars { get; set; }

    public string? Source { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset PublishedAt { get; set; }

    public decimal MaxTotal => CreationPoints + SatisfactionPoints + PanelPoints;
}

/// <summary>A total of at least <see cref="MinTotal"/> earns <see cref="Stars"/>.</summary>
public sealed class StarThreshold
{
    public int Stars { get; set; }
    public decimal MinTotal { get; set; }
}
