namespace StarPlatform.Awards.Model;

/// <summary>
/// Awards' copy of a registry unit (center, window or outlet), fed by the registry's events, so
/// the public list of stars can be read by level and division without calling the registry.
/// </summary>
public sealed class Unit
{
    public Guid Id { get; set; }

    /// <summary>center, window or outlet.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>city, county, township, village or group.</summary>
    public required string Level { get; set; }

    /// <summary>The unit's division code (a window's is its center's; a group point has none).</summary>
    public string? DivisionCode { get; set; }

    public Guid? ParentId { get; set; }

    /// <summary>active, suspended or closed.</summary>
    public required string Status { get; set; }

    /// <summary>The registry's revision this copy reflects (1 when registered); older updates are ignored.</summary>
    public int Revision { get; set; } = 1;

    public DateTimeOffset ChangedAt { get; set; }
}
