using StarPlatform.Http;

namespace StarPlatform.Registry.Model;

/// <summary>Any unit reduced to what the hierarchy rules need.</summary>
public sealed record UnitRef(
    Guid Id, UnitKind Kind, UnitLevel Level, Guid? ParentId, string Name, string? DivisionCode, UnitStatus Status)
{
    public static UnitRef Of(Center c) =>
        new(c.Id, UnitKind.Center, UnitRules.LevelOf(c.Level), c.ParentId, c.Name, c.DivisionCode, c.Status);

    public static UnitRef Of(Window w) =>
        new(w.Id, UnitKind.Window, UnitRules.LevelOf(w.Level), w.CenterId, w.Name, null, w.Status);

    public static UnitRef Of(Outlet o) =>
        new(o.Id, UnitKind.Outlet, UnitRules.LevelOf(o.Level), o.ParentId, o.Name, o.DivisionCode, o.Status);
}

/// <summary>Rules every unit shares: names, statuses and closing, paging.</summary>
public static class UnitRules
{
    public const int MaxNameLength = 200;
    public const int MaxAddressLength = 500;

    public static UnitLevel LevelOf(CenterLevel level) => level == CenterLevel.City ? UnitLevel.City : UnitLevel.County;

    public static UnitLevel LevelOf(OutletLevel level) => level switch
    {
        OutletLevel.Township => UnitLevel.Township,
        OutletLevel.Village => UnitLevel.Village,
        _ => UnitLevel.Group,
    };

    /// <summary>Depth in the five-level system: city 0 … group 4.</summary>
    public static int Depth(UnitLevel level) => (int)level;

    public static string Name(UnitKind kind) => kind.ToString().ToLowerInvariant();

    public static string Name(UnitLevel level) => level.ToString().ToLowerInvariant();

    public static string Name(CenterLevel level) => level.ToString().ToLowerInvariant();

    public static string Name(OutletLevel level) => level.ToString().ToLowerInvariant();

    public static string Name(UnitStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseStatus(string? value, out UnitStatus status)
    {
        switch (value)
        {
            case "active":
                status = UnitStatus.Active;
                return true;
            case "suspended":
                status = UnitStatus.Suspended;
                return true;
            case "closed":
                status = UnitStatus.Closed;
                return true;
            default:
                status = default;
                return false;
        }
    }

    public static bool TryParseLevel(string? value, out UnitLevel level)
    {
        level = value switch
        {
            "city" => UnitLevel.City,
            "county" => UnitLevel.County,
            "township" => UnitLevel.Township,
            "village" => UnitLevel.Village,
            "group" => UnitLevel.Group,
            _ => (UnitLevel)(-1),
        };
        return Enum.IsDefined(level);
    }

    /// <summary>Checks a name: required, trimmed, at most <see cref="MaxNameLength"/> characters.</summary>
    public static string? NameError(string? name, out string trimmed, string what = "A name")
    {
        trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return $"{what} is required.";
        }

        return trimmed.Length > MaxNameLength ? $"{what} has at most {MaxNameLength} characters." : null;
    }

    /// <summary>Checks an optional address; blank means none.</summary>
    public static string? AddressError(string? address, out string? trimmed)
    {
        trimmed = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        return trimmed is { Length: > MaxAddressLength } ? $"An address has at most {MaxAddressLength} characters." : null;
    }

    /// <summary>
    /// A status change (422 when refused): a closed unit stays closed (register a new one instead),
    /// and a unit closes only once every child of it is closed.
    /// </summary>
    public static string? StatusChangeProblem(UnitStatus from, UnitStatus to, IReadOnlyCollection<UnitRef> children)
    {
        if (from == UnitStatus.Closed)
        {
            return "A closed unit does not change; register a new one instead.";
        }

        if (to != UnitStatus.Closed)
        {
            return null;
        }

        var open = children.Where(c => c.Status != UnitStatus.Closed).ToList();
        return open.Count == 0
            ? null
            : $"The unit has {open.Count} unit(s) below it that are not closed (e.g. {open[0].Kind.ToString().ToLowerInvariant()} '{open[0].Name}'); close them first.";
    }


    /// <summary>
    /// Whether an <c>If-Match</c> header names the unit's current version: a strong or weak ETag
    /// <c>"&lt;version&gt;"</c> among those listed, or <c>*</c>.
    /// </summary>
    public static bool IfMatchHolds(string ifMatch, uint version)
    {
        var current = $"\"{version}\"";
        foreach (var part in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || tag == current)
            {
                return true;
            }
        }

        return false;
    }

    public static string ETag(uint version) => $"\"{version}\"";
}
