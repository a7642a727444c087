using StarPlatform.Contracts;
using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria;

/// <summary>The catalog's events, built from its entities.</summary>
public static class Events
{
    /// <summary>A published version with every item, so a consumer can score against it on its own.</summary>
    public static CriteriaVersionPublished Published(CriteriaVersion version)
    {
        var categories = version.Categories.ToDictionary(c => c.Number, c => c.Name);
        return new CriteriaVersionPublished(
            version.Set.Code,
            version.Number,
            version.Set.Name,
            version.Set.UnitKind,
            version.Set.OwnerDivisionCode,
            version.TotalPoints,
            version.PublishedAt ?? throw new InvalidOperationException("The version is not published."),
            version.Items.OrderBy(i => i.Number).Select(i => new PublishedCriteriaItem(
                i.Number,
                categories[i.CategoryNumber],
                i.Text,
                i.MaxPoints,
                CriteriaRules.Name(i.Kind),
                i.Veto,
                i.Notes,
                i.Tiers.Select(t => new PublishedCriteriaTier(t.Level, t.MinFloorAreaM2, t.Points)).ToList(),
                i.OutsideVeto is { } veto ? new PublishedOutsideVeto(veto.Finding, [.. veto.Offences]) : null)).ToList());
    }

    /// <summary>A published star scheme version, with every number Scoring computes a result with.</summary>
    public static StarSchemePublished Published(StarScheme scheme) => new(
        scheme.Code, scheme.Version, scheme.CreationPoints, scheme.SatisfactionPoints, scheme.PanelPoints,
        scheme.Thresholds.OrderByDescending(t => t.Stars).Select(t => new PublishedStarThreshold(t.Stars, t.MinTotal)).ToList(),
        scheme.VetoCancelsStars, scheme.PublishedAt);
}
