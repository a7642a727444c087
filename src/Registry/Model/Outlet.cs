namespace StarPlatform.Registry.Model;

/// <summary>
/// A convenience-service outlet below a county center: a township/street center
/// (乡镇(街道)便民服务中心), a village/community service room or point (村(社区)便民服务室(点)),
/// or a group-level agency point (组代办点).
/// </summary>
public sealed class Outlet
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public OutletLevel Level { get; set; }

    /// <summary>A township's parent is a county center, a village's a township, a group's a village.</summary>
    public Guid ParentId { get; set; }

    /// <summary>Township: nine digits (乡级区划代码); village: twelve (村级); a group point has none.</summary>
    public string? DivisionCode { get; set; }

    public string? Address { get; set; }
    public UnitStatus Status { get; set; } = UnitStatus.Active;
    public DateTimeOffset RegisteredAt { get; set; }
    public int Revision { get; set; } = 1;
    public uint Version { get; set; }
}

public enum OutletLevel
{
    Township,
    Village,
    Group,
}
