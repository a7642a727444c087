using StarPlatform.Contracts;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

/// <summary>The registry's events, built from the units as they are after a change.</summary>
internal static class UnitEvents
{
    public static CenterRegistered Registered(Center c) =>
        new(c.Id, c.Name, UnitRules.LevelOf(c.Level), c.DivisionCode, c.ParentId, c.Address, c.FloorAreaM2, c.RegisteredAt, c.Hotlines);

    public static WindowOpened Opened(Window w, Center center) =>
        new(w.Id, w.CenterId, w.Department, w.Name, UnitRules.LevelOf(w.Level), center.DivisionCode, w.ApprovalItemCount, w.OpenedAt);

    public static OutletRegistered Registered(Outlet o) =>
        new(o.Id, o.Name, UnitRules.LevelOf(o.Level), o.ParentId, o.DivisionCode, o.Address, o.RegisteredAt);

    public static UnitUpdated Updated(Center c, IReadOnlyList<string> changed, DateTimeOffset at) =>
        new(c.Id, UnitKind.Center, c.Revision, changed, c.Name, UnitRules.LevelOf(c.Level), c.ParentId, c.DivisionCode,
            c.Status, c.Address, c.FloorAreaM2, c.Hotlines, null, null, at);

    public static UnitUpdated Updated(Window w, string centerDivisionCode, IReadOnlyList<string> changed, DateTimeOffset at) =>
        new(w.Id, UnitKind.Window, w.Revision, changed, w.Name, UnitRules.LevelOf(w.Level), w.CenterId, centerDivisionCode,
            w.Status, null, null, null, w.Department, w.ApprovalItemCount, at);

    public static UnitUpdated Updated(Outlet o, IReadOnlyList<string> changed, DateTimeOffset at) =>
        new(o.Id, UnitKind.Outlet, o.Revision, changed, o.Name, UnitRules.LevelOf(o.Level), o.ParentId, o.DivisionCode,
            o.Status, o.Address, null, null, null, null, at);

    public static UnitClosed Closed(Guid id, UnitKind kind, int revision, DateTimeOffset at) =>
        new(id, kind, revision, at);
}
