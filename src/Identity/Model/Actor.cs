using System.Text.Json;
using StarPlatform.Access;

namespace StarPlatform.Identity.Model;

/// <summary>
/// Who a client acts as: the actor id its tokens carry as <c>sub</c> (an <c>evaluatorId</c>,
/// an <c>investigatorId</c>), its roles, and for an applicant the one unit it acts for.
/// Kept in the client's OpenIddict properties.
/// </summary>
public sealed record Actor
{
    public const string IdProperty = "actor_id";
    public const string RolesProperty = "roles";
    public const string UnitIdProperty = "unit_id";

    private Actor(Guid id, IReadOnlyList<string> roles, Guid? unitId)
    {
        Id = id;
        Roles = roles;
        UnitId = unitId;
    }

    public Guid Id { get; }

    public IReadOnlyList<string> Roles { get; }

    public Guid? UnitId { get; }

    /// <summary>An actor, or why there can be none: known roles only, and a unit exactly when bound to one (applicant, rating device).</summary>
    public static Actor? Create(Guid id, IEnumerable<string> roles, Guid? unitId, out string? problem)
    {
        var distinct = roles.Distinct(StringComparer.Ordinal).ToArray();
        problem = Problem(id, distinct, unitId);
        return problem is null ? new Actor(id, distinct, unitId) : null;
    }

    /// <summary>The actor stored in a client's properties, or <c>null</c> when the client acts for no one.</summary>
    public static Actor? FromProperties(IReadOnlyDictionary<string, JsonElement> properties)
    {
        if (!properties.TryGetValue(IdProperty, out var id) || id.ValueKind != JsonValueKind.String || !id.TryGetGuid(out var actorId)
            || !properties.TryGetValue(RolesProperty, out var roles) || roles.ValueKind != JsonValueKind.Array
            || roles.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            return null;
        }

        Guid? unitId = null;
        if (properties.TryGetValue(UnitIdProperty, out var unit))
        {
            if (unit.ValueKind != JsonValueKind.String || !unit.TryGetGuid(out var parsed))
            {
                return null;
            }

            unitId = parsed;
        }

        return Create(actorId, roles.EnumerateArray().Select(r => r.GetString()!), unitId, out _);
    }

    public Dictionary<string, JsonElement> ToProperties()
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [IdProperty] = JsonSerializer.SerializeToElement(Id),
            [RolesProperty] = JsonSerializer.SerializeToElement(Roles),
        };
        if (UnitId is { } unitId)
        {
            properties[UnitIdProperty] = JsonSerializer.SerializeToElement(unitId);
        }

        return properties;
    }

    private static string? Problem(Guid id, string[] roles, Guid? unitId)
    {
        if (id == Guid.Empty)
        {
            return "An actor needs an id.";
        }

        if (roles.Length == 0)
        {
            return "An actor needs at least one role.";
        }

        if (roles.FirstOrDefault(r => !Access.Roles.IsKnown(r)) is { } unknown)
        {
            return $"'{unknown}' is not a role (roles: {string.Join(", ", Access.Roles.All)}).";
        }

        var bound = roles.Any(r => Access.Roles.BoundToUnit.Contains(r, StringComparer.Ordinal));
        if (bound && (unitId is null || unitId == Guid.Empty))
        {
            return $"An actor of {string.Join(" or ", Access.Roles.BoundToUnit)} acts for one unit: it needs a unit id.";
        }

        if (!bound && unitId is not null)
        {
            return $"Only an actor of {string.Join(" or ", Access.Roles.BoundToUnit)} is bound to a unit.";
        }

        return null;
    }
}
