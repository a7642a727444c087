using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Http;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Scoring.Apis;

/// <summary>
/// Reading an application, its breakdown and its score history. An applicant reads only its own
/// unit's applications, an evaluator only those assigned to them (403 otherwise); the secretary and
/// the approver read all.
/// </summary>
public static class ApplicationReadsApi
{
    public const string Combination =
        "Each item, category and component is the mean over the evaluators' own points, taken from exact sums and rounded once "
        + "to two decimals half away from zero; the total is creation + satisfaction + panel judgement; stars by the scheme's "
        + "inclusive thresholds; any failed veto item gives 0 stars.";

    public static IEndpointRouteBuilder MapApplicationReadsApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/scoring/applications/{id:guid}").WithTags("Applications").TagSpanFromRoute("id", SpanTags.ApplicationId);
        applications.MapGet("/", GetApplication).WithName(nameof(GetApplication))
            .RequireAuthorization(Policies.ApplicationReaders).WithProblems(401, 403, 404);
        applications.MapGet("/breakdown", GetBreakdown).WithName(nameof(GetBreakdown))
            .RequireAuthorization(Policies.ApplicationReaders).WithProblems(401, 403, 404);
        applications.MapGet("/history", GetHistory).WithName(nameof(GetHistory))
            .RequireAuthorization(Policies.ScoringReview).WithProblems(401, 403, 404);
        return app;
    }

    public static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> GetApplication(
        Guid id, ScoringDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (Refusal(user, application) is { } refused)
        {
            return refused;
        }

        var submitted = await db.ScoreSheets.Where(s => s.ApplicationId == id).Select(s => s.EvaluatorId).ToListAsync(ct);
        return TypedResults.Ok(ApplicationResponse.From(application, submitted.Where(application.EvaluatorIds.Contains).ToList()));
    }

    public static async Task<Results<Ok<BreakdownResponse>, ProblemHttpResult>> GetBreakdown(
        Guid id, ScoringDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (Refusal(user, application) is { } refused)
        {
            return refused;
        }

        var version = await db.CriteriaVersions.AsNoTracking()
            .SingleAsync(v => v.Code == application.CriteriaCode && v.Version == application.CriteriaVersion, ct);
        var sheets = (await db.ScoreSheets.AsNoTracking().Where(s => s.ApplicationId == id).ToListAsync(ct))
            .Where(s => application.EvaluatorIds.Contains(s.EvaluatorId)).OrderBy(s => application.EvaluatorIds.IndexOf(s.EvaluatorId)).ToList();
        // What a tiered item (item 3) gives this unit: the evaluator sees it before scoring, and needs a note to differ.
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == application.UnitId, ct);
        var categories = version.Items.GroupBy(i => i.Category).Select(category =>
        {
            var items = category.Select(item =>
            {
                var points = sheets.Select(s => (s.EvaluatorId, Item: s.Items.SingleOrDefault(i => i.Number == item.Number)))
                    .Where(x => x.Item is not null)
                    .Select(x => new EvaluatorPoints(x.EvaluatorId, x.Item!.Points, x.Item.VetoFailed, x.Item.Note, x.Item.ComputedPoints)).ToList();
                return new BreakdownItem(item.Number, item.Text, item.MaxPoints, item.Kind, item.Veto,
                    ScoreRules.Mean(points.Select(p => p.Points).ToList()), points,
                    item.Kind == "tiered" ? ScoreRules.TierPoints(Words.Of(unit?.Level ?? application.UnitLevel), unit?.FloorAreaM2, item.Tiers) : null);
            }).ToList();
            var numbers = category.Select(i => i.Number).ToHashSet();
            return new BreakdownCategory(category.Key, category.Sum(i => i.MaxPoints),
                ScoreRules.Mean(sheets.Select(s => s.Items.Where(i => numbers.Contains(i.Number)).Sum(i => i.Points)).ToList()), items);
        }).ToList();

        return TypedResults.Ok(new BreakdownResponse(application.Id, new CriteriaRef(application.CriteriaCode, application.CriteriaVersion), categories,
            sheets.Select(s => new PanelJudgementResponse(s.EvaluatorId, s.PanelJudgement)).ToList(),
            application.CreationPoints, application.SatisfactionPoints, application.PanelPoints, application.Total, application.Stars,
            application.Vetoes.Select(v => new VetoResponse(v.Item, v.Reason, v.Source, v.CaseNumber)).ToList(), Combination));
    }

    /// <summary>Every score change (items, panel judgements, satisfaction, outside vetoes), oldest first.</summary>
    public static async Task<Results<Ok<Page<ScoreChangeResponse>>, ProblemHttpResult>> GetHistory(
        Guid id, ScoringDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (Refusal(user, application) is { } refused)
        {
            return refused;
        }

        var changes = await db.ScoreChanges.AsNoTracking().Where(c => c.ApplicationId == id).OrderBy(c => c.Id)
            .Select(c => new ScoreChangeResponse(c.Id, c.At, c.ActorId, c.ActorRole, c.Subject, c.EvaluatorId, c.ItemNumber,
                c.OldPoints, c.NewPoints, c.OldVetoFailed, c.NewVetoFailed, c.Reason))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<ScoreChangeResponse>(changes, changes.Count));
    }

    /// <summary>The object-level check: an applicant's own unit, an evaluator's assigned applications.</summary>
    internal static ProblemHttpResult? Refusal(ClaimsPrincipal user, Application application)
    {
        if (user.IsInRole(Roles.Secretary) || user.IsInRole(Roles.Approver))
        {
            return null;
        }

        if (user.IsInRole(Roles.Evaluator) && user.ActorId() is { } actor && application.EvaluatorIds.Contains(actor))
        {
            return null;
        }

        if (user.ActsForUnit(application.UnitId))
        {
            return null;
        }

        return Problems.Forbidden(user.IsInRole(Roles.Applicant)
            ? "An applicant reads only its own unit's applications."
            : "An evaluator reads only the applications assigned to them.");
    }
}
