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
    public DateTimeOffset OpenedAt { get; set; }
    public Guid OpenedBy { get; set; }
}

/// <summary>The criteria version a cycle scores a unit kind against.</summary>
public sealed class PinnedCriteria
{
    public required string UnitKind { get; set; }
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

/// <summary>
/// An application (申报) of one unit in one cycle: the unit as it was when filed, the pinned
/// criteria version, the panel, and the result as last computed.
/// </summary>
public sealed class Application
{
    public Guid Id { get; set; }
    public Guid CycleId { get; set; }
    public int CycleYear { get; set; }
    public Guid UnitId { get; set; }
    public required string UnitKind { get; set; }
    public required string UnitName { get; set; }
    public required string UnitLevel { get; set; }
    public string? UnitDivisionCode { get; set; }
    public Guid? UnitParentId { get; set; }
    public required string CriteriaCode { get; set; }
    public int CriteriaVersion { get; set; }
    public List<SupportingMaterial> Materials { get; set; } = [];
    public DateTimeOffset FiledAt { get; set; }
    public Guid FiledBy { get; set; }

    /// <summary>applied, under-review, scored, awaiting-approval, approved or rejected.</summary>
    public required string Stage { get; set; }

    /// <summary>What the API shows (<see cref="EvaluationLifecycle.StatusOf"/>); kept for filtering.</summary>
    public required string Status { get; set; }

    public List<Guid> EvaluatorIds { get; set; } = [];
    public decimal? SatisfactionPoints { get; set; }
    public decimal? CreationPoints { get; set; }
    public decimal? PanelPoints { get; set; }
    public decimal? Total { get; set; }
    public int? Stars { get; set; }
    public List<VetoRecord> Vetoes { get; set; } = [];
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public string? DecisionComment { get; set; }
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

    public Guid UnitId { get; set; }
    public required string UnitKind { get; set; }
    public int Year { get; set; }
    public required string CaseNumber { get; set; }
    public required string Category { get; set; }
    public DateTimeOffset At { get; set; }
}
