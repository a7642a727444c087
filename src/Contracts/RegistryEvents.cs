namespace StarPlatform.Contracts;

/// <summary>
/// A government service center (政务服务中心) was registered at city or county level.
/// Scoring, Complaints and Awards keep a local copy of every unit from these events.
/// It is the center's revision 1.
/// </summary>
public sealed record CenterRegistered(
    Guid CenterId,
    string Name,
    UnitLevel Level,
    string DivisionCode,
    Guid? ParentId,
    string? Address,
    decimal FloorAreaM2,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<string>? Hotlines = null);

/// <summary>
/// A department's service window (窗口) opened inside a center; its level and division code are
/// its center's. Revision 1 of the window.
/// </summary>
public sealed record WindowOpened(
    Guid WindowId,
    Guid CenterId,
    string Department,
    string Name,
    UnitLevel Level,
    string DivisionCode,
    int ApprovalItemCount,
    DateTimeOffset OpenedAt);

/// <summary>
/// A township outlet (乡镇(街道)便民服务中心), village point (村(社区)便民服务室(点)) or group
/// agency point (组代办点) was registered under its parent. Revision 1 of the outlet.
/// </summary>
public sealed record OutletRegistered(
    Guid OutletId,
    string Name,
    UnitLevel Level,
    Guid ParentId,
    string? DivisionCode,
    string? Address,
    DateTimeOffset RegisteredAt);

/// <summary>
/// A unit changed. <see cref="ChangedFields"/> names what changed (camelCase, as in the API:
/// <c>name</c>, <c>address</c>, <c>floorAreaM2</c>, <c>hotlines</c>, <c>department</c>,
/// <c>approvalItemCount</c>, <c>status</c>); the rest is the unit as it now is, so a copy can
/// take the whole unit when <see cref="Revision"/> is newer than its own, whatever order events
/// arrive in. Fields that do not apply to the kind are null.
/// </summary>
public sealed record UnitUpdated(
    Guid UnitId,
    UnitKind Kind,
    int Revision,
    IReadOnlyList<string> ChangedFields,
    string Name,
    UnitLevel Level,
    Guid? ParentId,
    string? DivisionCode,
    UnitStatus Status,
    string? Address,
    decimal? FloorAreaM2,
    IReadOnlyList<string>? Hotlines,
    string? Department,
    int? ApprovalItemCount,
    DateTimeOffset UpdatedAt);

/// <summary>A unit closed (it had no open unit below it). Closed units stay closed.</summary>
public sealed record UnitClosed(
    Guid UnitId,
    UnitKind Kind,
    int Revision,
    DateTimeOffset ClosedAt);
