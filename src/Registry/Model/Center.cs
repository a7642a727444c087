namespace StarPlatform.Registry.Model;

/// <summary>
/// A government service center (政务服务中心) at city (市) or county/district (县(区)) level.
/// Its main-building floor area scores appendix 1 item 3.
/// </summary>
public sealed class Center
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public CenterLevel Level { get; set; }

    /// <summary>Six-digit administrative division code (行政区划代码); Meishan is 511400.</summary>
    public required string DivisionCode { get; set; }

    /// <summary>A county center's parent is its city center; a city center has none.</summary>
    public Guid? ParentId { get; set; }

    public string? Address { get; set; }

    /// <summary>Main-building floor area (主体建筑面积) in m².</summary>
    public decimal FloorAreaM2 { get; set; }

    /// <summary>The hotlines the center shows: 96196, 12388, 96960 (any of them, in that order).</summary>
    public List<string> Hotlines { get; set; } = [];

    public UnitStatus Status { get; set; } = UnitStatus.Active;
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>1 when registered, one more with every change; carried by every event about the unit.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>PostgreSQL xmin: optimistic concurrency and the ETag.</summary>
    public uint Version { get; set; }
}

public enum CenterLevel
{
    City,
    County,
}
