using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Evaluations;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Apis;

public sealed record MaterialRequest(string? Title, string? Reference);

public sealed record FileApplicationRequest(Guid? UnitId, IReadOnlyList<MaterialRequest>? Materials);

public sealed record AssignEvaluatorsRequest(IReadOnlyList<Guid>? EvaluatorIds);

public sealed record ItemScoreRequest(int? Number, decimal? Points, bool? VetoFailed, string? Note);

public sealed record ScoreSheetRequest(IReadOnlyList<ItemScoreRequest>? Items, decimal? PanelJudgement, string? Reason);

public sealed record SatisfactionRequest(decimal? Points, string? Reason);

public sealed record DecisionRequest(bool? Approved, string? Comment);

/// <summary>
/// Applications (申报) and the steps of their evaluation. Every step locks the application's row
/// for its transaction, checks the stage (409 out of turn), writes, recomputes the result and
/// publishes the step's event through the outbox, all in one commit.
/// </summary>
public static class ApplicationsApi
{
    public const int MaxMaterials = 50;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/scoring/cycles/{id:guid}/applications", FileApplication).WithTags("Applications").WithName(nameof(FileApplication))
            .RequireAuthorization(Policies.ApplicationFiling).WithProblems(400, 401, 403, 404, 409, 422);
        var applications = app.MapGroup("/api/scoring/applications/{id:guid}").WithTags("Applications");
        applications.MapPut("/evaluators", AssignEvaluators).WithName(nameof(AssignEvaluators))
            .RequireAuthorization(Policies.Secretary).WithProblems(400, 401, 403, 404, 409, 422);
        applications.MapPut("/scores/{evaluatorId:guid}", SubmitScores).WithName(nameof(SubmitScores))
            .RequireAuthorization(Policies.Evaluator).WithProblems(400, 401, 403, 404, 409);
        applications.MapPut("/satisfaction", EnterSatisfaction).WithName(nameof(EnterSatisfaction))
            .RequireAuthorization(Policies.Secretary).WithProblems(400, 401, 403, 404, 409);
        applications.MapPost("/report", ReportForApproval).WithName(nameof(ReportForApproval))
            .RequireAuthorization(Policies.Secretary).WithProblems(401, 403, 404, 409);
        applications.MapPost("/decision", Decide).WithName(nameof(Decide))
            .RequireAuthorization(Policies.Approver).WithProblems(400, 401, 403, 404, 409);
        return app;
    }

    /// <summary>
    /// A center, window or township outlet (whose county has published a checklist) applies within
    /// the cycle's window (422 outside it), once per cycle (409). An applicant files only for its own
    /// unit (403); the secretary files for any. Findings of the cycle year already held veto it at once.
    /// </summary>
    public static async Task<Results<Created<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> FileApplication(
        Guid id, FileApplicationRequest request, ScoringDbContext db, EvaluationStore store, IOutbox outbox, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.UnitId is not { } unitId || unitId == Guid.Empty)
        {
            return Problems.Invalid("unitId", "The applying unit's id is required.");
        }

        var materials = request.Materials ?? [];
        if (materials.Count > MaxMaterials)
        {
            errors["materials"] = [$"At most {MaxMaterials} supporting materials."];
        }

        for (var i = 0; i < materials.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(materials[i]?.Title) || materials[i].Title!.Length > 200
                || string.IsNullOrWhiteSpace(materials[i].Reference) || materials[i].Reference!.Length > 1000)
            {
                errors[$"materials[{i}]"] = ["A supporting material has a title (≤ 200 characters) and a reference (≤ 1000)."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (!user.IsInRole(Roles.Secretary) && !user.ActsForUnit(unitId))
        {
            return Problems.Forbidden("An applicant files only for the unit its token acts for.");
        }

        var cycle = await db.Cycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (cycle is null)
        {
            return Problems.NotFound("cycle");
        }

        if (cycle.Status != CycleStatuses.Open)
        {
            return Problems.Conflict("The cycle takes no applications.", $"The {cycle.Year} cycle is {cycle.Status}.");
        }

        var today = ChinaCalendar.Today(clock);
        if (today < cycle.ApplicationOpensOn || today > cycle.ApplicationClosesOn)
        {
            return Problems.RuleViolation("Outside the application window.",
                $"The {cycle.Year} cycle takes applications from {cycle.ApplicationOpensOn:yyyy-MM-dd} to {cycle.ApplicationClosesOn:yyyy-MM-dd}; today is {today:yyyy-MM-dd}.");
        }

        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null || unit.Status == "closed")
        {
            return Problems.RuleViolation("The unit cannot apply.", unit is null ? "No registered unit has this id." : "The unit is closed.");
        }

        PinnedCriteria? criteria;
        if (unit.Kind == "outlet")
        {
            if (unit.Level != "township" || unit.DivisionCode is not { Length: >= 6 } code)
            {
                return Problems.RuleViolation("The unit cannot apply.", "Of the outlets only township outlets (乡镇(街道)便民服务中心) are rated.");
            }

            var county = code[..6];
            criteria = await db.CriteriaVersions.AsNoTracking()
                .Where(v => v.UnitKind == "outlet" && v.OwnerDivisionCode == county)
                .OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.Version)
                .Select(v => new PinnedCriteria { UnitKind = "outlet", Code = v.Code, Version = v.Version }).FirstOrDefaultAsync(ct);
            if (criteria is null)
            {
                return Problems.RuleViolation("No checklist for the outlet.", $"County {county} has published no checklist for township outlets.");
            }
        }
        else
        {
            criteria = cycle.Criteria.SingleOrDefault(c => c.UnitKind == unit.Kind);
            if (criteria is null)
            {
                return Problems.RuleViolation("The unit cannot apply.", $"The cycle scores no {unit.Kind}s.");
            }
        }

        if (await db.Applications.AnyAsync(a => a.CycleId == id && a.UnitId == unitId, ct))
        {
            return Duplicate(cycle.Year);
        }

        var now = clock.GetUtcNow();
        var application = new Application
        {
            Id = Guid.CreateVersion7(),
            CycleId = cycle.Id,
            CycleYear = cycle.Year,
            UnitId = unit.Id,
            UnitKind = unit.Kind,
            UnitName = unit.Name,
            UnitLevel = unit.Level,
            UnitDivisionCode = unit.DivisionCode,
            UnitParentId = unit.ParentId,
            CriteriaCode = criteria.Code,
            CriteriaVersion = criteria.Version,
            Materials = materials.Select(m => new SupportingMaterial { Title = m.Title!.Trim(), Reference = m.Reference!.Trim() }).ToList(),
            FiledAt = now,
            FiledBy = user.ActorId() ?? Guid.Empty,
            Stage = EvaluationLifecycle.Applied,
            Status = EvaluationLifecycle.Applied,
        };
        db.Applications.Add(application);
        outbox.Publish(new ApplicationSubmitted(application.Id, unit.Id, unit.Kind, cycle.Id, cycle.Year, criteria.Code, criteria.Version, now));
        var version = await store.VersionOfAsync(application, ct);
        var findings = await store.FindingsAsync(unit.Id, cycle.Year, ct);
        store.Recompute(application, version, [], findings, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Duplicate(cycle.Year);
        }

        return TypedResults.Created($"/api/scoring/applications/{application.Id}", ApplicationResponse.From(application, []));
    }

    /// <summary>
    /// The secretary assigns the panel: registered panel members only, none affiliated with the
    /// applicant's unit, its parent or its county (conflict of interest, 422), and no one removed
    /// who already submitted. applied | under-review → under-review.
    /// </summary>
    public static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> AssignEvaluators(
        Guid id, AssignEvaluatorsRequest request, ScoringDbContext db, EvaluationStore store, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var ids = request.EvaluatorIds ?? [];
        if (ids.Count == 0 || ids.Any(e => e == Guid.Empty))
        {
            return Problems.Invalid("evaluatorIds", "At least one evaluator (their actor ids).");
        }

        if (ids.Distinct().Count() != ids.Count)
        {
            return Problems.Invalid("evaluatorIds", "An evaluator is named twice.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var application = await store.LockAsync(id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (!EvaluationLifecycle.Allows(EvaluationLifecycle.AssignEvaluators, application.Stage))
        {
            return Problems.Conflict("Evaluators are assigned before scoring is complete.",
                EvaluationLifecycle.Refusal(EvaluationLifecycle.AssignEvaluators, application.Stage));
        }

        var members = await db.PanelMembers.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        var unknown = ids.Except(members.Select(m => m.Id)).ToList();
        if (unknown.Count > 0)
        {
            return Problems.RuleViolation("Not a panel member.", $"Register them as panel members first: {string.Join(", ", unknown)}.");
        }

        var conflicted = members.Where(m => ConflictOfInterest(m, application)).ToList();
        if (conflicted.Count > 0)
        {
            return Problems.RuleViolation("Conflict of interest.", string.Join(" ", conflicted.Select(m =>
                $"{m.Name} ({m.Id}) is affiliated with the applicant's unit or its county.")));
        }

        var sheets = await store.SheetsAsync(application, ct);
        var dropped = sheets.Where(s => !ids.Contains(s.EvaluatorId)).Select(s => s.EvaluatorId).ToList();
        if (dropped.Count > 0)
        {
            return Problems.Conflict("An evaluator already scored.", $"These evaluators submitted scores and stay on the panel: {string.Join(", ", dropped)}.");
        }

        var now = clock.GetUtcNow();
        application.EvaluatorIds = [.. ids];
        application.Stage = EvaluationLifecycle.UnderReview;
        outbox.Publish(new EvaluationReviewStarted(application.Id, application.EvaluatorIds, now));
        store.Recompute(application, await store.VersionOfAsync(application, ct), sheets,
            await store.FindingsAsync(application.UnitId, application.CycleYear, ct), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ApplicationResponse.From(application, sheets.Select(s => s.EvaluatorId).ToList()));
    }

    /// <summary>An evaluator affiliated with the unit, the unit's parent (a window's center) or the unit's county.</summary>
    public static bool ConflictOfInterest(PanelMember member, Application application) =>
        (member.AffiliatedUnitId is { } unit && (unit == application.UnitId || unit == application.UnitParentId))
        || (member.AffiliatedDivisionCode is { Length: >= 6 } division && application.UnitDivisionCode is { Length: >= 6 } own
            && string.Equals(division[..6], own[..6], StringComparison.Ordinal));

    /// <summary>
    /// The assigned evaluator's sheet (403 for anyone else): every item of the pinned version by its
    /// rule and the panel judgement. Every change is audited. When every assigned evaluator has
    /// submitted, under-review → scored; a scored evaluation may still be corrected until reported.
    /// </summary>
    public static async Task<Results<Ok<ScoreSheetResponse>, ValidationProblem, ProblemHttpResult>> SubmitScores(
        Guid id, Guid evaluatorId, ScoreSheetRequest request, ScoringDbContext db, EvaluationStore store, IOutbox outbox,
        Microsoft.Extensions.Options.IOptions<StarScheme> scheme, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Items is null || request.Items.Count == 0 || request.Items.Any(i => i?.Number is null))
        {
            return Problems.Invalid("items", "Every item of the pinned version, each with its number.");
        }

        if (request.PanelJudgement is null)
        {
            return Problems.Invalid("panelJudgement", "The evaluator's panel judgement (考评小组评定, 0–10) is required.");
        }

        if (request.Reason is { Length: > ScoreRules.MaxNoteLength })
        {
            return Problems.Invalid("reason", $"At most {ScoreRules.MaxNoteLength} characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var application = await store.LockAsync(id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (!user.IsActor(evaluatorId))
        {
            return Problems.Forbidden("An evaluator submits only their own score sheet.");
        }

        if (!application.EvaluatorIds.Contains(evaluatorId))
        {
            return Problems.Forbidden("The evaluator is not assigned to this application.");
        }

        if (!EvaluationLifecycle.Allows(EvaluationLifecycle.Score, application.Stage))
        {
            return Problems.Conflict("The application is not open for scoring.", EvaluationLifecycle.Refusal(EvaluationLifecycle.Score, application.Stage));
        }

        var version = await store.VersionOfAsync(application, ct);
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == application.UnitId, ct);
        var computed = new Func<CriteriaItem, decimal>(item =>
            ScoreRules.TierPoints(unit?.Level ?? application.UnitLevel, unit?.FloorAreaM2, item.Tiers));
        var byNumber = version.Items.ToDictionary(i => i.Number);
        var items = request.Items.Select(i => new ItemScore(i.Number!.Value,
            i.Points ?? (byNumber.TryGetValue(i.Number.Value, out var item) && item.Kind == "tiered" ? computed(item) : -1),
            i.VetoFailed ?? false, string.IsNullOrWhiteSpace(i.Note) ? null : i.Note.Trim())).ToList();
        var errors = ScoreRules.Validate(version, items, request.PanelJudgement.Value, computed, scheme.Value.Panel);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var actor = user.ActorId()!.Value;
        var sheets = await store.SheetsAsync(application, ct);
        var sheet = sheets.SingleOrDefault(s => s.EvaluatorId == evaluatorId);
        var previous = sheet?.Items.ToDictionary(i => i.Number) ?? [];
        if (sheet is null)
        {
            sheet = new ScoreSheet { ApplicationId = application.Id, EvaluatorId = evaluatorId, SubmittedAt = now };
            db.ScoreSheets.Add(sheet);
            sheets.Add(sheet);
        }

        foreach (var score in items)
        {
            var old = previous.GetValueOrDefault(score.Number);
            if (old is null || old.Points != score.Points || old.VetoFailed != score.VetoFailed)
            {
                db.ScoreChanges.Add(new ScoreChange
                {
                    ApplicationId = application.Id, At = now, ActorId = actor, ActorRole = Roles.Evaluator, Subject = "item",
                    EvaluatorId = evaluatorId, ItemNumber = score.Number, OldPoints = old?.Points, NewPoints = score.Points,
                    OldVetoFailed = old?.VetoFailed, NewVetoFailed = score.VetoFailed, Reason = score.Note ?? request.Reason,
                });
            }
        }

        if (sheet.Items.Count == 0 || sheet.PanelJudgement != request.PanelJudgement.Value)
        {
            db.ScoreChanges.Add(new ScoreChange
            {
                ApplicationId = application.Id, At = now, ActorId = actor, ActorRole = Roles.Evaluator, Subject = "panel-judgement",
                EvaluatorId = evaluatorId, OldPoints = sheet.Items.Count == 0 ? null : sheet.PanelJudgement, NewPoints = request.PanelJudgement.Value,
                Reason = request.Reason,
            });
        }

        // A new list, so EF sees the JSON document changed.
        sheet.Items = items.Select(i => new SheetItem
        {
            Number = i.Number, Points = i.Points, VetoFailed = i.VetoFailed, Note = i.Note,
            ComputedPoints = byNumber[i.Number].Kind == "tiered" ? computed(byNumber[i.Number]) : null,
        }).ToList();
        sheet.PanelJudgement = request.PanelJudgement.Value;
        sheet.UpdatedAt = now;

        var result = store.Recompute(application, version, sheets, await store.FindingsAsync(application.UnitId, application.CycleYear, ct), now);
        if (application.Stage == EvaluationLifecycle.UnderReview && application.EvaluatorIds.All(e => sheets.Any(s => s.EvaluatorId == e)))
        {
            application.Stage = EvaluationLifecycle.Scored;
            application.Status = EvaluationLifecycle.StatusOf(application.Stage, application.Vetoes.Count > 0);
            outbox.Publish(new EvaluationScored(application.Id, application.UnitId, result.CreationPoints!.Value, result.PanelPoints!.Value, now));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new ScoreSheetResponse(application.Id, evaluatorId,
            sheet.Items.Select(i => new ScoreSheetItemResponse(i.Number, i.Points, i.VetoFailed, i.Note, i.ComputedPoints)).ToList(),
            sheet.PanelJudgement, sheet.SubmittedAt, sheet.UpdatedAt, application.Status));
    }

    /// <summary>The public-satisfaction survey's result (群众满意度测评, 0–10 in tenths), audited; until reported.</summary>
    public static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> EnterSatisfaction(
        Guid id, SatisfactionRequest request, ScoringDbContext db, EvaluationStore store, Microsoft.Extensions.Options.IOptions<StarScheme> scheme,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var max = scheme.Value.Satisfaction;
        if (request.Points is not { } points || !ScoreRules.IsValidComponent(points, max))
        {
            return Problems.Invalid("points", $"The satisfaction points are 0 to {max} in tenths.");
        }

        if (request.Reason is { Length: > ScoreRules.MaxNoteLength })
        {
            return Problems.Invalid("reason", $"At most {ScoreRules.MaxNoteLength} characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var application = await store.LockAsync(id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (!EvaluationLifecycle.Allows(EvaluationLifecycle.Satisfaction, application.Stage))
        {
            return Problems.Conflict("Satisfaction is entered before the report.", EvaluationLifecycle.Refusal(EvaluationLifecycle.Satisfaction, application.Stage));
        }

        var now = clock.GetUtcNow();
        if (application.SatisfactionPoints != points)
        {
            db.ScoreChanges.Add(new ScoreChange
            {
                ApplicationId = application.Id, At = now, ActorId = user.ActorId() ?? Guid.Empty, ActorRole = Roles.Secretary,
                Subject = "satisfaction", OldPoints = application.SatisfactionPoints, NewPoints = points, Reason = request.Reason,
            });
        }

        application.SatisfactionPoints = points;
        var sheets = await store.SheetsAsync(application, ct);
        store.Recompute(application, await store.VersionOfAsync(application, ct), sheets,
            await store.FindingsAsync(application.UnitId, application.CycleYear, ct), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ApplicationResponse.From(application, sheets.Select(s => s.EvaluatorId).ToList()));
    }

    /// <summary>scored (with satisfaction entered) → awaiting-approval: the result goes to the city government (报市政府审定).</summary>
    public static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> ReportForApproval(
        Guid id, ScoringDbContext db, EvaluationStore store, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var application = await store.LockAsync(id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (!EvaluationLifecycle.Allows(EvaluationLifecycle.Report, application.Stage))
        {
            return Problems.Conflict("The result is not ready to report.", EvaluationLifecycle.Refusal(EvaluationLifecycle.Report, application.Stage));
        }

        if (application.SatisfactionPoints is null)
        {
            return Problems.Conflict("The result is not ready to report.", "The public-satisfaction points (群众满意度测评) are not entered yet.");
        }

        var now = clock.GetUtcNow();
        var sheets = await store.SheetsAsync(application, ct);
        application.Stage = EvaluationLifecycle.AwaitingApproval;
        store.Recompute(application, await store.VersionOfAsync(application, ct), sheets,
            await store.FindingsAsync(application.UnitId, application.CycleYear, ct), now);
        outbox.Publish(new EvaluationReported(application.Id, application.Total!.Value, application.Stars!.Value, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ApplicationResponse.From(application, sheets.Select(s => s.EvaluatorId).ToList()));
    }

    /// <summary>
    /// The approver's decision (审定) on a reported result: approved publishes
    /// <see cref="EvaluationApproved"/> with the breakdown and every veto (Awards grants the star),
    /// rejected publishes <see cref="EvaluationRejected"/>; through the outbox with the change.
    /// </summary>
    public static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, DecisionRequest request, ScoringDbContext db, EvaluationStore store, IOutbox outbox, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Approved is null)
        {
            return Problems.Invalid("approved", "Say whether the result is approved (true or false).");
        }

        if (request.Comment is { Length: > 2000 })
        {
            return Problems.Invalid("comment", "At most 2000 characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var application = await store.LockAsync(id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (!EvaluationLifecycle.Allows(EvaluationLifecycle.Decide, application.Stage))
        {
            return Problems.Conflict("The result is not awaiting approval.", EvaluationLifecycle.Refusal(EvaluationLifecycle.Decide, application.Stage));
        }

        var now = clock.GetUtcNow();
        var approver = user.ActorId() ?? Guid.Empty;
        var version = await store.VersionOfAsync(application, ct);
        var sheets = await store.SheetsAsync(application, ct);
        var result = store.Recompute(application, version, sheets, await store.FindingsAsync(application.UnitId, application.CycleYear, ct), now);
        application.Stage = request.Approved.Value ? EvaluationLifecycle.Approved : EvaluationLifecycle.Rejected;
        application.Status = application.Stage;
        application.DecidedAt = now;
        application.DecidedBy = approver;
        application.DecisionComment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (request.Approved.Value)
        {
            outbox.Publish(new EvaluationApproved(application.Id, application.UnitId, application.UnitKind, application.CycleId, application.CycleYear,
                application.Stars!.Value, application.Total!.Value,
                new EvaluationBreakdown(result.CreationPoints!.Value, result.SatisfactionPoints!.Value, result.PanelPoints!.Value,
                    result.Categories.Select(c => new EvaluationCategoryPoints(c.Category, c.Points ?? 0, c.MaxPoints)).ToList(),
                    EvaluationStore.ToContract(application.Vetoes)),
                now, approver.ToString()));
        }
        else
        {
            outbox.Publish(new EvaluationRejected(application.Id, application.UnitId, application.UnitKind, application.CycleId, application.CycleYear,
                application.DecisionComment, now, approver.ToString()));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ApplicationResponse.From(application, sheets.Select(s => s.EvaluatorId).ToList()));
    }

    private static ProblemHttpResult Duplicate(int year) =>
        Problems.Conflict("The unit has applied already.", $"A unit applies once per cycle; it has an application in the {year} cycle.");
}
