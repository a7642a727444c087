namespace StarPlatform.Contracts;

/// <summary>
/// A government service center (政务服务中心) was registered at city or county level.
/// Scoring, Complaints and Awards keep a local copy of every unit from these events.
/// </summary>
public sealed record CenterRegistered(
    Guid CenterId,
    string Name,
    string Level,
    string DivisionCode,
    Guid? ParentId,
    string? Address,
    decimal FloorAreaM2,
    DateTimeOffset RegisteredAt);
