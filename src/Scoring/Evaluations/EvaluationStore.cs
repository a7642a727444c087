using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Evaluations;

/// <summary>
/// Loading an application under its row lock and recomputing its result. Every writer (HTTP steps,
/// the findings consumer) locks the row first, so two changes to one application never interleave
/// and the status the API shows is always the one the last committed step left.
/// </summary>
public sealed class EvaluationStore(ScoringDbContext db, IOutbox outbox, IOptions<StarScheme> scheme, IOptions<OutsideVetoOptions> outsideVetoes)
{
    /// <summary>The application, locked for the current transaction (<c>SELECT … FOR UPDATE</c>); null when unknown.</summary>
    public Task<Application?> LockAsync(Guid id, CancellationToken ct) =>
        db.Applications.FromSql($"select * from applications where id = {id} for update").SingleOrDefaultAsync(ct);

    public async Task<CriteriaVersion> VersionOfAsync(Application application, CancellationToken ct) =>
        await db.CriteriaVersions.AsNoTracking().SingleAsync(v => v.Code == application.CriteriaCode && v.Version == application.CriteriaVersion, ct);

    /// <summary>The sheets of the evaluators assigned now (tracked, so a step can change them).</summary>
    public Task<List<ScoreSheet>> SheetsAsync(Application application, CancellationToken ct) =>
        db.ScoreSheets.Where(s => s.ApplicationId == application.Id && application.EvaluatorIds.Contains(s.EvaluatorId)).ToListAsync(ct);

    public Task<List<UnitFinding>> FindingsAsync(Guid unitId, int year, CancellationToken ct) =>
        db.UnitFindings.Where(f => f.UnitId == unitId && f.Year == year).ToListAsync(ct);

    /// <summary>
    /// Recomputes the result from the sheets, satisfaction and the unit's findings of the cycle year,
    /// and the status from the stage and vetoes. When the vetoes changed, announces it (the saga follows).
    /// </summary>
    public EvaluationResult Recompute(
        Application application, CriteriaVersion version, IReadOnlyList<ScoreSheet> sheets, IReadOnlyList<UnitFinding> findings,
        DateTimeOffset now, ConsumeContext? cause = null)
    {
        var result = EvaluationResult.Compute(version,
            sheets.Where(s => application.EvaluatorIds.Contains(s.EvaluatorId)).Select(ToSheet).ToList(),
            application.EvaluatorIds.Count, application.SatisfactionPoints,
            EvaluationResult.OutsideVetoes(version, application.UnitKind, findings, outsideVetoes.Value).ToList(), scheme.Value);

        var vetoes = result.Vetoes.Select(v => new VetoRecord { Item = v.Item, Reason = v.Reason, Source = v.Source, CaseNumber = v.CaseNumber }).ToList();
        var vetoesChanged = !vetoes.Select(Key).SequenceEqual(application.Vetoes.Select(Key));
        application.CreationPoints = result.CreationPoints;
        application.PanelPoints = result.PanelPoints;
        application.Total = result.Total;
        application.Stars = result.Stars;
        if (vetoesChanged)
        {
            application.Vetoes = vetoes;
        }

        application.Status = EvaluationLifecycle.StatusOf(application.Stage, vetoes.Count > 0);
        if (vetoesChanged)
        {
            outbox.Publish(new EvaluationVetoesChanged(application.Id, application.UnitId, ToContract(vetoes), now), cause);
        }

        return result;
    }

    public static EvaluatorSheet ToSheet(ScoreSheet s) =>
        new(s.EvaluatorId, s.Items.Select(i => new ItemScore(i.Number, i.Points, i.VetoFailed, i.Note)).ToList(), s.PanelJudgement);

    public static IReadOnlyList<EvaluationVeto> ToContract(IEnumerable<VetoRecord> vetoes) =>
        vetoes.Select(v => new EvaluationVeto(v.Item, v.Reason, v.Source, v.CaseNumber)).ToList();

    private static string Key(VetoRecord v) => $"{v.Item}|{v.Source}|{v.CaseNumber}|{v.Reason}";
}
