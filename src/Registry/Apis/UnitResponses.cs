using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

/// <summary>A center as clients see it; every unit shares id, kind, name, level, parentId and status.</summary>
public sealed record CenterResponse(
    Guid Id,
    UnitKind Kind,
    string Name,
    CenterLevel Level,
    Guid? ParentId,
    UnitStatus Status,
    string DivisionCode,
    string? Address,
    decimal FloorAreaM2,
    IReadOnlyList<string> Hotlines,
    DateTimeOffset RegisteredAt)
{
    public static CenterResponse From(Center c) =>
        new(c.Id, UnitKind.Center, c.Name, c.Level, c.ParentId, c.Status, c.DivisionCode, c.Address, c.FloorAreaM2,
            c.Hotlines, c.RegisteredAt);
}

/// <summary>A center with its windows and the outlets directly under it (<c>GET /centers/{id}?include=units</c>).</summary>
public sealed record CenterUnitsResponse(CenterResponse Center, IReadOnlyList<WindowResponse> Windows, IReadOnlyList<OutletResponse> Outlets);

/// <summary>A window; its parent is its center and its level the center's.</summary>
public sealed record WindowResponse(
    Guid Id,
    UnitKind Kind,
    string Name,
    CenterLevel Level,
    Guid ParentId,
    UnitStatus Status,
    Guid CenterId,
    string Department,
    int ApprovalItemCount,
    DateTimeOffset OpenedAt)
{
    public static WindowResponse From(Window w) =>
        new(w.Id, UnitKind.Window, w.Name, w.Level, w.CenterId, w.Status, w.CenterId, w.Department, w.ApprovalItemCount, w.OpenedAt);
}

/// <summary>A township outlet, village point or group agency point.</summary>
public sealed record OutletResponse(
    Guid Id,
    UnitKind Kind,
    string Name,
    OutletLevel Level,
    Guid ParentId,
    UnitStatus Status,
    string? DivisionCode,
    string? Address,
    DateTimeOffset RegisteredAt)
{
    public static OutletResponse From(Outlet o) =>
        new(o.Id, UnitKind.Outlet, o.Name, o.Level, o.ParentId, o.Status, o.DivisionCode, o.Address, o.RegisteredAt);
}

/// <summary>Any unit in a list of the hierarchy (children, ancestors, subtree).</summary>
public sealed record UnitSummary(
    Guid Id, UnitKind Kind, string Name, UnitLevel Level, Guid? ParentId, UnitStatus Status, string? DivisionCode)
{
    public static UnitSummary From(UnitRef u) => new(u.Id, u.Kind, u.Name, u.Level, u.ParentId, u.Status, u.DivisionCode);
}
