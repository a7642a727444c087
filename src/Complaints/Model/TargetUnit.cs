namespace StarPlatform.Complaints.Model;

/// <summary>
/// A unit a complaint can be lodged against (a center, window or outlet): Complaints' copy of
/// the registry, fed by its events, so intake can check targets without calling the registry.
/// </summary>
public sealed class TargetUnit
{
    public Guid Id { get; set; }

    /// <summary>center, window or outlet.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }
    public required string DivisionCode { get; set; }
    public Guid? ParentId { get; set; }

    /// <summary>Closed units take no new complaints.</summary>
    public bool AcceptsComplaints { get; set; } = true;

    public DateTimeOffset ChangedAt { get; set; }
}
