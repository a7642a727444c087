namespace StarPlatform.Awards.Model;

/// <summary>
/// An approved evaluation result as Awards received it, with or without stars. Kept so a redelivered
/// approval grants nothing twice and so a unit's history shows its no-star results too.
/// </summary>
public sealed class ApprovedResult
{
    public Guid ApplicationId { get; set; }

    public Guid UnitId { get; set; }

    public Guid CycleId { get; set; }

    public int CycleYear { get; set; }

    public int Stars { get; set; }

    public decimal Total { get; set; }

    public DateTimeOffset ApprovedAt { get; set; }

    /// <summary>The award it granted, when it had stars.</summary>
    public Guid? AwardId { get; set; }
}
