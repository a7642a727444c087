using System.Text.RegularExpressions;
using StarPlatform.Http;

namespace StarPlatform.Criteria.Model;

/// <summary>The catalog's rules, free of HTTP and storage so they can be unit-tested.</summary>
public static partial class CriteriaRules
{
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 2000;
    public const int MaxNotesLength = 1000;

    /// <summary>No set in the programme is worth more; a guard against typing errors.</summary>
    public const decimal MaxSetPoints = 100m;

    public static readonly IReadOnlyList<string> Levels = ["city", "county", "township", "village", "group"];

    /// <summary>Points come in halves (0.5 steps).</summary>
    public static bool IsHalfStep(decimal points) => decimal.Remainder(points * 2, 1m) == 0m;

    /// <summary>A graded item's score: 0 up to the item's maximum, in 0.5 steps.</summary>
    public static bool IsValidGradedScore(decimal points, decimal maxPoints) =>
        points >= 0 && points <= maxPoints && IsHalfStep(points);

    public static bool IsCode(string? code) => code is { Length: > 0 and <= MaxCodeLength } && CodePattern().IsMatch(code);

    /// <summary>A county's six-digit division code (行政区划代码): not a province (xx0000) or a city (xxxx00).</summary>
    public static bool IsCountyDivisionCode(string? code) =>
        code is not null && DivisionCodePattern().IsMatch(code) && !code.EndsWith("00", StringComparison.Ordinal);

    public static bool IsDivisionCode(string? code) => code is not null && DivisionCodePattern().IsMatch(code);

    public static bool TryParseItemKind(string? value, out ItemKind kind) => TryParse(value, out kind);

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Checks a set's points total: positive, at most <see cref="MaxSetPoints"/>, in halves.</summary>
    public static string? TotalProblem(decimal? total) =>
        total is null ? "The set's total points are required."
        : total <= 0 || total > MaxSetPoints || !IsHalfStep(total.Value) ? $"The total is more than 0 and at most {MaxSetPoints}, in 0.5 steps."
        : null;

    /// <summary>Checks a category as submitted: name and points. Returns the field errors (camelCase keys).</summary>
    public static FieldErrors ValidateCategory(int number, string? name, decimal? points)
    {
        var errors = new FieldErrors();
        if (number < 1)
        {
            errors.Add("number", "Categories are numbered from 1.");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "A name is required.");
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors.Add("name", $"A name has at most {MaxNameLength} characters.");
        }

        if (points is null || points <= 0 || points > MaxSetPoints || !IsHalfStep(points.Value))
        {
            errors.Add("points", $"A category's points are more than 0 and at most {MaxSetPoints}, in 0.5 steps.");
        }

        return errors;
    }

    /// <summary>Checks an item as submitted. Returns the field errors (camelCase keys) and, when there are none, the item.</summary>
    public static FieldErrors ValidateItem(
        int number, int? category, string? text, decimal? maxPoints, string? kind, bool? veto, string? notes,
        IReadOnlyList<(string? Level, decimal? MinFloorAreaM2, decimal? Points)>? tiers, out CriteriaItem? item,
        OutsideVeto? outsideVeto = null)
    {
        var errors = new FieldErrors();
        item = null;
        if (number < 1)
        {
            errors.Add("number", "Items are numbered from 1.");
        }

        if (category is null or < 1)
        {
            errors.Add("category", "The number of the item's category is required.");
        }

        var trimmedText = text?.Trim();
        if (string.IsNullOrEmpty(trimmedText))
        {
            errors.Add("text", "The item's text is required.");
        }
        else if (trimmedText.Length > MaxTextLength)
        {
            errors.Add("text", $"The text has at most {MaxTextLength} characters.");
        }

        if (maxPoints is null || maxPoints <= 0 || maxPoints > MaxSetPoints || !IsHalfStep(maxPoints.Value))
        {
            errors.Add("maxPoints", $"An item's maximum is more than 0 and at most {MaxSetPoints}, in 0.5 steps.");
        }

        if (!TryParseItemKind(kind, out var parsedKind))
        {
            errors.Add("kind", "The kind is 'graded' or 'tiered'.");
        }

        if (veto is null)
        {
            errors.Add("veto", "Whether the item is a veto item (一票否决) is required.");
        }

        var trimmedNotes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (trimmedNotes is { Length: > MaxNotesLength })
        {
            errors.Add("notes", $"Notes have at most {MaxNotesLength} characters.");
        }

        var parsedTiers = new List<Tier>();
        var tierErrors = new List<string>();
        if (parsedKind == ItemKind.Tiered && errors.ContainsKey("kind") is false)
        {
            if (tiers is not { Count: > 0 })
            {
                tierErrors.Add("A tiered item lists its tiers.");
            }
            else
            {
                for (var i = 0; i < tiers.Count; i++)
                {
                    var (level, min, points) = tiers[i];
                    if (level is null || !Levels.Contains(level))
                    {
                        tierErrors.Add($"Tier {i + 1}: the level is one of {string.Join(", ", Levels)}.");
                    }

                    if (min is null or < 0)
                    {
                        tierErrors.Add($"Tier {i + 1}: the minimum floor area is 0 m² or more.");
                    }

                    if (points is null || points < 0 || !IsHalfStep(points.Value) || (maxPoints is { } max && points > max))
                    {
                        tierErrors.Add($"Tier {i + 1}: points are between 0 and the item's maximum, in 0.5 steps.");
                    }

                    if (level is not null && min is not null && points is not null)
                    {
                        parsedTiers.Add(new Tier { Level = level, MinFloorAreaM2 = min.Value, Points = points.Value });
                    }
                }

                if (tierErrors.Count == 0 && maxPoints is { } top && parsedTiers.Max(t => t.Points) != top)
                {
                    tierErrors.Add("The best tier scores the item's maximum.");
                }
            }
        }
        else if (tiers is { Count: > 0 })
        {
            tierErrors.Add("Only a tiered item has tiers.");
        }

        if (tierErrors.Count > 0)
        {
            errors["tiers"] = [.. tierErrors];
        }

        if (outsideVeto is not null && OutsideVetoProblem(veto == true, outsideVeto) is { } outsideProblem)
        {
            errors.Add("outsideVeto", outsideProblem);
        }

        if (errors.Count == 0)
        {
            item = new CriteriaItem
            {
                Number = number,
                CategoryNumber = category!.Value,
                Text = trimmedText!,
                MaxPoints = maxPoints!.Value,
                Kind = parsedKind,
                Veto = veto!.Value,
                Notes = trimmedNotes,
                Tiers = parsedTiers,
                OutsideVeto = outsideVeto is null ? null : new OutsideVeto { Finding = outsideVeto.Finding, Offences = [.. outsideVeto.Offences] },
            };
        }

        return errors;
    }

    /// <summary>
    /// What stops a version from being published, every problem at once (empty: it may be
    /// published): categories numbered 1…n, each with items whose maxima add up to the
    /// category's points; category points adding up to the set total; items numbered 1…N without
    /// gaps, category by category; every veto item carrying points; tiers only on tiered items,
    /// the best tier scoring the maximum.
    /// </summary>
    public static List<string> PublishProblems(
        decimal totalPoints, IReadOnlyCollection<CriteriaCategory> categories, IReadOnlyCollection<CriteriaItem> items)
    {
        var problems = new List<string>();
        if (categories.Count == 0)
        {
            problems.Add("The version has no category.");
        }

        var orderedCategories = categories.OrderBy(c => c.Number).ToList();
        for (var i = 0; i < orderedCategories.Count; i++)
        {
            if (orderedCategories[i].Number != i + 1)
            {
                problems.Add($"Categories are numbered 1 to {orderedCategories.Count} without gaps; found category {orderedCategories[i].Number} at position {i + 1}.");
                break;
            }
        }

        foreach (var category in orderedCategories)
        {
            var own = items.Where(i => i.CategoryNumber == category.Number).ToList();
            if (own.Count == 0)
            {
                problems.Add($"Category {category.Number} ({category.Name}) has no item.");
                continue;
            }

            var sum = own.Sum(i => i.MaxPoints);
            if (sum != category.Points)
            {
                problems.Add($"Category {category.Number} ({category.Name}) is worth {category.Points:0.#} points but its items add up to {sum:0.#}.");
            }
        }

        var categoryTotal = orderedCategories.Sum(c => c.Points);
        if (categoryTotal != totalPoints)
        {
            problems.Add($"The set is worth {totalPoints:0.#} points but its categories add up to {categoryTotal:0.#}.");
        }

        foreach (var orphan in items.Where(i => orderedCategories.All(c => c.Number != i.CategoryNumber)).OrderBy(i => i.Number))
        {
            problems.Add($"Item {orphan.Number} is in category {orphan.CategoryNumber}, which does not exist.");
        }

        // The seed numbers items across the whole set (序号 1…77), category after category.
        var numbering = items.OrderBy(i => orderedCategories.FindIndex(c => c.Number == i.CategoryNumber)).ThenBy(i => i.Number).ToList();
        for (var i = 0; i < numbering.Count; i++)
        {
            if (numbering[i].Number != i + 1)
            {
                problems.Add($"Items are numbered 1 to {numbering.Count} without gaps, category after category; expected item {i + 1} where item {numbering[i].Number} is.");
                break;
            }
        }

        foreach (var item in items.OrderBy(i => i.Number))
        {
            if (item.Veto && item.MaxPoints <= 0)
            {
                problems.Add($"Item {item.Number} is a veto item and carries no points.");
            }

            if (item.MaxPoints <= 0 || !IsHalfStep(item.MaxPoints))
            {
                problems.Add($"Item {item.Number}'s maximum is more than 0, in 0.5 steps.");
            }

            if (item.Kind == ItemKind.Tiered && (item.Tiers.Count == 0 || item.Tiers.Max(t => t.Points) != item.MaxPoints))
            {
                problems.Add($"Item {item.Number} is tiered and its best tier does not score its maximum.");
            }

            if (item.Kind == ItemKind.Graded && item.Tiers.Count > 0)
            {
                problems.Add($"Item {item.Number} is graded and has tiers.");
            }

            if (item.OutsideVeto is { } outside && OutsideVetoProblem(item.Veto, outside) is { } outsideProblem)
            {
                problems.Add($"Item {item.Number}: {outsideProblem}");
            }
        }

        return problems;
    }

    /// <summary>
    /// What stops a star scheme from being published, every problem at once: components more than 0
    /// in tenths adding up to 100; at least one threshold; star levels 1 to 5, each once; every
    /// minimum total more than 0 and at most 100; a higher star level needs a higher total.
    /// </summary>
    public static List<string> SchemeProblems(StarScheme scheme)
    {
        var problems = new List<string>();
        foreach (var (name, points) in new[] { ("creation", scheme.CreationPoints), ("satisfaction", scheme.SatisfactionPoints), ("panel", scheme.PanelPoints) })
        {
            if (points <= 0 || decimal.Remainder(points * 10, 1m) != 0m)
            {
                problems.Add($"The {name} component is more than 0, in tenths.");
            }
        }

        if (scheme.MaxTotal != 100m)
        {
            problems.Add($"The three components add up to 100 (总分100分); these add up to {scheme.MaxTotal:0.#}.");
        }

        if (scheme.Thresholds.Count == 0)
        {
            problems.Add("A scheme has at least one star level.");
        }

        if (scheme.Thresholds.Any(t => t.Stars is < 1 or > 5) || scheme.Thresholds.Select(t => t.Stars).Distinct().Count() != scheme.Thresholds.Count)
        {
            problems.Add("Star levels are 1 to 5, each once.");
        }

        if (scheme.Thresholds.Any(t => t.MinTotal <= 0 || t.MinTotal > scheme.MaxTotal))
        {
            problems.Add($"Every minimum total is more than 0 and at most {scheme.MaxTotal:0.#}.");
        }

        var ordered = scheme.Thresholds.OrderByDescending(t => t.Stars).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].MinTotal >= ordered[i - 1].MinTotal)
            {
                problems.Add($"{ordered[i - 1].Stars} stars need a higher total than {ordered[i].Stars}.");
                break;
            }
        }

        return problems;
    }

    /// <summary>
    /// An outside veto sits on a veto item; a complaint names no offence; a violation names at least
    /// one offence, each once. Null when it is sound.
    /// </summary>
    public static string? OutsideVetoProblem(bool veto, OutsideVeto outside) =>
        !veto ? "Only a veto item (一票否决) can be failed by a finding from outside."
        : outside.Finding == FindingKind.Complaint && outside.Offences.Count > 0 ? "A substantiated complaint names no offence."
        : outside.Finding == FindingKind.Violation && outside.Offences.Count == 0 ? "A violation names the offences that fail the item."
        : outside.Offences.Distinct().Count() != outside.Offences.Count ? "An offence is named twice."
        : null;

    private static bool TryParse<TEnum>(string? value, out TEnum parsed) where TEnum : struct, Enum
    {
        parsed = default;
        return value is not null && value == value.ToLowerInvariant()
            && Enum.TryParse(value, ignoreCase: true, out parsed) && Enum.IsDefined(parsed);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[1-9][0-9]{5}$")]
    private static partial Regex DivisionCodePattern();
}
