namespace StarPlatform.Contracts;

/// <summary>
/// A version of a criteria set (考评标准) was published: from now on it is immutable and
/// evaluations may be scored against it. Carries every item, so Scoring keeps its own copy of
/// each version it scores against and never asks the catalog again.
/// </summary>
/// <param name="Code">the set's code, e.g. <c>meishan-2012-center</c></param>
/// <param name="Version">the version number (1, 2, …)</param>
/// <param name="UnitKind"><c>center</c>, <c>window</c> or <c>outlet</c></param>
/// <param name="OwnerDivisionCode">the county owning a township-outlet set; null for the city's sets</param>
public sealed record CriteriaVersionPublished(
    string Code,
    int Version,
    string Name,
    string UnitKind,
    string? OwnerDivisionCode,
    decimal TotalPoints,
    DateTimeOffset PublishedAt,
    IReadOnlyList<PublishedCriteriaItem> Items);

/// <param name="Kind"><c>graded</c> (0 to <paramref name="MaxPoints"/> in halves) or <c>tiered</c> (points from <paramref name="Tiers"/>)</param>
/// <param name="Veto">一票否决 (one-vote veto): failing the item cancels any star</param>
public sealed record PublishedCriteriaItem(
    int Number,
    string Category,
    string Text,
    decimal MaxPoints,
    string Kind,
    bool Veto,
    string? Notes,
    IReadOnlyList<PublishedCriteriaTier> Tiers);

/// <summary>A tier of a tiered item: a unit of <paramref name="Level"/> with at least <paramref name="MinFloorAreaM2"/> m² scores <paramref name="Points"/>.</summary>
public sealed record PublishedCriteriaTier(string Level, decimal MinFloorAreaM2, decimal Points);
