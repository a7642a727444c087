namespace StarPlatform.Contracts;

/// <summary>
/// A person of Identity's directory of people (人员名录) as it now stands: the whole record, so a copy
/// takes the newest revision and ignores older ones whatever order they arrive in. <c>PersonId</c> is
/// the subject (<c>sub</c>) the person's tokens carry — the <c>investigatorId</c> a case names.
/// </summary>
public sealed record PersonChanged(
    Guid PersonId,
    string DisplayName,
    IReadOnlyList<string> Roles,
    Guid? UnitId,
    bool Active,
    int Revision,
    DateTimeOffset ChangedAt);
