using System.Text.Json.Serialization;
using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria.Apis;

/// <summary>A set in the list: its current version is the latest published one (null before the first publish).</summary>
public sealed record SetSummary(string Code, string Name, UnitKind UnitKind, string? OwnerDivisionCode, int? CurrentVersion);

public sealed record VersionSummary(
    int Version, VersionStatus Status, decimal TotalPoints, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? RetiredAt);

public sealed record SetResponse(
    string Code, string Name, UnitKind UnitKind, string? OwnerDivisionCode, int? CurrentVersion, IReadOnlyList<VersionSummary> Versions);

public sealed record TierResponse(string Level, decimal MinFloorAreaM2, decimal Points);

public sealed record ItemResponse(
    int Number,
    string Text,
    decimal MaxPoints,
    ItemKind Kind,
    bool Veto,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TierResponse>? Tiers)
{
    public static ItemResponse From(CriteriaItem i) => new(
        i.Number, i.Text, i.MaxPoints, i.Kind, i.Veto, i.Notes,
        i.Kind == ItemKind.Tiered ? i.Tiers.Select(t => new TierResponse(t.Level, t.MinFloorAreaM2, t.Points)).ToList() : null);
}

public sealed record CategoryResponse(int Number, string Name, decimal Points, IReadOnlyList<ItemResponse> Items);

/// <summary>A version with its items grouped by category.</summary>
public sealed record VersionResponse(
    string Code,
    int Version,
    VersionStatus Status,
    decimal TotalPoints,
    UnitKind UnitKind,
    string? OwnerDivisionCode,
    string? Source,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? RetiredAt,
    IReadOnlyList<CategoryResponse> Categories)
{
    public static VersionResponse From(CriteriaVersion v) => new(
        v.Set.Code, v.Number, v.Status, v.TotalPoints, v.Set.UnitKind, v.Set.OwnerDivisionCode, v.Source, v.PublishedAt, v.RetiredAt,
        v.Categories.OrderBy(c => c.Number).Select(c => new CategoryResponse(
            c.Number, c.Name, c.Points,
            v.Items.Where(i => i.CategoryNumber == c.Number).OrderBy(i => i.Number).Select(ItemResponse.From).ToList())).ToList());
}

public sealed record CategoryRef(int Number, string Name);

/// <summary>One item with the version and category it belongs to.</summary>
public sealed record ItemDetailResponse(
    string Code,
    int Version,
    VersionStatus Status,
    CategoryRef? Category,
    int Number,
    string Text,
    decimal MaxPoints,
    ItemKind Kind,
    bool Veto,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TierResponse>? Tiers)
{
    public static ItemDetailResponse From(CriteriaVersion v, CriteriaItem i)
    {
        var item = ItemResponse.From(i);
        var category = v.Categories.FirstOrDefault(c => c.Number == i.CategoryNumber);
        return new(v.Set.Code, v.Number, v.Status, category is null ? null : new CategoryRef(category.Number, category.Name),
            item.Number, item.Text, item.MaxPoints, item.Kind, item.Veto, item.Notes, item.Tiers);
    }
}

public sealed record DiffResponse(string Code, int From, int To, VersionDiff Changes);

public sealed record SchemeComponents(decimal Creation, decimal Satisfaction, decimal Panel);

public sealed record ThresholdResponse(int Stars, decimal MinTotal);

public sealed record SchemeResponse(
    string Code, int Version, SchemeComponents Components, IReadOnlyList<ThresholdResponse> Thresholds, bool VetoCancelsStars,
    string? Source, string? Notes)
{
    public static SchemeResponse From(StarScheme s) => new(
        s.Code, s.Version, new SchemeComponents(s.CreationPoints, s.SatisfactionPoints, s.PanelPoints),
        s.Thresholds.OrderByDescending(t => t.Stars).Select(t => new ThresholdResponse(t.Stars, t.MinTotal)).ToList(),
        s.VetoCancelsStars, s.Source, s.Notes);
}

public sealed record CreateSetRequest(string? Code, string? Name, string? UnitKind, string? OwnerDivisionCode, decimal? TotalPoints);

public sealed record UpdateVersionRequest(decimal? TotalPoints);

public sealed record PutCategoryRequest(string? Name, decimal? Points);

public sealed record TierRequest(string? Level, decimal? MinFloorAreaM2, decimal? Points);

public sealed record PutItemRequest(
    int? Category, string? Text, decimal? MaxPoints, string? Kind, bool? Veto, string? Notes, IReadOnlyList<TierRequest>? Tiers);
