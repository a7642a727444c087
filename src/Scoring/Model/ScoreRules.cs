using StarPlatform.Http;

namespace StarPlatform.Scoring.Model;

/// <summary>One evaluator's points for one item. <see cref="VetoFailed"/> only on a veto item (一票否决).</summary>
public sealed record ItemScore(int Number, decimal Points, bool VetoFailed, string? Note);

/// <summary>One evaluator's score sheet: every item of the pinned version and the panel judgement (考评小组评定, 0–10).</summary>
public sealed record EvaluatorSheet(Guid EvaluatorId, IReadOnlyList<ItemScore> Items, decimal PanelJudgement);

/// <summary>A failed veto item and why: <c>panel</c> (an evaluator failed it), <c>complaint</c> or <c>violation</c>.</summary>
public sealed record Veto(int Item, string Reason, string Source, string? CaseNumber = null);

/// <summary>
/// The scoring arithmetic of the seed (眉府发〔2012〕30号 三(二)) as plain C#. All in decimal.
/// Rounding: every mean over the evaluators (an item's points, a category's, the creation
/// component and the panel judgement) is taken from exact sums and rounded once to two decimals,
/// half away from zero (四舍五入). The total is the sum of the three rounded components, and stars
/// are read from that total with inclusive thresholds (95 itself is five stars). With halves and
/// tenths over fewer than ten evaluators no exact total lies within 0.01 of a whole number without
/// being one, so the rounding never moves a total across a threshold.
/// </summary>
public static class ScoreRules
{
    public const int Decimals = 2;

    public static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>The mean of <paramref name="values"/> rounded to two decimals (null when there are none).</summary>
    public static decimal? Mean(IReadOnlyCollection<decimal> values) =>
        values.Count == 0 ? null : Round(values.Sum() / values.Count);

    /// <summary>Points in halves (0.5 steps) from 0 to <paramref name="max"/>.</summary>
    public static bool IsValidPoints(decimal points, decimal max) => points >= 0 && points <= max && decimal.Truncate(points * 2) == points * 2;

    /// <summary>Panel judgement and satisfaction: 0 to 10 in tenths.</summary>
    public static bool IsValidComponent(decimal points, decimal max) => points >= 0 && points <= max && decimal.Truncate(points * 10) == points * 10;

    /// <summary>
    /// A tiered item's points (appendix 1 item 3): the best tier of the unit's level whose minimum
    /// floor area the unit reaches; 0 when none (or the floor area is unknown).
    /// </summary>
    public static decimal TierPoints(string level, decimal? floorAreaM2, IEnumerable<CriteriaTier> tiers) =>
        floorAreaM2 is not { } area
            ? 0
            : tiers.Where(t => string.Equals(t.Level, level, StringComparison.Ordinal) && area >= t.MinFloorAreaM2)
                .Select(t => t.Points).DefaultIfEmpty(0).Max();

    /// <summary>Stars for a total: the highest threshold it reaches (inclusive), else 0; any veto makes it 0.</summary>
    public static int Stars(decimal total, IEnumerable<StarThreshold> thresholds, bool vetoed) =>
        vetoed ? 0 : thresholds.OrderByDescending(t => t.MinTotal).FirstOrDefault(t => total >= t.MinTotal)?.Stars ?? 0;

    /// <summary>
    /// Checks a sheet against the pinned version: every item once, nothing else, points by the
    /// item's rule, a reason for overriding a tiered item's computed points, veto failures only on
    /// veto items and with 0 points. Returns errors by field (empty when valid).
    /// </summary>
    public static FieldErrors Validate(
        CriteriaVersion version, IReadOnlyList<ItemScore> items, decimal panelJudgement, Func<CriteriaItem, decimal> computed, decimal panelMax)
    {
        var errors = new FieldErrors();
        var byNumber = version.Items.ToDictionary(i => i.Number);
        var duplicates = items.GroupBy(i => i.Number).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add("items", $"Items scored twice: {string.Join(", ", duplicates)}.");
        }

        var unknown = items.Select(i => i.Number).Where(n => !byNumber.ContainsKey(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            errors.Add("items", $"Items not in {version.Code} version {version.Version}: {string.Join(", ", unknown)}.");
        }

        var missing = byNumber.Keys.Except(items.Select(i => i.Number)).Order().ToList();
        if (missing.Count > 0)
        {
            errors.Add("items", $"Every item of {version.Code} version {version.Version} is scored; missing: {string.Join(", ", missing)}.");
        }

        foreach (var score in items)
        {
            if (!byNumber.TryGetValue(score.Number, out var item))
            {
                continue;
            }

            var field = $"items[{score.Number}]";
            if (!IsValidPoints(score.Points, item.MaxPoints))
            {
                errors.Add(field, $"Item {item.Number} takes 0 to {item.MaxPoints} points in halves.");
            }
            else if (score.VetoFailed && !item.Veto)
            {
                errors.Add(field, $"Item {item.Number} is not a veto item; it cannot be failed.");
            }
            else if (score.VetoFailed && score.Points != 0)
            {
                errors.Add(field, $"A failed veto item (一票否决) scores 0 points.");
            }
            else if (item.Kind == "tiered" && score.Points != computed(item) && string.IsNullOrWhiteSpace(score.Note))
            {
                errors.Add(field, $"Item {item.Number} computes to {computed(item)} points from the registry's floor area and level; another figure needs a reason in the note.");
            }
            else if (score.Note is { Length: > MaxNoteLength })
            {
                errors.Add(field, $"A note has at most {MaxNoteLength} characters.");
            }
        }

        if (!IsValidComponent(panelJudgement, panelMax))
        {
            errors.Add("panelJudgement", $"The panel judgement is 0 to {panelMax} in tenths.");
        }

        return errors;
    }

    public const int MaxNoteLength = 1000;
}
