using StarPlatform.Contracts;

namespace StarPlatform.Identity.Model;

/// <summary>
/// A person of the directory (人员名录): the subject their tokens carry (<see cref="Id"/>, the
/// <c>investigatorId</c> a case names), the name people know them by, their roles, the unit they work
/// for and whether they are on duty (<see cref="Active"/>; a person who left is kept, inactive, so old
/// cases still name them). Every change raises the revision and is announced as <see cref="PersonChanged"/>.
/// </summary>
public sealed class Person
{
    public const int MaxDisplayNameLength = 100;

    public Guid Id { get; set; }

    public required string DisplayName { get; set; }

    public List<string> Roles { get; set; } = [];

    public Guid? UnitId { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>1 when entered, one more with every change.</summary>
    public int Revision { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Takes the record as given; true (and a new revision) when anything differs.</summary>
    public bool Take(string displayName, IReadOnlyList<string> roles, Guid? unitId, bool active, DateTimeOffset at)
    {
        if (Revision > 0 && DisplayName == displayName && Roles.SequenceEqual(roles, StringComparer.Ordinal)
            && UnitId == unitId && Active == active)
        {
            return false;
        }

        DisplayName = displayName;
        Roles = [.. roles];
        UnitId = unitId;
        Active = active;
        Revision++;
        ChangedAt = at;
        return true;
    }

    public PersonChanged Announcement() => new(Id, DisplayName, [.. Roles], UnitId, Active, Revision, ChangedAt);
}
