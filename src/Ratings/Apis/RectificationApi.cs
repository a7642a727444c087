using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;
using StarPlatform.Ratings.Data;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Apis;

public sealed record CallbackRequest(bool? Reached, string? Note);

/// <param name="Rectified">true: rectified (整改到位); false: the unit explains in <paramref name="Note"/> why it cannot (no legal basis …)</param>
public sealed record RectificationRequest(bool? Rectified, string? Note);

public sealed record FeedbackRequest(string? Note);

/// <summary>A rectification case in a center's list: no contact, no comment.</summary>
public sealed record RectificationSummary(Guid Id, Guid UnitId, string? UnitName, string TransactionId, string ServiceItem, RatingChannel Channel,
    RatingLevel Level, bool RealName, RectificationState State, DateTimeOffset OpenedAt, DateTimeOffset? NextDueAt, bool Overdue);

/// <summary>
/// A rectification case as the center's staff work it: the rating (level, channel, comment), each step's time and note,
/// both deadlines and whether each was missed, and — only here — the real-name rater's contact, decrypted.
/// </summary>
public sealed record RectificationCaseResponse(Guid Id, Guid RatingId, Guid UnitId, string? UnitName, string TransactionId, string ServiceItem,
    RatingChannel Channel, RatingLevel Level, string? Comment, bool RealName, RaterContact? Contact, RectificationState State,
    DateTimeOffset OpenedAt, DateTimeOffset? CallbackDueAt, DateTimeOffset RectifyDueAt, bool CallbackOverdue, bool RectifyOverdue,
    DateTimeOffset? CalledBackAt, bool? RaterReached, string? CallbackNote, DateTimeOffset? RectifiedAt, bool? Rectified, string? RectificationNote,
    DateTimeOffset? FedBackAt, string? FeedbackNote, DateTimeOffset? ClosedAt);

/// <summary>
/// 差评整改: the rectification cases of a center's bad ratings, worked by its staff (<c>center-staff</c>, bound to the
/// center by the token's <c>unit_id</c>): the center's own and its windows' and outlets' cases, overdue first. Each step
/// runs on the case under its row lock (<see cref="LockedSteps"/>); a step out of turn is 409 and writes nothing.
/// </summary>
public static class RectificationApi
{
    public static IEndpointRouteBuilder MapRectificationApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/ratings/rectifications").WithTags("Rectification").RequireAuthorization(Policies.CenterStaff);
        cases.MapGet("/", ListRectifications).WithName(nameof(ListRectifications))
            .WithDescription("The center's cases (its own, its windows' and outlets'), overdue first, then by the next deadline. `open=false` lists the closed ones.")
            .WithProblems(401, 403);
        cases.MapGet("/{id:guid}", GetRectification).WithName(nameof(GetRectification))
            .WithDescription("The case with the rating's comment and, for a real-name rating, the rater's contact (shown only here).")
            .WithProblems(401, 403, 404);
        cases.MapPost("/{id:guid}/callback", CallBack).WithName(nameof(CallBack))
            .WithDescription("awaiting-callback → rectifying: the real-name rater was called back (reached or not) and what was found.")
            .WithProblems(401, 403, 404, 409);
        cases.MapPost("/{id:guid}/rectification", Rectify).WithName(nameof(Rectify))
            .WithDescription("rectifying → awaiting-feedback: rectified, or (rectified=false) why it cannot be, e.g. no legal basis.")
            .WithProblems(401, 403, 404, 409);
        cases.MapPost("/{id:guid}/feedback", FeedBack).WithName(nameof(FeedBack))
            .WithDescription("awaiting-feedback → fed-back: what the rater was told.")
            .WithProblems(401, 403, 404, 409);
        cases.MapPost("/{id:guid}/closure", Close).WithName(nameof(Close))
            .WithDescription("fed-back → closed; announces RectificationClosed.")
            .WithProblems(401, 403, 404, 409);
        return app;
    }

    public static async Task<Results<Ok<Page<RectificationSummary>>, ValidationProblem, ProblemHttpResult>> ListRectifications(
        ClaimsPrincipal user, RatingsDbContext db, TimeProvider clock, CancellationToken ct, bool? open = null, int? page = null, int? pageSize = null)
    {
        if (user.ActingUnitId() is not { } center)
        {
            return Forbidden();
        }

        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var query = InCenter(db, center);
        query = open == false ? query.Where(c => c.State == RectificationState.Closed) : query.Where(c => c.State != RectificationState.Closed);
        var total = await query.CountAsync(ct);
        var rows = await query
            .Select(c => new
            {
                Case = c,
                NextDueAt = c.State == RectificationState.AwaitingCallback ? c.CallbackDueAt
                    : c.State == RectificationState.Rectifying ? (DateTimeOffset?)c.RectifyDueAt : null,
                Overdue = (c.State == RectificationState.AwaitingCallback && c.CallbackDueAt < now)
                    || ((c.State == RectificationState.AwaitingCallback || c.State == RectificationState.Rectifying) && c.RectifyDueAt < now),
                UnitName = db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefault(),
            })
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.NextDueAt == null).ThenBy(r => r.NextDueAt).ThenBy(r => r.Case.OpenedAt)
            .PageOf(pageNumber, size).ToListAsync(ct);
        return TypedResults.Ok(new Page<RectificationSummary>(rows.Select(r => new RectificationSummary(r.Case.Id, r.Case.UnitId, r.UnitName,
            r.Case.TransactionId, r.Case.ServiceItem, r.Case.Channel, r.Case.Level, r.Case.RealName, r.Case.State, r.Case.OpenedAt, r.NextDueAt,
            r.Overdue)).ToList(), total));
    }

    public static async Task<Results<Ok<RectificationCaseResponse>, ProblemHttpResult>> GetRectification(
        Guid id, ClaimsPrincipal user, RatingsDbContext db, ContactProtection contacts, TimeProvider clock, CancellationToken ct)
    {
        if (user.ActingUnitId() is not { } center)
        {
            return Forbidden();
        }

        var found = await InCenter(db, center).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new
            {
                Case = c,
                Rating = db.Ratings.Where(r => r.Id == c.RatingId).Select(r => new { r.Comment, r.ProtectedContact }).FirstOrDefault(),
                UnitName = db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefault(),
            }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return NotFound();
        }

        return TypedResults.Ok(Response(found.Case, found.UnitName, found.Rating?.Comment, contacts.Unprotect(found.Rating?.ProtectedContact),
            clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<RectificationCaseResponse>, ValidationProblem, ProblemHttpResult>> CallBack(
        Guid id, CallbackRequest request, ClaimsPrincipal user, LockedSteps steps, RatingsDbContext db, ContactProtection contacts,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.AddIf(request.Reached is null, "reached", "Say whether the rater was reached (true or false).");
        var note = Note(errors, request.Note, "What the callback found is required.");
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var at = clock.GetUtcNow();
        return await StepAsync(id, user, steps, db, contacts, at,
            (c, actor) => c.CallBack(request.Reached!.Value, note!, actor, at), ct);
    }

    public static async Task<Results<Ok<RectificationCaseResponse>, ValidationProblem, ProblemHttpResult>> Rectify(
        Guid id, RectificationRequest request, ClaimsPrincipal user, LockedSteps steps, RatingsDbContext db, ContactProtection contacts,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.AddIf(request.Rectified is null, "rectified", "Say whether it was rectified (true), or why it cannot be (false).");
        var note = Note(errors, request.Note, request.Rectified == false
            ? "Explain why it cannot be rectified (no legal basis …)."
            : "Say what was rectified.");
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var at = clock.GetUtcNow();
        return await StepAsync(id, user, steps, db, contacts, at,
            (c, actor) => c.Rectify(request.Rectified!.Value, note!, actor, at), ct);
    }

    public static async Task<Results<Ok<RectificationCaseResponse>, ValidationProblem, ProblemHttpResult>> FeedBack(
        Guid id, FeedbackRequest request, ClaimsPrincipal user, LockedSteps steps, RatingsDbContext db, ContactProtection contacts,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var note = Note(errors, request.Note, "Say what the rater was told.");
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var at = clock.GetUtcNow();
        return await StepAsync(id, user, steps, db, contacts, at, (c, actor) => c.FeedBack(note!, actor, at), ct);
    }

    public static async Task<Results<Ok<RectificationCaseResponse>, ValidationProblem, ProblemHttpResult>> Close(
        Guid id, ClaimsPrincipal user, LockedSteps steps, RatingsDbContext db, ContactProtection contacts, TimeProvider clock, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        return await StepAsync(id, user, steps, db, contacts, at, (c, actor) => c.Close(actor, at), ct);
    }

    private static async Task<Results<Ok<RectificationCaseResponse>, ValidationProblem, ProblemHttpResult>> StepAsync(
        Guid id, ClaimsPrincipal user, LockedSteps steps, RatingsDbContext db, ContactProtection contacts, DateTimeOffset at,
        Func<RectificationCase, Guid, Refusal?> step, CancellationToken ct)
    {
        if (user.ActingUnitId() is not { } center || user.ActorId() is not { } actor)
        {
            return Forbidden();
        }

        var units = await db.Units.AsNoTracking().Where(u => u.Id == center || u.ParentId == center).Select(u => u.Id).ToListAsync(ct);
        var outcome = await steps.RunAsync<RectificationCase>(id, "rectification case",
            (c, _) => ValueTask.FromResult(step(c, actor)), ct, c => c.UnitId == center || units.Contains(c.UnitId));
        if (outcome.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        var c = outcome.Aggregate!;
        var rating = await db.Ratings.AsNoTracking().Where(r => r.Id == c.RatingId).Select(r => new { r.Comment, r.ProtectedContact }).SingleOrDefaultAsync(ct);
        var unitName = await db.Units.AsNoTracking().Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(Response(c, unitName, rating?.Comment, contacts.Unprotect(rating?.ProtectedContact), at));
    }

    /// <summary>The cases of a center: its own, and those of the units directly under it (its windows and outlets).</summary>
    private static IQueryable<RectificationCase> InCenter(RatingsDbContext db, Guid center) =>
        db.RectificationCases.Where(c => c.UnitId == center || db.Units.Any(u => u.Id == c.UnitId && u.ParentId == center));

    private static RectificationCaseResponse Response(RectificationCase c, string? unitName, string? comment, RaterContact? contact, DateTimeOffset now) =>
        new(c.Id, c.RatingId, c.UnitId, unitName, c.TransactionId, c.ServiceItem, c.Channel, c.Level, comment, c.RealName, contact, c.State,
            c.OpenedAt, c.CallbackDueAt, c.RectifyDueAt,
            CallbackOverdue: c.CallbackDueAt is { } callbackDue && (c.CalledBackAt ?? (c.State == RectificationState.AwaitingCallback ? now : callbackDue)) > callbackDue,
            RectifyOverdue: (c.RectifiedAt ?? (c.State is RectificationState.AwaitingCallback or RectificationState.Rectifying ? now : c.RectifyDueAt)) > c.RectifyDueAt,
            c.CalledBackAt, c.RaterReached, c.CallbackNote, c.RectifiedAt, c.Rectified, c.RectificationNote, c.FedBackAt, c.FeedbackNote, c.ClosedAt);

    private static string? Note(FieldErrors errors, string? note, string missing)
    {
        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add("note", missing);
            return null;
        }

        errors.AddIf(trimmed.Length > RectificationCase.MaxNoteLength, "note", $"The note has at most {RectificationCase.MaxNoteLength} characters.");
        return trimmed;
    }

    private static ProblemHttpResult Forbidden() =>
        Problems.Forbidden("A center's staff token names the center (unit_id) they work for.");

    private static ProblemHttpResult NotFound() =>
        Problems.NotFound("The rectification case was not found.", "No rectification case with this id in your center.");
}
