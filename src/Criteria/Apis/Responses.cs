using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria.Apis;

/// <summary>A set in the list: its current version is the latest published one (null before the first publish).</summary>
public sealed record SetSummary(string Code, string Name, UnitKind UnitKind, string? OwnerDivisionCode, int? CurrentVersion);

public sealed record VersionSummary(
    int Version, VersionStatus Status, decimal TotalPoints, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? RetiredAt);

public sealed record SetResponse(
    string Code, string Name, UnitKind UnitKind, string? OwnerDivisionCode, int? CurrentVersion, IReadOnlyList<VersionSummary> Versions);

public sealed record TierResponse(string Level, decimal MinFloorAreaM2, decimal Points);

/// <summary>The finding from outside the panel that fails a veto item: a substantiated complaint, or a violation of one of <paramref name="Offences"/>.</summary>
public sealed record OutsideVetoResponse(FindingKind Finding, IReadOnlyList<Offence> Offences)
{
    public static OutsideVetoResponse? From(OutsideVeto? v) => v is null ? null : new(v.Finding, [.. v.Offences]);
}

public sealed record ItemResponse(
    int Number,
    string Text,
    decimal MaxPoints,
    ItemKind Kind,
    bool Veto,
    string? Notes,
    IReadOnlyList<TierResponse>? Tiers,
    OutsideVetoResponse? OutsideVeto = null)
{
    public static ItemResponse From(CriteriaItem i) => new(
        i.Number, i.Text, i.MaxPoints, i.Kind, i.Veto, i.Notes,
        i.Kind == ItemKind.Tiered ? i.Tiers.Select(t => new TierResponse(t.Level, t.MinFloorAreaM2, t.Points)).ToList() : null,
        OutsideVetoResponse.From(i.OutsideVeto));
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
    string? Notes,
    IReadOnlyList<TierResponse>? Tiers,
    OutsideVetoResponse? OutsideVeto = null)
{
    public static ItemDetailResponse From(CriteriaVersion v, CriteriaItem i)
    {
        var item = ItemResponse.From(i);
        var category = v.Categories.FirstOrDefault(c => c.Number == i.CategoryNumber);
        return new(v.Set.Code, v.Number, v.Status, category is null ? null : new CategoryRef(category.Number, category.Name),
            item.Number, item.Text, item.MaxPoints, item.Kind, item.Veto, item.Notes, item.Tiers, item.OutsideVeto);
    }
}

public sealed record DiffResponse(string Code, int From, int To, VersionDiff Changes);

public sealed record SchemeComponents(decimal Creation, decimal Satisfaction, decimal Panel);

public sealed record ThresholdResponse(int Stars, decimal MinTotal);

public sealed record SchemeResponse(
    string Code, int Version, SchemeComponents Components, IReadOnlyList<ThresholdResponse> Thresholds, bool VetoCancelsStars,
    string? Source, string? Notes, DateTimeOffset PublishedAt)
{
    public static SchemeResponse From(StarScheme s) => new(
        s.Code, s.Version, new SchemeComponents(s.CreationPoints, s.SatisfactionPoints, s.PanelPoints),
        s.Thresholds.OrderByDescending(t => t.Stars).Select(t => new ThresholdResponse(t.Stars, t.MinTotal)).ToList(),
        s.VetoCancelsStars, s.Source, s.Notes, s.PublishedAt);
}

/// <summary>A new version of a star scheme; the code defaults to the current scheme's.</summary>
public sealed record PublishSchemeRequest(
    string? Code, SchemeComponents? Components, IReadOnlyList<ThresholdResponse>? Thresholds, bool? VetoCancelsStars, string? Source, string? Notes);

/// <summary>An item an offence fails, in a published version.</summary>
public sealed record OffenceItemResponse(string Code, int Version, UnitKind UnitKind, int Number, string Text);

/// <summary>An offence a confirmed violation may name, and the veto items of the current published versions it fails.</summary>
public sealed record OffenceResponse(Offence Code, string Name, string NameEn, IReadOnlyList<OffenceItemResponse> Items);

public sealed record CreateSetRequest(string? Code, string? Name, string? UnitKind, string? OwnerDivisionCode, decimal? TotalPoints);

public sealed record UpdateVersionRequest(decimal? TotalPoints);

public sealed record PutCategoryRequest(string? Name, decimal? Points);

public sealed record TierRequest(string? Level, decimal? MinFloorAreaM2, decimal? Points);

public sealed record PutItemRequest(
    int? Category, string? Text, decimal? MaxPoints, string? Kind, bool? Veto, string? Notes, IReadOnlyList<TierRequest>? Tiers,
    OutsideVetoResponse? OutsideVeto = null);
