using System.Text.RegularExpressions;
using StarPlatform.Http;

namespace StarPlatform.Registry.Model;

/// <summary>A center as submitted, after its shape has been checked.</summary>
public sealed record CenterDraft(
    string Name, CenterLevel Level, string DivisionCode, Guid? ParentId, string? Address, decimal FloorAreaM2);

/// <summary>A checked partial update of a center; null means unchanged.</summary>
public sealed record CenterPatch(
    string? Name, bool AddressGiven, string? Address, decimal? FloorAreaM2, IReadOnlyList<string>? Hotlines, UnitStatus? Status);

/// <summary>The registry's rules for centers, free of HTTP and storage so they can be unit-tested.</summary>
public static partial class CenterRules
{
    public const int MaxNameLength = 200;
    public const int MaxAddressLength = 500;

    /// <summary>Larger than any service hall; a guard against typing errors (m² vs. cm²).</summary>
    public const decimal MaxFloorAreaM2 = 1_000_000m;

    /// <summary>
    /// Checks the shape of a submitted center. Returns the field errors (camelCase keys, as
    /// the API reports them) and, when there are none, the normalised draft.
    /// </summary>
    public static FieldErrors Validate(
        string? name, string? level, string? divisionCode, Guid? parentId, string? address, decimal? floorAreaM2,
        out CenterDraft? draft)
    {
        var errors = new FieldErrors();
        draft = null;

        var trimmedName = name?.Trim();
        if (string.IsNullOrEmpty(trimmedName))
        {
            errors.Add("name", "A name is required.");
        }
        else if (trimmedName.Length > MaxNameLength)
        {
            errors.Add("name", $"A name has at most {MaxNameLength} characters.");
        }

        CenterLevel parsedLevel = default;
        if (!TryParseLevel(level, out parsedLevel))
        {
            errors.Add("level", "The level is 'city' or 'county'.");
        }

        var code = divisionCode?.Trim();
        if (code is null || !DivisionCodePattern().IsMatch(code))
        {
            errors.Add("divisionCode", "A division code is the six-digit administrative division code (e.g. 511400).");
        }

        var trimmedAddress = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        if (trimmedAddress is { Length: > MaxAddressLength })
        {
            errors.Add("address", $"An address has at most {MaxAddressLength} characters.");
        }

        if (floorAreaM2 is null)
        {
            errors.Add("floorAreaM2", "The main-building floor area in m² is required.");
        }
        else if (floorAreaM2 < 0 || floorAreaM2 > MaxFloorAreaM2)
        {
            errors.Add("floorAreaM2", $"The floor area is between 0 and {MaxFloorAreaM2:0} m².");
        }

        if (errors.Count == 0)
        {
            draft = new CenterDraft(trimmedName!, parsedLevel, code!, parentId, trimmedAddress, floorAreaM2!.Value);
        }

        return errors;
    }

    /// <summary>
    /// The parent rule (422 when broken): a city center has no parent; a county center's
    /// parent, when given, is an active city center.
    /// </summary>
    /// <param name="parent">the parent found for <paramref name="draft"/>'s ParentId, or null when none was found</param>
    public static string? ParentProblem(CenterDraft draft, Center? parent)
    {
        if (draft.ParentId is null)
        {
            return null;
        }

        if (draft.Level == CenterLevel.City)
        {
            return "A city center has no parent.";
        }

        if (parent is null)
        {
            return $"The parent center {draft.ParentId} does not exist.";
        }

        if (parent.Level != CenterLevel.City)
        {
            return "A county center's parent is a city center.";
        }

        return parent.Status == UnitStatus.Active ? null : "The parent center is not active.";
    }

    /// <summary>The hotlines a center can show: government service (96196), discipline reports (12388), complaints (96960).</summary>
    public static readonly IReadOnlyList<string> KnownHotlines = ["96196", "12388", "96960"];

    /// <summary>Checks the hotlines shown: each one of <see cref="KnownHotlines"/>; duplicates fold, order is the catalog's.</summary>
    public static string? HotlinesError(IReadOnlyList<string?>? hotlines, out List<string> normalised)
    {
        normalised = [];
        if (hotlines is null)
        {
            return null;
        }

        var given = hotlines.Select(h => h?.Trim()).ToList();
        var unknown = given.Where(h => h is null || !KnownHotlines.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            return $"A hotline is one of {string.Join(", ", KnownHotlines)}.";
        }

        normalised = KnownHotlines.Where(given.Contains).ToList();
        return null;
    }

    /// <summary>
    /// Checks a partial update of a center. Absent (null) fields stay as they are; an empty
    /// address clears it. Level, division code and parent are what the center is: they do not change.
    /// </summary>
    public static FieldErrors ValidatePatch(
        string? name, string? address, decimal? floorAreaM2, IReadOnlyList<string?>? hotlines, string? status,
        out CenterPatch? patch)
    {
        var errors = new FieldErrors();
        patch = null;
        string? trimmedName = null;
        if (name is not null && UnitRules.NameError(name, out _) is { } nameError)
        {
            errors.Add("name", nameError);
        }
        else if (name is not null)
        {
            trimmedName = name.Trim();
        }

        string? trimmedAddress = null;
        if (address is not null && UnitRules.AddressError(address, out trimmedAddress) is { } addressError)
        {
            errors.Add("address", addressError);
        }

        if (floorAreaM2 is < 0 or > MaxFloorAreaM2)
        {
            errors.Add("floorAreaM2", $"The floor area is between 0 and {MaxFloorAreaM2:0} m².");
        }

        if (HotlinesError(hotlines, out var normalisedHotlines) is { } hotlineError)
        {
            errors.Add("hotlines", hotlineError);
        }

        UnitStatus? parsedStatus = null;
        if (status is not null)
        {
            if (UnitRules.TryParseStatus(status, out var s))
            {
                parsedStatus = s;
            }
            else
            {
                errors.Add("status", "The status is 'active', 'suspended' or 'closed'.");
            }
        }

        if (errors.Count == 0)
        {
            patch = new CenterPatch(trimmedName, address is not null, trimmedAddress, floorAreaM2,
                hotlines is null ? null : normalisedHotlines, parsedStatus);
        }

        return errors;
    }

    /// <summary>Applies a checked patch; returns the names of the fields that really changed (camelCase).</summary>
    public static List<string> Apply(Center center, CenterPatch patch)
    {
        var changed = new List<string>();
        if (patch.Name is not null && patch.Name != center.Name)
        {
            center.Name = patch.Name;
            changed.Add("name");
        }

        if (patch.AddressGiven && patch.Address != center.Address)
        {
            center.Address = patch.Address;
            changed.Add("address");
        }

        if (patch.FloorAreaM2 is { } area && area != center.FloorAreaM2)
        {
            center.FloorAreaM2 = area;
            changed.Add("floorAreaM2");
        }

        if (patch.Hotlines is not null && !patch.Hotlines.SequenceEqual(center.Hotlines))
        {
            center.Hotlines = [.. patch.Hotlines];
            changed.Add("hotlines");
        }

        if (patch.Status is { } status && status != center.Status)
        {
            center.Status = status;
            changed.Add("status");
        }

        return changed;
    }

    public static bool TryParseLevel(string? value, out CenterLevel level)
    {
        switch (value)
        {
            case "city":
                level = CenterLevel.City;
                return true;
            case "county":
                level = CenterLevel.County;
                return true;
            default:
                level = default;
                return false;
        }
    }

    [GeneratedRegex("^[1-9][0-9]{5}$")]
    private static partial Regex DivisionCodePattern();
}
