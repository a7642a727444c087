using System.Text.RegularExpressions;
using StarPlatform.Http;

namespace StarPlatform.Registry.Model;

/// <summary>An outlet as submitted, after its shape has been checked (the parent is checked apart).</summary>
public sealed record OutletDraft(string Name, OutletLevel Level, string? DivisionCode, string? Address);

/// <summary>A checked partial update of an outlet; null means unchanged.</summary>
public sealed record OutletPatch(string? Name, bool AddressGiven, string? Address, UnitStatus? Status);

/// <summary>The registry's rules for outlets: the township, village and group levels of the five-level system.</summary>
public static partial class OutletRules
{
    public static bool TryParseLevel(string? value, out OutletLevel level)
    {
        switch (value)
        {
            case "township":
                level = OutletLevel.Township;
                return true;
            case "village":
                level = OutletLevel.Village;
                return true;
            case "group":
                level = OutletLevel.Group;
                return true;
            default:
                level = default;
                return false;
        }
    }

    /// <summary>
    /// Division codes below the county: a township's is nine digits (its county's six and three
    /// more), a village's twelve (its township's nine and three more). Group points have none.
    /// </summary>
    public static int? DivisionCodeLength(OutletLevel level) => level switch
    {
        OutletLevel.Township => 9,
        OutletLevel.Village => 12,
        _ => null,
    };

    public static FieldErrors Validate(
        string? name, string? level, string? divisionCode, string? address, out OutletDraft? draft)
    {
        var errors = new FieldErrors();
        draft = null;
        if (UnitRules.NameError(name, out var trimmedName) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        var levelKnown = TryParseLevel(level, out var parsedLevel);
        if (!levelKnown)
        {
            errors.Add("level", "The level is 'township', 'village' or 'group'.");
        }

        var code = string.IsNullOrWhiteSpace(divisionCode) ? null : divisionCode.Trim();
        if (code is not null && levelKnown)
        {
            if (DivisionCodeLength(parsedLevel) is not { } length)
            {
                errors.Add("divisionCode", "A group-level agency point has no division code of its own.");
            }
            else if (code.Length != length || !Digits().IsMatch(code) || code[0] == '0')
            {
                errors.Add("divisionCode", $"A {UnitRules.Name(parsedLevel)}'s division code has {length} digits: its parent's code and three more.");
            }
        }

        if (UnitRules.AddressError(address, out var trimmedAddress) is { } addressError)
        {
            errors.Add("address", addressError);
        }

        if (errors.Count == 0)
        {
            draft = new OutletDraft(trimmedName, parsedLevel, code, trimmedAddress);
        }

        return errors;
    }

    /// <summary>
    /// The parent rule (422 when broken): a township outlet's parent is a county center, a
    /// village point's a township outlet, a group point's a village point; the parent is active,
    /// and when both have division codes the outlet's begins with its parent's.
    /// </summary>
    public static string? ParentProblem(OutletDraft draft, Guid parentId, UnitRef? parent)
    {
        if (parent is null)
        {
            return $"The parent unit {parentId} does not exist.";
        }

        var (kind, level, expected) = draft.Level switch
        {
            OutletLevel.Township => (UnitKind.Center, UnitLevel.County, "a county center"),
            OutletLevel.Village => (UnitKind.Outlet, UnitLevel.Township, "a township outlet"),
            _ => (UnitKind.Outlet, UnitLevel.Village, "a village point"),
        };
        if (parent.Kind != kind || parent.Level != level)
        {
            return $"A {UnitRules.Name(draft.Level)} outlet's parent is {expected}, not a {UnitRules.Name(parent.Level)} {UnitRules.Name(parent.Kind)}.";
        }

        if (parent.Status != UnitStatus.Active)
        {
            return "The parent unit is not active.";
        }

        if (draft.DivisionCode is { } code && parent.DivisionCode is { } parentCode
            && !code.StartsWith(parentCode, StringComparison.Ordinal))
        {
            return $"The division code {code} does not lie within the parent's {parentCode}.";
        }

        return null;
    }

    public static FieldErrors ValidatePatch(string? name, string? address, string? status, out OutletPatch? patch)
    {
        var errors = new FieldErrors();
        patch = null;
        if (name is not null && UnitRules.NameError(name, out _) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        string? trimmedAddress = null;
        if (address is not null && UnitRules.AddressError(address, out trimmedAddress) is { } addressError)
        {
            errors.Add("address", addressError);
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
            patch = new OutletPatch(name?.Trim(), address is not null, trimmedAddress, parsedStatus);
        }

        return errors;
    }

    public static List<string> Apply(Outlet outlet, OutletPatch patch)
    {
        var changed = new List<string>();
        if (patch.Name is not null && patch.Name != outlet.Name)
        {
            outlet.Name = patch.Name;
            changed.Add("name");
        }

        if (patch.AddressGiven && patch.Address != outlet.Address)
        {
            outlet.Address = patch.Address;
            changed.Add("address");
        }

        if (patch.Status is { } status && status != outlet.Status)
        {
            outlet.Status = status;
            changed.Add("status");
        }

        return changed;
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();
}
