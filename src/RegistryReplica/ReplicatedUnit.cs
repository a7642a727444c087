using StarPlatform.Contracts;

namespace StarPlatform.RegistryReplica;

/// <summary>
/// A registry unit (center, window or outlet) as the registry last announced it: the local copy a
/// service keeps so it never calls the registry (Scoring: who may apply and appendix 1 item 3's
/// floor area; Complaints: complaint targets; Awards: the public registry's names and places).
/// Kept by <see cref="RegistryUnitsConsumer"/>; the table is <c>units</c> in the service's database.
/// </summary>
public sealed class ReplicatedUnit
{
    public Guid Id { get; set; }
    public UnitKind Kind { get; set; }
    public required string Name { get; set; }
    public UnitLevel Level { get; set; }

    /// <summary>The unit's division code (a window's is its center's; a group point has none).</summary>
    public string? DivisionCode { get; set; }

    /// <summary>The unit above it: a window's center, an outlet's parent, a county center's city center.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>Main-building floor area in m² (centers only).</summary>
    public decimal? FloorAreaM2 { get; set; }

    /// <summary>The department a window belongs to (windows only).</summary>
    public string? Department { get; set; }

    public UnitStatus Status { get; set; } = UnitStatus.Active;

    /// <summary>The registry's revision this copy reflects (1 when registered); older updates change nothing.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>When the registry made the change this copy reflects.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public bool IsClosed => Status == UnitStatus.Closed;
}
