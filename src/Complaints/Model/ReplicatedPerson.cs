using StarPlatform.Access;

namespace StarPlatform.Complaints.Model;

/// <summary>
/// A person of Identity's directory as Identity last announced them (<c>PersonChanged</c>): the copy
/// Complaints keeps to decide who a case may be assigned to without calling Identity. Kept by
/// <see cref="Consumers.PeopleConsumer"/>; the table is <c>people</c>.
/// </summary>
public sealed class ReplicatedPerson
{
    public Guid Id { get; set; }

    public required string DisplayName { get; set; }

    public List<string> Roles { get; set; } = [];

    public bool Active { get; set; }

    /// <summary>The directory's revision this copy reflects; an older announcement changes nothing.</summary>
    public int Revision { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Whether a case may be given to this person now: on duty and an investigator.</summary>
    public bool IsActiveInvestigator => Active && Roles.Contains(StarPlatform.Access.Roles.Investigator, StringComparer.Ordinal);
}
