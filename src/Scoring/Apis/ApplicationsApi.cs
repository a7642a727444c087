using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;
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
/// Applications (申报) and the steps of their evaluation. Each handler checks the request's shape
/// (400), then runs the step on the application (<see cref="Application"/>'s step methods, which hold
/// the lifecycle's rules) through <see cref="LockedSteps"/>: the row locked, the step decided, the
/// change, its audit and its events (outbox rows) committed together — or a refusal (403, 404, 409,
/// 422) answered at once with nothing written.
/// </summary>
public static class ApplicationsApi
{
    public const int MaxMaterials = 50;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/scoring/cycles/{id:guid}/applications", FileApplication).WithTags("Applications").WithName(nameof(FileApplication))
            .AcceptsIdempotencyKey<ScoringDbContext, IdempotencyRecord>()
            .RequireAuthorization(Policies.ApplicationFiling).WithProblems(400, 401, 403, 404, 409, 422);
        var applications = app.MapGroup("/api/scoring/applications/{id:guid}").WithTags("Applications").TagSpanFromRoute("id", SpanTags.ApplicationId);
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
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.UnitId is not { } unitId || unitId == Guid.Empty)
        {
            return Problems.Invalid("unitId", "The applying unit's id is required.");
        }

        var materials = request.Materials ?? [];
        if (materials.Count > MaxMaterials)
        {
            errors.Add("materials", $"At most {MaxMaterials} supporting materials.");
        }

        for (var i = 0; i < materials.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(materials[i]?.Title) || materials[i].Title!.Length > 200
                || string.IsNullOrWhiteSpace(materials[i].Reference) || materials[i].Reference!.Length > 1000)
            {
                errors.Add($"materials[{i}]", "A supporting material has a title (≤ 200 characters) and a reference (≤ 1000).");
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

        var today = ChinaTime.Today(clock);
        if (today < cycle.ApplicationOpensOn || today > cycle.ApplicationClosesOn)
        {
            return Problems.RuleViolation("Outside the application window.",
                $"The {cycle.Year} cycle takes applications from {cycle.ApplicationOpensOn:yyyy-MM-dd} to {cycle.ApplicationClosesOn:yyyy-MM-dd}; today is {today:yyyy-MM-dd}.");
        }

        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null || unit.IsClosed)
        {
            return Problems.RuleViolation("The unit cannot apply.", unit is null ? "No registered unit has this id." : "The unit is closed.");
        }

        PinnedCriteria? criteria;
        if (unit.Kind == UnitKind.Outlet)
        {
            if (unit.Level != UnitLevel.Township || unit.DivisionCode is not { Length: >= 6 } code)
            {
                return Problems.RuleViolation("The unit cannot apply.", "Of the outlets only township outlets (乡镇(街道)便民服务中心) are rated.");
            }

            var county = code[..6];
            criteria = await db.CriteriaVersions.AsNoTracking()
                .Where(v => v.UnitKind == UnitKind.Outlet && v.OwnerDivisionCode == county)
                .OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.Version)
                .Select(v => new PinnedCriteria { UnitKind = UnitKind.Outlet, Code = v.Code, Version = v.Version }).FirstOrDefaultAsync(ct);
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
                return Problems.RuleViolation("The unit cannot apply.", $"The cycle scores no {Words.Of(unit.Kind)}s.");
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
        };
        db.Applications.Add(application);
        application.Filed(await store.InputsAsync(application, ct), now);
        foreach (var @event in application.TakeEvents())
        {
            outbox.Publish(@event);
        }

        var location = $"/api/scoring/applications/{application.Id}";
        var response = ApplicationResponse.From(application, []);
        if (await db.SaveCreatedAsync(http, location, response, () => Duplicate(cycle.Year), ct) is { } conflict)
        {
            return conflict;
        }

        SpanTags.Set(SpanTags.ApplicationId, application.Id);
        return TypedResults.Created(location, response);
    }

    /// <summary>
    /// The secretary assigns the panel (<see cref="Application.AssignEvaluators"/>): registered panel
    /// members, none with a conflict of interest, no one removed who already submitted.
    /// applied | under-review → under-review.
    /// </summary>
    public static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> AssignEvaluators(
        Guid id, AssignEvaluatorsRequest request, ScoringDbContext db, EvaluationStore store, LockedSteps steps, TimeProvider clock, CancellationToken ct)
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

        var members = await db.PanelMembers.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        EvaluationInputs? inputs = null;
        var outcome = await steps.RunAsync<Application>(id, "application", async (application, token) =>
        {
            inputs = await store.InputsAsync(application, token);
            return application.AssignEvaluators(ids, members, inputs, clock.GetUtcNow());
        }, ct);
        return Answer(outcome, inputs);
    }

    /// <summary>
    /// The assigned evaluator's sheet (403 for anyone else): every item of the pinned version by its
    /// rule and the panel judgement. Every change is audited. When every assigned evaluator has
    /// submitted, under-review → scored; a scored evaluation may still be corrected until reported.
    /// </summary>
    public static async Task<Results<Ok<ScoreSheetResponse>, ValidationProblem, ProblemHttpResult>> SubmitScores(
        Guid id, Guid evaluatorId, ScoreSheetRequest request, ScoringDbContext db, EvaluationStore store, LockedSteps steps,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
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

        ScoreSheet? sheet = null;
        Dictionary<string, string[]>? invalid = null;
        var outcome = await steps.RunAsync<Application>(id, "application", async (application, token) =>
        {
            if (!user.IsActor(evaluatorId))
            {
                return Forbidden("own-sheet-only", "An evaluator submits only their own score sheet.");
            }

            if (!application.EvaluatorIds.Contains(evaluatorId))
            {
                return Forbidden("not-assigned", "The evaluator is not assigned to this application.");
            }

            if (application.CheckStep(EvaluationStep.Scoring) is { } outOfTurn)
            {
                return outOfTurn;
            }

            var inputs = await store.InputsAsync(application, token);
            var computed = new Func<CriteriaItem, decimal>(item =>
                ScoreRules.TierPoints(Words.Of(inputs.Unit?.Level ?? application.UnitLevel), inputs.Unit?.FloorAreaM2, item.Tiers));
            var byNumber = inputs.Version.Items.ToDictionary(i => i.Number);
            var items = request.Items.Select(i => new ItemScore(i.Number!.Value,
                i.Points ?? (byNumber.TryGetValue(i.Number.Value, out var item) && item.Kind == "tiered" ? computed(item) : -1),
                i.VetoFailed ?? false, string.IsNullOrWhiteSpace(i.Note) ? null : i.Note.Trim())).ToList();
            var errors = ScoreRules.Validate(inputs.Version, items, request.PanelJudgement.Value, computed, inputs.Scheme.Panel);
            if (errors.Count > 0)
            {
                invalid = errors;
                return InvalidSheet;
            }

            var now = clock.GetUtcNow();
            sheet = RecordSheet(db, application, evaluatorId, user.ActorId()!.Value, items, request.PanelJudgement.Value, request.Reason,
                byNumber, computed, inputs.Sheets, now);
            application.SheetTaken(inputs, now);
            return null;
        }, ct);

        if (invalid is not null)
        {
            return Problems.Invalid(invalid);
        }

        if (outcome.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        return TypedResults.Ok(new ScoreSheetResponse(outcome.Aggregate!.Id, evaluatorId,
            sheet!.Items.Select(i => new ScoreSheetItemResponse(i.Number, i.Points, i.VetoFailed, i.Note, i.ComputedPoints)).ToList(),
            sheet.PanelJudgement, sheet.SubmittedAt, sheet.UpdatedAt, outcome.Aggregate.Status));
    }

    /// <summary>Writes the evaluator's sheet and audits every item and panel-judgement change (who, when, old, new, why).</summary>
    private static ScoreSheet RecordSheet(
        ScoringDbContext db, Application application, Guid evaluatorId, Guid actor, IReadOnlyList<ItemScore> items, decimal panelJudgement,
        string? reason, IReadOnlyDictionary<int, CriteriaItem> byNumber, Func<CriteriaItem, decimal> computed, List<ScoreSheet> sheets,
        DateTimeOffset now)
    {
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
                    OldVetoFailed = old?.VetoFailed, NewVetoFailed = score.VetoFailed, Reason = score.Note ?? reason,
                });
            }
        }

        if (sheet.Items.Count == 0 || sheet.PanelJudgement != panelJudgement)
        {
            db.ScoreChanges.Add(new ScoreChange
            {
                ApplicationId = application.Id, At = now, ActorId = actor, ActorRole = Roles.Evaluator, Subject = "panel-judgement",
                EvaluatorId = evaluatorId, OldPoints = sheet.Items.Count == 0 ? null : sheet.PanelJudgement, NewPoints = panelJudgement,
                Reason = reason,
            });
        }

        // A new list, so EF sees the JSON document changed.
        sheet.Items = items.Select(i => new SheetItem
        {
            Number = i.Number, Points = i.Points, VetoFailed = i.VetoFailed, Note = i.Note,
            ComputedPoints = byNumber[i.Number].Kind == "tiered" ? computed(byNumber[i.Number]) : null,
        }).ToList();
        sheet.PanelJudgement = panelJudgement;
        sheet.UpdatedAt = now;
        return sheet;
    }

    /// <summary>The public-satisfaction survey's result (群众满意度测评, 0 to the scheme's maximum in tenths), audited; until reported.</summary>
    public static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> EnterSatisfaction(
        Guid id, SatisfactionRequest request, ScoringDbContext db, EvaluationStore store, SatisfactionStore satisfaction, LockedSteps steps,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Points is not { } points || points < 0 || decimal.Truncate(points * 10) != points * 10)
        {
            return Problems.Invalid("points", "The satisfaction points are 0 to the scheme's maximum (10) in tenths.");
        }

        if (request.Reason is { Length: > ScoreRules.MaxNoteLength })
        {
            return Problems.Invalid("reason", $"At most {ScoreRules.MaxNoteLength} characters.");
        }

        EvaluationInputs? inputs = null;
        string? invalid = null;
        var invalidField = "points";
        var outcome = await steps.RunAsync<Application>(id, "application", async (application, token) =>
        {
            inputs = await store.InputsAsync(application, token);
            if (!ScoreRules.IsValidComponent(points, inputs.Scheme.Satisfaction))
            {
                invalid = $"The satisfaction points are 0 to {inputs.Scheme.Satisfaction} in tenths.";
                return InvalidSheet;
            }

            // Overriding what 好差评 derives takes a reason, kept in the history (decision 0019).
            if (string.IsNullOrWhiteSpace(request.Reason) && (await satisfaction.DeriveAsync(application, token)).Points is { } derived && derived != points)
            {
                (invalidField, invalid) = ("reason", $"好差评 derives {derived} points: entering other points takes a reason, kept in the history.");
                return InvalidSheet;
            }

            var now = clock.GetUtcNow();
            var before = application.SatisfactionPoints;
            if (application.EnterSatisfaction(points, inputs, now) is { } refusal)
            {
                return refusal;
            }

            if (before != points)
            {
                db.ScoreChanges.Add(new ScoreChange
                {
                    ApplicationId = application.Id, At = now, ActorId = user.ActorId() ?? Guid.Empty, ActorRole = Roles.Secretary,
                    Subject = "satisfaction", OldPoints = before, NewPoints = points, Reason = request.Reason,
                });
            }

            return null;
        }, ct);
        return invalid is not null ? Problems.Invalid(invalidField, invalid) : Answer(outcome, inputs);
    }

    /// <summary>scored (with satisfaction entered) → awaiting-approval: the result goes to the city government (报市政府审定).</summary>
    public static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> ReportForApproval(
        Guid id, EvaluationStore store, LockedSteps steps, TimeProvider clock, CancellationToken ct)
    {
        EvaluationInputs? inputs = null;
        var outcome = await steps.RunAsync<Application>(id, "application", async (application, token) =>
        {
            inputs = await store.InputsAsync(application, token);
            return application.Report(inputs, clock.GetUtcNow());
        }, ct);
        return outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(Response(outcome.Aggregate!, inputs!));
    }

    /// <summary>
    /// The approver's decision (审定) on a reported result (<see cref="Application.Decide"/>): approved
    /// announces <see cref="EvaluationApproved"/> (Awards grants the star), rejected
    /// <see cref="EvaluationRejected"/>; through the outbox with the change.
    /// </summary>
    public static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, DecisionRequest request, EvaluationStore store, LockedSteps steps, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Approved is not { } approved)
        {
            return Problems.Invalid("approved", "Say whether the result is approved (true or false).");
        }

        if (request.Comment is { Length: > 2000 })
        {
            return Problems.Invalid("comment", "At most 2000 characters.");
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        EvaluationInputs? inputs = null;
        var outcome = await steps.RunAsync<Application>(id, "application", async (application, token) =>
        {
            inputs = await store.InputsAsync(application, token);
            return application.Decide(approved, user.ActorId() ?? Guid.Empty, comment, inputs, clock.GetUtcNow());
        }, ct);
        return Answer(outcome, inputs);
    }

    /// <summary>A sheet or value the step found invalid under the lock: the handler answers 400 with the field errors it kept.</summary>
    private static readonly Refusal InvalidSheet = new(StatusCodes.Status400BadRequest, "invalid", "The request is not valid.", "");

    private static Refusal Forbidden(string code, string detail) => new(StatusCodes.Status403Forbidden, code, "Not allowed.", detail);

    private static Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult> Answer(StepOutcome<Application> outcome, EvaluationInputs? inputs) =>
        outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(Response(outcome.Aggregate!, inputs!));

    private static ApplicationResponse Response(Application application, EvaluationInputs inputs) =>
        ApplicationResponse.From(application, inputs.Sheets.Where(s => application.EvaluatorIds.Contains(s.EvaluatorId)).Select(s => s.EvaluatorId).ToList());

    private static ProblemHttpResult Duplicate(int year) =>
        Problems.Conflict("The unit has applied already.", $"A unit applies once per cycle; it has an application in the {year} cycle.");
}
