using StarPlatform.Contracts;

namespace StarPlatform.Scoring.Model;

/// <summary>
/// An evaluation cycle (星级评定周期): one per year, every two years by default, with its
/// application window (dates, China time) and the criteria version pinned for centers and windows.
/// Status: open → evaluating → closed.
/// </summary>
public sealed class Cycle
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public DateOnly ApplicationOpensOn { get; set; }
    public DateOnly ApplicationClosesOn { get; set; }
    public required string Status { get; set; }
    public List<PinnedCriteria> Criteria { get; set; } = [];

    /// <summary>The star scheme the cycle scores with: the catalog's latest published version when it opened.</summary>
    public required string SchemeCode { get; set; }

    public int SchemeVersion { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public Guid OpenedBy { get; set; }
}

/// <summary>The criteria version a cycle scores a unit kind against.</summary>
public sealed class PinnedCriteria
{
    public UnitKind UnitKind { get; set; }
    public required string Code { get; set; }
    public int Version { get; set; }
}

public static class CycleStatuses
{
    public const string Open = "open";
    public const string Evaluating = "evaluating";
    public const string Closed = "closed";
}

/// <summary>A panel member (考评小组成员): the evaluator's token <c>sub</c>, and what they are affiliated with.</summary>
public sealed class PanelMember
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Organisation { get; set; }
    public Guid? AffiliatedUnitId { get; set; }
    public string? AffiliatedDivisionCode { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A reference to a supporting material (申报材料) kept elsewhere (document store, URL).</summary>
public sealed class SupportingMaterial
{
    public required string Title { get; set; }
    public required string Reference { get; set; }
}

public sealed class VetoRecord
{
    public int Item { get; set; }
    public required string Reason { get; set; }
    public required string Source { get; set; }
    public string? CaseNumber { get; set; }
}

/// <summary>One evaluator's sheet for one application: every item and the panel judgement.</summary>
public sealed class ScoreSheet
{
    public Guid ApplicationId { get; set; }
    public Guid EvaluatorId { get; set; }
    public List<SheetItem> Items { get; set; } = [];
    public decimal PanelJudgement { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class SheetItem
{
    public int Number { get; set; }
    public decimal Points { get; set; }
    public bool VetoFailed { get; set; }
    public string? Note { get; set; }

    /// <summary>A tiered item's points as computed from the registry copy; differs from Points when overridden.</summary>
    public decimal? ComputedPoints { get; set; }
}

/// <summary>The audit of every score change: who, when, what it was, what it became and why.</summary>
public sealed class ScoreChange
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ActorId { get; set; }
    public required string ActorRole { get; set; }

    /// <summary>item, panel-judgement, satisfaction or veto (an outside finding).</summary>
    public required string Subject { get; set; }

    public Guid? EvaluatorId { get; set; }
    public int? ItemNumber { get; set; }
    public decimal? OldPoints { get; set; }
    public decimal? NewPoints { get; set; }
    public bool? OldVetoFailed { get; set; }
    public bool? NewVetoFailed { get; set; }
    public string? Reason { get; set; }
}

/// <summary>
/// A substantiated complaint (有效投诉) or confirmed violation against a unit, by the year it counts
/// in (China time). Kept whether or not the unit has applied: an application filed later is vetoed too.
/// </summary>
public sealed class UnitFinding
{
    public Guid ComplaintId { get; set; }

    /// <summary>complaint or violation.</summary>
    public required string Source { get; set; }

    /// <summary>The offence a violation names (its word); empty for a substantiated complaint. Part of the key: a re-review may confirm another offence.</summary>
    public string Offence { get; set; } = "";

    public Guid UnitId { get; set; }
    public UnitKind UnitKind { get; set; }
    public int Year { get; set; }
    public required string CaseNumber { get; set; }
    public required string Category { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A finding withdrawn on re-review (复核): the complaint is no longer substantiated, or the
/// violation no longer confirmed. Kept by (complaint, source) whether or not the finding has arrived
/// yet, so a finding that arrives after its reversal never vetoes; the finding itself is kept for the record.
/// </summary>
public sealed class FindingReversal
{
    public Guid ComplaintId { get; set; }

    /// <summary>complaint (the substantiation was reversed) or violation.</summary>
    public required string Source { get; set; }

    /// <summary>The reversed violation's offence (its word); empty for a reversed substantiation.</summary>
    public string Offence { get; set; } = "";

    public Guid UnitId { get; set; }
    public required string CaseNumber { get; set; }
    public DateTimeOffset ReversedAt { get; set; }
    public required string Summary { get; set; }
}
