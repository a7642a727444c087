using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Scoring.Model;

public sealed record CategoryResult(string Category, decimal? Points, decimal MaxPoints);

/// <summary>
/// An application's result: each component as the mean over the evaluators who submitted, the
/// total and stars once every assigned evaluator submitted and satisfaction is entered, and every
/// failed veto (which makes the stars 0 whatever the total).
/// </summary>
public sealed record EvaluationResult(
    decimal? CreationPoints,
    decimal? SatisfactionPoints,
    decimal? PanelPoints,
    decimal? Total,
    int? Stars,
    IReadOnlyList<Veto> Vetoes,
    IReadOnlyList<CategoryResult> Categories,
    bool Complete)
{
    public static EvaluationResult Compute(
        CriteriaVersion version, IReadOnlyList<EvaluatorSheet> sheets, int assignedEvaluators, decimal? satisfaction,
        IReadOnlyList<Veto> outsideVetoes, StarScheme scheme)
    {
        var creation = ScoreRules.Mean(sheets.Select(s => s.Items.Sum(i => i.Points)).ToList());
        var panel = ScoreRules.Mean(sheets.Select(s => s.PanelJudgement).ToList());
        var categoryOf = version.Items.ToDictionary(i => i.Number, i => i.Category);
        var categories = version.Items.GroupBy(i => i.Category)
            .Select(g => new CategoryResult(g.Key,
                ScoreRules.Mean(sheets.Select(s => s.Items.Where(i => categoryOf.GetValueOrDefault(i.Number) == g.Key).Sum(i => i.Points)).ToList()),
                g.Sum(i => i.MaxPoints)))
            .ToList();

        var vetoes = PanelVetoes(version, sheets).Concat(outsideVetoes).OrderBy(v => v.Item).ThenBy(v => v.Source, StringComparer.Ordinal).ToList();
        var complete = assignedEvaluators > 0 && sheets.Count == assignedEvaluators && satisfaction is not null;
        decimal? total = complete ? creation!.Value + satisfaction!.Value + panel!.Value : null;
        int? stars = total is { } t ? ScoreRules.Stars(t, scheme.Thresholds, vetoes.Count > 0 && scheme.VetoCancelsStars) : null;
        return new EvaluationResult(creation, satisfaction, panel, total, stars, vetoes, categories, complete);
    }

    /// <summary>
    /// 一票否决: one evaluator failing a veto item is enough; every evaluator's note is kept as the reason, in
    /// Chinese as the city publishes it (the evaluators are not named: the notes are the panel's reason).
    /// </summary>
    public static IEnumerable<Veto> PanelVetoes(CriteriaVersion version, IReadOnlyList<EvaluatorSheet> sheets) =>
        version.Items.Where(i => i.Veto).Select(item => (item, failures: sheets
                .SelectMany(s => s.Items.Where(i => i.Number == item.Number && i.VetoFailed).Select(i => (s.EvaluatorId, i.Note)))
                .ToList()))
            .Where(x => x.failures.Count > 0)
            .Select(x => new Veto(x.item.Number,
                $"考评组评定第{x.item.Number}项不合格：" + string.Join("；", x.failures
                    .Select(f => string.IsNullOrWhiteSpace(f.Note) ? "未注明理由" : f.Note.Trim()).Distinct(StringComparer.Ordinal)),
                VetoSources.Panel));

    /// <summary>
    /// The vetoes outside findings cause under a pinned version: each finding fails exactly the veto
    /// items the catalog ties to it (a substantiated complaint: window item 7; a violation: the items
    /// of its offence).
    /// </summary>
    public static IEnumerable<Veto> OutsideVetoes(CriteriaVersion version, IEnumerable<UnitFinding> findings)
    {
        foreach (var finding in findings.OrderBy(f => f.At))
        {
            foreach (var item in version.Items.Where(i => i.FailedBy(finding)))
            {
                var reason = finding.Source == VetoSources.Complaint
                    ? $"{finding.Year}年有效投诉 {finding.CaseNumber}（{ComplaintCategories.NameOf(finding.Category)}）"
                    : $"{finding.Year}年查实违规 {finding.CaseNumber}：{OffenceName(finding.Offence)}";
                yield return new Veto(item.Number, reason, finding.Source, finding.CaseNumber);
            }
        }
    }

    private static string OffenceName(string word) => Words.TryParse<Offence>(word, out var offence) ? Offences.NameOf(offence) : word;
}
