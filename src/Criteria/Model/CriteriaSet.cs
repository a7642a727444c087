namespace StarPlatform.Criteria.Model;

/// <summary>
/// A checklist (考评标准) for one kind of unit: the city's two appendices, or a county's own
/// checklist for its township outlets. Its content lives in numbered versions.
/// </summary>
public sealed class CriteriaSet
{
    public Guid Id { get; set; }

    /// <summary>Stable, URL-safe code, e.g. <c>meishan-2012-center</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public UnitKind UnitKind { get; set; }

    /// <summary>The county (division code) that owns a township-outlet set; null for the city's sets.</summary>
    public string? OwnerDivisionCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<CriteriaVersion> Versions { get; set; } = [];
}

/// <summary>draft → published (immutable) → retired.</summary>
public enum VersionStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>
/// One version of a set. A draft is edited; publishing freezes it for good, so an evaluation
/// can reference the exact version it is scored against.
/// </summary>
public sealed class CriteriaVersion
{
    public Guid Id { get; set; }
    public Guid SetId { get; set; }
    public CriteriaSet Set { get; set; } = null!;
    public int Number { get; set; }
    public VersionStatus Status { get; set; }

    /// <summary>The set total the categories must add up to (80 for both appendices: 创建项目考核80分).</summary>
    public decimal TotalPoints { get; set; }

    /// <summary>Where the content comes from (e.g. 眉府发〔2012〕30号 附件1).</summary>
    public string? Source { get; set; }

    /// <summary>How the content was transcribed or decided; kept with the version.</summary>
    public string? Notes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public List<CriteriaCategory> Categories { get; set; } = [];
    public List<CriteriaItem> Items { get; set; } = [];

    /// <summary>PostgreSQL xmin: every change of the version or its content bumps it, so a change racing a publish fails.</summary>
    public uint RowVersion { get; set; }
}

/// <summary>A category (类别) of a version, with the points its items add up to.</summary>
public sealed class CriteriaCategory
{
    public Guid Id { get; set; }
    public Guid VersionId { get; set; }

    /// <summary>Position of the category in the version, from 1.</summary>
    public int Number { get; set; }

    public required string Name { get; set; }
    public decimal Points { get; set; }
}

/// <summary>An item (考评内容) of a version: numbered across the whole set (序号), in a category.</summary>
public sealed class CriteriaItem
{
    public Guid Id { get; set; }
    public Guid VersionId { get; set; }
    public int Number { get; set; }

    /// <summary>The number of the item's category in the same version.</summary>
    public int CategoryNumber { get; set; }

    public required string Text { get; set; }

    /// <summary>考评分值: the most the item can score.</summary>
    public decimal MaxPoints { get; set; }

    public ItemKind Kind { get; set; }

    /// <summary>一票否决 (one-vote veto): failing the item cancels any star, whatever the total.</summary>
    public bool Veto { get; set; }

    /// <summary>备注, verbatim.</summary>
    public string? Notes { get; set; }

    /// <summary>The tiers of a tiered item; empty for a graded one.</summary>
    public List<Tier> Tiers { get; set; } = [];

    /// <summary>
    /// The finding from outside the panel that fails this veto item, as the seed ties them (null:
    /// only the panel fails it): window item 7 a substantiated complaint; the discipline and
    /// conduct items a confirmed violation of their offence. Scoring acts on exactly this.
    /// </summary>
    public OutsideVeto? OutsideVeto { get; set; }
}

/// <summary>Which finding fails a veto item: a substantiated complaint, or a confirmed violation naming one of <see cref="Offences"/>.</summary>
public sealed class OutsideVeto
{
    public FindingKind Finding { get; set; }

    /// <summary>For a violation: the offences that fail the item (at least one); empty for a complaint.</summary>
    public List<Offence> Offences { get; set; } = [];
}

/// <summary>How an item is scored.</summary>
public enum ItemKind
{
    /// <summary>0 up to the maximum in 0.5 steps.</summary>
    Graded,

    /// <summary>Points from the unit's level and main-building floor area (appendix 1 item 3).</summary>
    Tiered,
}

/// <summary>A unit of <see cref="Level"/> with at least <see cref="MinFloorAreaM2"/> m² scores <see cref="Points"/>.</summary>
public sealed class Tier
{
    /// <summary>city, county, township, village or group.</summary>
    public required string Level { get; set; }

    public decimal MinFloorAreaM2 { get; set; }
    public decimal Points { get; set; }
}
