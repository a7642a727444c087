namespace StarPlatform.Scoring.Model;

/// <summary>
/// Scoring's copy of a registry unit (center, window or outlet), fed by the registry's events.
/// Applications name a unit; appendix 1 item 3 is computed from its level and floor area.
/// </summary>
public sealed class Unit
{
    public Guid Id { get; set; }

    /// <summary>center, window or outlet.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }
    public required string Level { get; set; }
    /// <summary>The unit's division code (a window's is its center's; a group point has none).</summary>
    public string? DivisionCode { get; set; }
    public Guid? ParentId { get; set; }

    /// <summary>Main-building floor area in m² (centers only).</summary>
    public decimal? FloorAreaM2 { get; set; }

    public required string Status { get; set; }

    /// <summary>The registry's revision this copy reflects (1 when registered); older updates are ignored.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>When the registry made the change this copy reflects.</summary>
    public DateTimeOffset ChangedAt { get; set; }
}
