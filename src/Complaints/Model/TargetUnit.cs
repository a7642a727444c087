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
    /// <summary>The unit's division code (a window's is its center's; a group point has none).</summary>
    public string? DivisionCode { get; set; }
    public Guid? ParentId { get; set; }

    /// <summary>Closed units take no new complaints.</summary>
    public bool AcceptsComplaints { get; set; } = true;

    /// <summary>The registry's revision this copy reflects (1 when registered); older updates are ignored.</summary>
    public int Revision { get; set; } = 1;

    public DateTimeOffset ChangedAt { get; set; }
}
