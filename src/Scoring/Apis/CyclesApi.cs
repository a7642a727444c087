using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Apis;

public sealed record OpenCycleRequest(int? Year, DateOnly? ApplicationOpensOn, DateOnly? ApplicationClosesOn);

public sealed record CycleStatusRequest(string? Status);

/// <summary>Evaluation cycles: opening one, reading them, moving one on, its applications and league table.</summary>
public static class CyclesApi
{

    public static IEndpointRouteBuilder MapCyclesApi(this IEndpointRouteBuilder app)
    {
        var cycles = app.MapGroup("/api/scoring/cycles").WithTags("Cycles");
        cycles.MapPost("/", OpenCycle).WithName(nameof(OpenCycle)).RequireAuthorization(Policies.Secretary)
            .AcceptsIdempotencyKey<ScoringDbContext, IdempotencyRecord>()
            .WithProblems(400, 401, 403, 409, 422);
        cycles.MapGet("/", ListCycles).WithName(nameof(ListCycles));
        cycles.MapGet("/{id:guid}", GetCycle).WithName(nameof(GetCycle)).WithProblems(404);
        cycles.MapPost("/{id:guid}/status", ChangeCycleStatus).WithName(nameof(ChangeCycleStatus)).RequireAuthorization(Policies.Secretary)
            .WithProblems(400, 401, 403, 404, 409);
        cycles.MapGet("/{id:guid}/applications", ListCycleApplications).WithName(nameof(ListCycleApplications))
            .RequireAuthorization(Policies.ScoringReview).WithProblems(400, 401, 403, 404);
        cycles.MapPost("/{id:guid}/results", RecomputeResults).WithName(nameof(RecomputeResults)).RequireAuthorization(Policies.Secretary)
            .WithProblems(401, 403, 404);
        cycles.MapGet("/{id:guid}/league-table", LeagueTable).WithName(nameof(LeagueTable)).WithProblems(400, 404);
        return app;
    }

    /// <summary>
    /// Opens the cycle of a year: one per year (409), every <see cref="CycleOptions.IntervalYears"/>
    /// years (422 too close to another), the application window inside the year (default 1–10
    /// December), and the latest published city criteria for centers and windows and the latest
    /// published star scheme pinned: every result of the cycle is computed with them.
    /// </summary>
    public static async Task<Results<Created<CycleResponse>, ValidationProblem, ProblemHttpResult>> OpenCycle(
        OpenCycleRequest request, ScoringDbContext db, IOptions<CycleOptions> options, TimeProvider clock, ClaimsPrincipal user, HttpContext http,
        CancellationToken ct)
    {
        var rules = options.Value;
        var errors = new FieldErrors();
        if (request.Year is not { } year || year < 2000 || year > 2200)
        {
            return Problems.Invalid("year", "The cycle's year (2000–2200) is required.");
        }

        if (request.ApplicationOpensOn is null != request.ApplicationClosesOn is null)
        {
            errors.Add("applicationClosesOn", "Give both ends of the application window, or neither for the default.");
        }

        var opens = request.ApplicationOpensOn ?? new DateOnly(year, rules.DefaultMonth, rules.DefaultOpensDay);
        var closes = request.ApplicationClosesOn ?? new DateOnly(year, rules.DefaultMonth, rules.DefaultClosesDay);
        if (opens > closes)
        {
            errors.Add("applicationClosesOn", "The window closes on or after the day it opens.");
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (opens.Year != year || closes.Year != year)
        {
            return Problems.RuleViolation("The application window is outside the cycle's year.",
                $"Applications for the {year} cycle are filed within {year} (隔年12月初).");
        }

        var years = await db.Cycles.Select(c => c.Year).ToListAsync(ct);
        if (years.Contains(year))
        {
            return Problems.Conflict("The year already has a cycle.", $"There is one evaluation cycle per year; {year} has one.");
        }

        if (years.FirstOrDefault(y => Math.Abs(y - year) < rules.IntervalYears) is var near && near != 0)
        {
            return Problems.RuleViolation("Too close to another cycle.",
                $"Stars are rated every {rules.IntervalYears} years; the {near} cycle is less than that from {year}.");
        }

        var pinned = new List<PinnedCriteria>();
        foreach (var kind in new[] { UnitKind.Center, UnitKind.Window })
        {
            var latest = await db.CriteriaVersions.AsNoTracking()
                .Where(v => v.UnitKind == kind && v.OwnerDivisionCode == null)
                .OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.Version)
                .Select(v => new { v.Code, v.Version }).FirstOrDefaultAsync(ct);
            if (latest is null)
            {
                return Problems.RuleViolation("No published criteria.", $"No criteria version for {Words.Of(kind)}s has been published to Scoring yet.");
            }

            pinned.Add(new PinnedCriteria { UnitKind = kind, Code = latest.Code, Version = latest.Version });
        }

        var scheme = await db.StarSchemes.AsNoTracking().OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Version)
            .Select(s => new { s.Code, s.Version }).FirstOrDefaultAsync(ct);
        if (scheme is null)
        {
            return Problems.RuleViolation("No published star scheme.", "No star scheme (星级评定) has been published to Scoring yet.");
        }

        var cycle = new Cycle
        {
            Id = Guid.CreateVersion7(),
            Year = year,
            ApplicationOpensOn = opens,
            ApplicationClosesOn = closes,
            Status = CycleStatuses.Open,
            Criteria = pinned,
            SchemeCode = scheme.Code,
            SchemeVersion = scheme.Version,
            OpenedAt = clock.GetUtcNow(),
            OpenedBy = user.ActorId() ?? Guid.Empty,
        };
        db.Cycles.Add(cycle);
        var location = $"/api/scoring/cycles/{cycle.Id}";
        var response = CycleResponse.From(cycle);
        return await db.SaveCreatedAsync(http, location, response,
            () => Problems.Conflict("The year already has a cycle.", $"There is one evaluation cycle per year; {year} has one."), ct) is { } conflict
            ? conflict
            : TypedResults.Created(location, response);
    }

    public static async Task<Results<Ok<Page<CycleResponse>>, ValidationProblem>> ListCycles(
        ScoringDbContext db, int? year, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = new FieldErrors();
        var (pageNumber, size) = Paging.Check(paging, page, pageSize);
        if (paging.Count > 0)
        {
            return paging.ToProblem();
        }

        var query = db.Cycles.AsNoTracking();
        query = year is { } y ? query.Where(c => c.Year == y) : query;
        query = status is { Length: > 0 } s ? query.Where(c => c.Status == s) : query;
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.Year).PageOf(pageNumber, size).ToListAsync(ct);
        return TypedResults.Ok(new Page<CycleResponse>(items.Select(CycleResponse.From).ToList(), total));
    }

    public static async Task<Results<Ok<CycleResponse>, ProblemHttpResult>> GetCycle(Guid id, ScoringDbContext db, CancellationToken ct) =>
        await db.Cycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } cycle
            ? TypedResults.Ok(CycleResponse.From(cycle))
            : Problems.NotFound("cycle");

    /// <summary>open → evaluating (filing ends) → closed (every application decided).</summary>
    public static async Task<Results<Ok<CycleResponse>, ValidationProblem, ProblemHttpResult>> ChangeCycleStatus(
        Guid id, CycleStatusRequest request, ScoringDbContext db, CancellationToken ct)
    {
        if (request.Status is not (CycleStatuses.Evaluating or CycleStatuses.Closed))
        {
            return Problems.Invalid("status", "The status to move to: evaluating or closed.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var cycle = await db.Cycles.FromSql($"select * from cycles where id = {id} for update").SingleOrDefaultAsync(ct);
        if (cycle is null)
        {
            return Problems.NotFound("cycle");
        }

        var from = request.Status == CycleStatuses.Evaluating ? CycleStatuses.Open : CycleStatuses.Evaluating;
        if (cycle.Status != from)
        {
            return Problems.Conflict("The cycle is not in a state for this.", $"A cycle moves to {request.Status} from {from}; it is {cycle.Status}.");
        }

        if (request.Status == CycleStatuses.Closed)
        {
            var undecided = await db.Applications.CountAsync(a => a.CycleId == id
                && a.Stage != EvaluationStage.Approved && a.Stage != EvaluationStage.Rejected, ct);
            if (undecided > 0)
            {
                return Problems.Conflict("Applications are undecided.", $"{undecided} application(s) of the cycle await a decision.");
            }
        }

        cycle.Status = request.Status;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(CycleResponse.From(cycle));
    }

    /// <summary>A cycle's applications (secretary and approver: all; an evaluator: those assigned to them).</summary>
    public static async Task<Results<Ok<Page<ApplicationSummary>>, ValidationProblem, ProblemHttpResult>> ListCycleApplications(
        Guid id, string? status, string? unitKind, int? page, int? pageSize, ScoringDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var paging = new FieldErrors();
        var (pageNumber, size) = Paging.Check(paging, page, pageSize);
        if (paging.Count > 0)
        {
            return paging.ToProblem();
        }

        if (status is { Length: > 0 } && !EvaluationLifecycle.Statuses.Contains(status))
        {
            return Problems.Invalid("status", $"One of: {string.Join(", ", EvaluationLifecycle.Statuses)}.");
        }

        if (!await db.Cycles.AnyAsync(c => c.Id == id, ct))
        {
            return Problems.NotFound("cycle");
        }

        var query = db.Applications.AsNoTracking().Where(a => a.CycleId == id);
        if (!user.IsInRole(Roles.Secretary) && !user.IsInRole(Roles.Approver))
        {
            var actor = user.ActorId() ?? Guid.Empty;
            query = query.Where(a => a.EvaluatorIds.Contains(actor));
        }

        if (unitKind is { Length: > 0 } && !Words.TryParse<UnitKind>(unitKind, out _))
        {
            return Problems.Invalid("unitKind", $"One of: {string.Join(", ", Words.All<UnitKind>())}.");
        }

        query = status is { Length: > 0 } s ? query.Where(a => a.Status == s) : query;
        query = unitKind is { Length: > 0 } k ? query.Where(a => a.UnitKind == Words.Parse<UnitKind>(k)) : query;
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.FiledAt).ThenBy(a => a.Id).PageOf(pageNumber, size)
            .Select(a => new ApplicationSummary(a.Id, a.UnitId, a.UnitName, a.UnitKind, a.Status, a.Total, a.Stars))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<ApplicationSummary>(items, total));
    }

    /// <summary>
    /// Ranked by total (highest first; ties share a rank); vetoed results and those whose star was revoked follow,
    /// without a rank. Anyone sees approved results; the
    /// secretary and approver see every application, those without a total last. Ranks are over the
    /// whole table; <c>page</c> and <c>pageSize</c> choose the rows shown (<c>total</c>: all of them).
    /// </summary>
    public static async Task<Results<Ok<Page<LeagueTableRow>>, ProblemHttpResult, ValidationProblem>> LeagueTable(
        Guid id, string? unitKind, int? page, int? pageSize, ScoringDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        if (!await db.Cycles.AnyAsync(c => c.Id == id, ct))
        {
            return Problems.NotFound("cycle");
        }

        var query = db.Applications.AsNoTracking().Where(a => a.CycleId == id);
        if (!user.IsInRole(Roles.Secretary) && !user.IsInRole(Roles.Approver))
        {
            query = query.Where(a => a.Stage == EvaluationStage.Approved);
        }

        if (unitKind is { Length: > 0 } k && Words.TryParse<UnitKind>(k, out var kind))
        {
            query = query.Where(a => a.UnitKind == kind);
        }
        var all = await query.OrderByDescending(a => a.Total.HasValue).ThenByDescending(a => a.Total).ThenBy(a => a.UnitName)
            .Select(a => new { a.Id, a.UnitId, a.UnitName, a.UnitKind, a.Status, a.Total, a.Stars, a.Vetoes, a.RevokedAt }).ToListAsync(ct);
        // A vetoed result (一票否决: no star whatever its total) and one whose star was revoked (取消星级资格) are not
        // ranked among the others: they follow them, without a rank.
        var rows = all.Where(r => r.Vetoes.Count == 0 && r.RevokedAt is null).ToList();
        var ranked = new List<LeagueTableRow>(all.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var rank = i > 0 && rows[i - 1].Total == r.Total ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new LeagueTableRow(rank, r.Id, r.UnitId, r.UnitName, r.UnitKind, r.Status, r.Total, r.Stars, Vetoed: false, Revoked: false));
        }

        ranked.AddRange(all.Where(r => r.Vetoes.Count > 0 || r.RevokedAt is not null).OrderBy(r => r.UnitName)
            .Select(r => new LeagueTableRow(null, r.Id, r.UnitId, r.UnitName, r.UnitKind, r.Status, r.Total,
                r.RevokedAt is null ? r.Stars : 0, Vetoed: r.Vetoes.Count > 0, Revoked: r.RevokedAt is not null)));

        return TypedResults.Ok(new Page<LeagueTableRow>([.. ranked.PageOf(pageNumber, size)], ranked.Count));
    }

    /// <summary>
    /// Recomputes every undecided result of the cycle from the stored sheets, satisfaction, findings
    /// and the cycle's pinned scheme and criteria, all under their row locks in one transaction (a
    /// repair tool: every step already recomputes the result it changes); returns how the results fall.
    /// </summary>
    public static async Task<Results<Ok<CycleResultsResponse>, ProblemHttpResult>> RecomputeResults(
        Guid id, ScoringDbContext db, Evaluations.EvaluationStore store, StarPlatform.Messaging.IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Cycles.AnyAsync(c => c.Id == id, ct))
        {
            return Problems.NotFound("cycle");
        }

        var applications = await db.Applications
            .FromSql($"select * from applications where cycle_id = {id} and stage not in ('approved', 'rejected') order by id for update")
            .ToListAsync(ct);
        var ids = applications.Select(a => a.Id).ToList();
        var sheets = (await db.ScoreSheets.AsNoTracking().Where(s => ids.Contains(s.ApplicationId)).ToListAsync(ct)).ToLookup(s => s.ApplicationId);
        var units = applications.Select(a => a.UnitId).Distinct().ToList();
        var findings = (await store.StandingFindings.Where(f => units.Contains(f.UnitId)).ToListAsync(ct)).ToLookup(f => (f.UnitId, f.Year));
        var codes = applications.Select(a => a.CriteriaCode).Distinct().ToList();
        var versions = (await db.CriteriaVersions.AsNoTracking().Where(v => codes.Contains(v.Code)).ToListAsync(ct))
            .ToDictionary(v => (v.Code, v.Version));
        var scheme = await store.SchemeOfAsync(id, ct);
        var now = clock.GetUtcNow();
        foreach (var application in applications)
        {
            application.Recompute(new EvaluationInputs(versions[(application.CriteriaCode, application.CriteriaVersion)], scheme,
                sheets[application.Id].ToList(), findings[(application.UnitId, application.CycleYear)].ToList(), null), now);
            foreach (var @event in application.TakeEvents())
            {
                outbox.Publish(@event);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new CycleResultsResponse(applications.Count, applications.Count(a => a.Total is not null),
            applications.Count(a => a.Vetoes.Count > 0),
            applications.Where(a => a.Stars is not null).GroupBy(a => a.Stars!.Value).OrderByDescending(g => g.Key)
                .ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count())));
    }

}
