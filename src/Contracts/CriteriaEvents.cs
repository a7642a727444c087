namespace StarPlatform.Contracts;

/// <summary>
/// A version of a criteria set (考评标准) was published: from now on it is immutable and
/// evaluations may be scored against it. Carries every item, so Scoring keeps its own copy of
/// each version it scores against and never asks the catalog again.
/// </summary>
/// <param name="Code">the set's code, e.g. <c>meishan-2012-center</c></param>
/// <param name="Version">the version number (1, 2, …)</param>
/// <param name="OwnerDivisionCode">the county owning a township-outlet set; null for the city's sets</param>
public sealed record CriteriaVersionPublished(
    string Code,
    int Version,
    string Name,
    UnitKind UnitKind,
    string? OwnerDivisionCode,
    decimal TotalPoints,
    DateTimeOffset PublishedAt,
    IReadOnlyList<PublishedCriteriaItem> Items);

/// <param name="Kind"><c>graded</c> (0 to <paramref name="MaxPoints"/> in halves) or <c>tiered</c> (points from <paramref name="Tiers"/>)</param>
/// <param name="Veto">一票否决 (one-vote veto): failing the item cancels any star</param>
/// <param name="OutsideVeto">the finding from outside the panel that fails this veto item, if any</param>
public sealed record PublishedCriteriaItem(
    int Number,
    string Category,
    string Text,
    decimal MaxPoints,
    string Kind,
    bool Veto,
    string? Notes,
    IReadOnlyList<PublishedCriteriaTier> Tiers,
    PublishedOutsideVeto? OutsideVeto = null);

/// <summary>
/// Which finding from outside the panel fails a veto item (the seed ties them): a substantiated
/// complaint (有效投诉, window item 7), or a confirmed violation naming one of <paramref name="Offences"/>.
/// </summary>
/// <param name="Finding">what fails the item: a substantiated complaint or a confirmed violation</param>
/// <param name="Offences">for a violation, the offences that fail the item; empty for a complaint</param>
public sealed record PublishedOutsideVeto(FindingKind Finding, IReadOnlyList<Offence> Offences);

/// <summary>What an investigation found, as far as the checklists are concerned.</summary>
public enum FindingKind
{
    /// <summary>有效投诉: the complaint was substantiated.</summary>
    Complaint,

    /// <summary>A violation of law or discipline was confirmed.</summary>
    Violation,
}

/// <summary>
/// A version of a star scheme (星级评定) was published: how the three components (creation items
/// 80, public satisfaction 10, panel judgement 10 in 2012) make the total, and the inclusive minimum
/// total of each star level. Scoring keeps a copy of every version; a cycle scores with the one it
/// pinned when it opened.
/// </summary>
public sealed record StarSchemePublished(
    string Code,
    int Version,
    decimal Creation,
    decimal Satisfaction,
    decimal Panel,
    IReadOnlyList<PublishedStarThreshold> Thresholds,
    bool VetoCancelsStars,
    DateTimeOffset PublishedAt);

/// <summary>A total of at least <paramref name="MinTotal"/> earns <paramref name="Stars"/>.</summary>
public sealed record PublishedStarThreshold(int Stars, decimal MinTotal);

/// <summary>A tier of a tiered item: a unit of <paramref name="Level"/> with at least <paramref name="MinFloorAreaM2"/> m² scores <paramref name="Points"/>.</summary>
public sealed record PublishedCriteriaTier(string Level, decimal MinFloorAreaM2, decimal Points);
