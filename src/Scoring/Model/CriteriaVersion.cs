using StarPlatform.Contracts;

namespace StarPlatform.Scoring.Model;

/// <summary>
/// Scoring's copy of a published criteria version (考评标准), fed by <c>CriteriaVersionPublished</c>.
/// Published versions never change, so the copy is written once and an evaluation is scored
/// against exactly the version it names.
/// </summary>
public sealed class CriteriaVersion
{
    public required string Code { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }

    public UnitKind UnitKind { get; set; }

    /// <summary>The county owning a township-outlet set; null for the city's sets.</summary>
    public string? OwnerDivisionCode { get; set; }

    public decimal TotalPoints { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public List<CriteriaItem> Items { get; set; } = [];
}

/// <summary>An item as Scoring needs it: maximum, kind, veto (一票否决) and tiers.</summary>
public sealed class CriteriaItem
{
    public int Number { get; set; }
    public required string Category { get; set; }
    public required string Text { get; set; }
    public decimal MaxPoints { get; set; }

    /// <summary>graded or tiered.</summary>
    public required string Kind { get; set; }

    public bool Veto { get; set; }
    public List<CriteriaTier> Tiers { get; set; } = [];

    /// <summary>The outside finding that fails this veto item, as the catalog published it (null: only the panel fails it).</summary>
    public OutsideVeto? OutsideVeto { get; set; }

    /// <summary>Whether <paramref name="finding"/> fails this item: the catalog's data, next to the item.</summary>
    public bool FailedBy(UnitFinding finding) => Veto && OutsideVeto is { } veto && finding.Source switch
    {
        VetoSources.Complaint => veto.Finding == FindingKind.Complaint,
        VetoSources.Violation => veto.Finding == FindingKind.Violation && veto.Offences.Contains(finding.Offence),
        _ => false,
    };
}

/// <summary>Which finding fails a veto item: a substantiated complaint, or a violation naming one of <see cref="Offences"/> (their words).</summary>
public sealed class OutsideVeto
{
    public FindingKind Finding { get; set; }
    public List<string> Offences { get; set; } = [];
}

/// <summary>A unit of <see cref="Level"/> with at least <see cref="MinFloorAreaM2"/> m² scores <see cref="Points"/>.</summary>
public sealed class CriteriaTier
{
    public required string Level { get; set; }
    public decimal MinFloorAreaM2 { get; set; }
    public decimal Points { get; set; }
}
