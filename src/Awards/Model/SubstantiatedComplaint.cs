namespace StarPlatform.Awards.Model;

/// <summary>
/// 有效投诉 (a substantiated complaint) recorded against a unit. It revokes nothing by itself (only a
/// confirmed violation does); it is shown on the award whose term it happened in.
/// </summary>
public sealed class SubstantiatedComplaint
{
    public Guid ComplaintId { get; set; }

    public required string CaseNumber { get; set; }

    public Guid UnitId { get; set; }

    public required string Category { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset SubstantiatedAt { get; set; }

    /// <summary>The unit's award whose term covers <see cref="OccurredAt"/>, if any.</summary>
    public Guid? AwardId { get; set; }

    /// <summary>When a re-review on appeal found the complaint not substantiated after all (null while it stands).</summary>
    public DateTimeOffset? ReversedAt { get; set; }

    /// <summary>The re-review's finding, when reversed.</summary>
    public string? ReversalSummary { get; set; }
}
