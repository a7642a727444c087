using Microsoft.EntityFrameworkCore;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Evaluations;

/// <summary>
/// What an evaluation step reads besides the application itself (<see cref="EvaluationInputs"/>).
/// Steps run under the application's row lock (<c>LockedSteps</c>), and the findings are read after
/// it, so two findings of different cases for one unit cannot drop each other's veto.
/// </summary>
public sealed class EvaluationStore(ScoringDbContext db)
{
    /// <summary>The pinned version and scheme, the assigned evaluators' sheets (tracked), the unit's standing findings of the cycle year and the unit.</summary>
    public async Task<EvaluationInputs> InputsAsync(Application application, CancellationToken ct) =>
        new(await VersionOfAsync(application, ct),
            await SchemeOfAsync(application.CycleId, ct),
            await SheetsAsync(application, ct),
            await FindingsAsync(application.UnitId, application.CycleYear, ct),
            await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == application.UnitId, ct));

    public async Task<CriteriaVersion> VersionOfAsync(Application application, CancellationToken ct) =>
        await db.CriteriaVersions.AsNoTracking().SingleAsync(v => v.Code == application.CriteriaCode && v.Version == application.CriteriaVersion, ct);

    /// <summary>The star scheme the application's cycle pinned when it opened.</summary>
    public async Task<StarScheme> SchemeOfAsync(Guid cycleId, CancellationToken ct)
    {
        var pinned = await db.Cycles.AsNoTracking().Where(c => c.Id == cycleId).Select(c => new { c.SchemeCode, c.SchemeVersion }).SingleAsync(ct);
        return await db.StarSchemes.AsNoTracking().SingleAsync(s => s.Code == pinned.SchemeCode && s.Version == pinned.SchemeVersion, ct);
    }

    /// <summary>The sheets of the evaluators assigned now (tracked, so a step can change them).</summary>
    public Task<List<ScoreSheet>> SheetsAsync(Application application, CancellationToken ct) =>
        db.ScoreSheets.Where(s => s.ApplicationId == application.Id && application.EvaluatorIds.Contains(s.EvaluatorId)).ToListAsync(ct);

    /// <summary>The unit's findings of the year that still stand (not reversed on re-review).</summary>
    public Task<List<UnitFinding>> FindingsAsync(Guid unitId, int year, CancellationToken ct) =>
        StandingFindings.Where(f => f.UnitId == unitId && f.Year == year).ToListAsync(ct);

    /// <summary>Findings without a <see cref="FindingReversal"/>: only these veto.</summary>
    public IQueryable<UnitFinding> StandingFindings =>
        db.UnitFindings.Where(f => !db.FindingReversals.Any(r => r.ComplaintId == f.ComplaintId && r.Source == f.Source && (r.Offence == f.Offence || r.Offence == "")));
}
