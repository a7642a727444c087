using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.StateMachines;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Apis;

/// <summary>
/// The approver's side of the revocation saga: the revocations waiting for a decision, and the
/// decision itself, handed to the saga through the outbox.
/// </summary>
public static class RevocationsApi
{
    public const int MaxCommentLength = 2000;

    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/awards").WithTags("Revocations");
        awards.MapGet("/revocations", ListRevocations).WithName(nameof(ListRevocations))
            .WithDescription("`status`: pending, confirmed, rejected or lapsed; oldest first.")
            .RequireAuthorization(Policies.Approver)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        awards.MapPost("/{id:guid}/revocation-decision", DecideRevocation).WithName(nameof(DecideRevocation))
            .WithDescription("Confirms or rejects the award's pending revocation. 202: the saga applies it (the award shows `revoked` once confirmed).")
            .RequireAuthorization(Policies.Approver)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Results<Ok<RevocationPage>, ValidationProblem>> ListRevocations(
        AwardsDbContext db, CancellationToken ct, string? status = null, Guid? awardId = null, int? page = null, int? pageSize = null)
    {
        var errors = AwardsApi.PagingErrors(page, pageSize);
        var state = status is null ? null : RevocationStateMachine.StateOf(status);
        if (status is not null && state is null)
        {
            errors["status"] = [$"The status is one of {string.Join(", ", RevocationStateMachine.Statuses)}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var query = db.Revocations.AsNoTracking();
        if (state is not null)
        {
            query = query.Where(r => r.CurrentState == state);
        }

        if (awardId is { } award)
        {
            query = query.Where(r => r.AwardId == award);
        }

        var size = pageSize ?? AwardsApi.DefaultPageSize;
        var total = await query.CountAsync(ct);
        var rows = await (
                from r in query
                join a in db.Awards.AsNoTracking() on r.AwardId equals a.Id
                join u in db.Units.AsNoTracking() on r.UnitId equals u.Id into units
                from u in units.DefaultIfEmpty()
                orderby r.OpenedAt, r.CorrelationId
                select new { Revocation = r, a.PlaqueNumber, a.Stars, UnitName = u == null ? null : u.Name })
            .Skip(((page ?? 1) - 1) * size).Take(size)
            .ToListAsync(ct);
        return TypedResults.Ok(new RevocationPage(rows.Select(r => Response(r.Revocation, r.UnitName, r.PlaqueNumber, r.Stars)).ToList(), total));
    }

    /// <summary>
    /// Hands the approver's decision on the award's pending revocation (the oldest, when several cases
    /// opened one) to the saga. The revocation's row is locked and marked as decided-on in the same
    /// transaction as the outbox row, so of two decisions at once one gets 202 and the other 409.
    /// </summary>
    public static async Task<Results<Accepted<RevocationResponse>, ValidationProblem, ProblemHttpResult>> DecideRevocation(
        Guid id, RevocationDecisionRequest request, AwardsDbContext db, IOutbox outbox, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Confirmed is null)
        {
            errors["confirmed"] = ["Say whether the revocation is confirmed (true or false)."];
        }

        if (request.Comment is { Length: > MaxCommentLength })
        {
            errors["comment"] = [$"The comment has at most {MaxCommentLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var award = await db.Awards.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.UnitId, a.PlaqueNumber, a.Stars }).SingleOrDefaultAsync(ct);
        if (award is null)
        {
            return Problems.AwardNotFound();
        }

        var pending = nameof(RevocationStateMachine.Pending);
        var revocation = await db.Revocations.FromSql($"""
            select s.*, s.xmin from revocations s
            where s.award_id = {id} and s.current_state = {pending} and s.decision_requested_at is null
            order by s.opened_at, s.correlation_id
            limit 1
            for update
            """).SingleOrDefaultAsync(ct);
        if (revocation is null)
        {
            return Problems.NoPendingRevocation();
        }

        var now = clock.GetUtcNow();
        var approver = user.ActorId()?.ToString() ?? user.FindFirst(StarClaims.Subject)?.Value ?? "unknown";
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        revocation.DecisionRequestedAt = now;
        outbox.Publish(new StateMachines.DecideRevocation(revocation.CorrelationId, id, request.Confirmed!.Value, comment, approver, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var unitName = await db.Units.AsNoTracking().Where(u => u.Id == award.UnitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
        return TypedResults.Accepted((string?)null, Response(revocation, unitName, award.PlaqueNumber, award.Stars));
    }

    private static RevocationResponse Response(RevocationState r, string? unitName, string plaqueNumber, int stars) =>
        new(r.CorrelationId, r.AwardId, r.UnitId, unitName, plaqueNumber, stars, r.CaseNumber, r.Category, r.ViolationConfirmedAt,
            r.OpenedAt, RevocationStateMachine.StatusOf(r.CurrentState), r.DecisionRequestedAt, r.DecidedAt, r.DecidedBy, r.Comment,
            r.ViolationReversedAt, r.ReversalSummary);
}
