using System.Globalization;

namespace StarPlatform.Criteria.Model;

/// <summary>One field of a category or item that differs between two versions.</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>A category or item present in both versions, with the fields that differ.</summary>
public sealed record NumberedChange(int Number, IReadOnlyList<FieldChange> Changes);

/// <summary>What changed from one version of a set to another, keyed by category and item number.</summary>
public sealed record VersionDiff(
    IReadOnlyList<FieldChange> Version,
    IReadOnlyList<int> CategoriesAdded,
    IReadOnlyList<int> CategoriesRemoved,
    IReadOnlyList<NumberedChange> CategoriesChanged,
    IReadOnlyList<int> ItemsAdded,
    IReadOnlyList<int> ItemsRemoved,
    IReadOnlyList<NumberedChange> ItemsChanged)
{
    public static VersionDiff Between(CriteriaVersion from, CriteriaVersion to)
    {
        var version = Changes(
            ("totalPoints", Points(from.TotalPoints), Points(to.TotalPoints)));

        var fromCategories = from.Categories.ToDictionary(c => c.Number);
        var toCategories = to.Categories.ToDictionary(c => c.Number);
        var categoriesChanged = fromCategories.Keys.Intersect(toCategories.Keys).Order()
            .Select(n => new NumberedChange(n, Changes(
                ("name", fromCategories[n].Name, toCategories[n].Name),
                ("points", Points(fromCategories[n].Points), Points(toCategories[n].Points)))))
            .Where(c => c.Changes.Count > 0)
            .ToList();

        var fromItems = from.Items.ToDictionary(i => i.Number);
        var toItems = to.Items.ToDictionary(i => i.Number);
        var itemsChanged = fromItems.Keys.Intersect(toItems.Keys).Order()
            .Select(n => new NumberedChange(n, Changes(
                ("category", Number(fromItems[n].CategoryNumber), Number(toItems[n].CategoryNumber)),
                ("text", fromItems[n].Text, toItems[n].Text),
                ("maxPoints", Points(fromItems[n].MaxPoints), Points(toItems[n].MaxPoints)),
                ("kind", CriteriaRules.Name(fromItems[n].Kind), CriteriaRules.Name(toItems[n].Kind)),
                ("veto", fromItems[n].Veto ? "true" : "false", toItems[n].Veto ? "true" : "false"),
                ("notes", fromItems[n].Notes, toItems[n].Notes),
                ("tiers", Tiers(fromItems[n].Tiers), Tiers(toItems[n].Tiers)),
                ("outsideVeto", OutsideVeto(fromItems[n].OutsideVeto), OutsideVeto(toItems[n].OutsideVeto)))))
            .Where(c => c.Changes.Count > 0)
            .ToList();

        return new VersionDiff(
            version,
            toCategories.Keys.Except(fromCategories.Keys).Order().ToList(),
            fromCategories.Keys.Except(toCategories.Keys).Order().ToList(),
            categoriesChanged,
            toItems.Keys.Except(fromItems.Keys).Order().ToList(),
            fromItems.Keys.Except(toItems.Keys).Order().ToList(),
            itemsChanged);
    }

    private static string? OutsideVeto(OutsideVeto? veto) => veto is null
        ? null
        : veto.Offences.Count == 0 ? Messaging.Words.Of(veto.Finding) : $"{Messaging.Words.Of(veto.Finding)}: {string.Join(", ", veto.Offences.Select(o => Messaging.Words.Of(o)))}";

    private static List<FieldChange> Changes(params (string Field, string? From, string? To)[] fields) =>
        fields.Where(f => f.From != f.To).Select(f => new FieldChange(f.Field, f.From, f.To)).ToList();

    private static string Points(decimal points) => points.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Number(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string? Tiers(IReadOnlyCollection<Tier> tiers) => tiers.Count == 0
        ? null
        : string.Join("; ", tiers.Select(t => $"{t.Level} ≥{Points(t.MinFloorAreaM2)} m² → {Points(t.Points)}"));
}
