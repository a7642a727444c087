using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Awards.Apis;

/// <summary>
/// The approver's side of revocations: those waiting for a decision (with the case and its
/// offence), and the decision itself, taken at once as the revocation's step
/// (<see cref="Revocation.Decide"/>) under its row lock and the award's.
/// </summary>
public static class RevocationsApi
{
    public const int MaxCommentLength = 2000;

    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/awards").WithTags("Revocations");
        awards.MapGet("/revocations", ListRevocations).WithName(nameof(ListRevocations))
            .WithDescription("`status`: pending, confirmed, rejected, lapsed or withdrawn; oldest first.")
            .RequireAuthorization(Policies.Approver)
            .WithProblems(401, 403);
        awards.MapPost("/{id:guid}/revocation-decision", DecideRevocation).WithName(nameof(DecideRevocation)).TagSpanFromRoute("id", SpanTags.AwardId)
            .WithDescription("Confirms or rejects the award's pending revocation (the oldest, when several cases opened one): 200 with the decided revocation.")
            .RequireAuthorization(Policies.Approver)
            .WithProblems(401, 403, 404, 409);
        return app;
    }

    public static async Task<Results<Ok<Page<RevocationResponse>>, ValidationProblem>> ListRevocations(
        AwardsDbContext db, CancellationToken ct, string? status = null, Guid? awardId = null, int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        RevocationStatus? byStatus = null;
        if (status is not null)
        {
            if (Words.TryParse<RevocationStatus>(status, out var parsed))
            {
                byStatus = parsed;
            }
            else
            {
                errors.Add("status", $"The status is one of {string.Join(", ", Words.All<RevocationStatus>())}.");
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var query = db.Revocations.AsNoTracking();
        if (byStatus is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        if (awardId is { } award)
        {
            query = query.Where(r => r.AwardId == award);
        }

        var total = await query.CountAsync(ct);
        var rows = await (
                from r in query
                join a in db.Awards.AsNoTracking() on r.AwardId equals a.Id
                join u in db.Units.AsNoTracking() on r.UnitId equals u.Id into units
                from u in units.DefaultIfEmpty()
                orderby r.OpenedAt, r.Id
                select new { Revocation = r, a.PlaqueNumber, a.Stars, UnitName = u == null ? null : u.Name })
            .PageOf(pageNumber, size)
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<RevocationResponse>(rows.Select(r => Response(r.Revocation, r.UnitName, r.PlaqueNumber, r.Stars)).ToList(), total));
    }

    /// <summary>
    /// The approver's decision on the award's pending revocation (the oldest, when several cases
    /// opened one): the revocation's row and the award's are locked, the decision taken and written
    /// with <c>StarRevoked</c> (when confirmed) in one transaction. Of two decisions at once one is
    /// taken and the other finds it decided (409).
    /// </summary>
    public static async Task<Results<Ok<RevocationResponse>, ValidationProblem, ProblemHttpResult>> DecideRevocation(
        Guid id, RevocationDecisionRequest request, AwardsDbContext db, LockedSteps steps, TimeProvider clock, ClaimsPrincipal user,
        AwardsMetrics metrics, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Confirmed is null)
        {
            errors.Add("confirmed", "Say whether the revocation is confirmed (true or false).");
        }

        if (request.Comment is { Length: > MaxCommentLength })
        {
            errors.Add("comment", $"The comment has at most {MaxCommentLength} characters.");
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var award = await db.Awards.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.UnitId, a.PlaqueNumber, a.Stars }).SingleOrDefaultAsync(ct);
        if (award is null)
        {
            return Problems.NotFound("award");
        }

        var pending = await db.Revocations.AsNoTracking()
            .Where(r => r.AwardId == id && r.Status == RevocationStatus.Pending)
            .OrderBy(r => r.OpenedAt).ThenBy(r => r.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (pending is null)
        {
            return NoPendingRevocation();
        }

        var approver = user.ActorId()?.ToString() ?? user.FindFirst(StarClaims.Subject)?.Value ?? "unknown";
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        var outcome = await steps.RunAsync<Revocation>(pending.Value, "revocation", async (revocation, token) =>
        {
            var held = await db.Awards.FromSql($"select * from awards where id = {revocation.AwardId} for update").SingleAsync(token);
            return revocation.Decide(request.Confirmed!.Value, approver, comment, held, clock.GetUtcNow());
        }, ct);
        if (outcome.Refusal is not null)
        {
            // Decided a moment ago by another request: the award has no pending revocation any more.
            return NoPendingRevocation();
        }

        if (outcome.Aggregate!.Status == RevocationStatus.Confirmed)
        {
            metrics.Revoked(award.Stars);
        }

        var unitName = await db.Units.AsNoTracking().Where(u => u.Id == award.UnitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
        return TypedResults.Ok(Response(outcome.Aggregate!, unitName, award.PlaqueNumber, award.Stars));
    }

    private static RevocationResponse Response(Revocation r, string? unitName, string plaqueNumber, int stars) =>
        new(r.Id, r.AwardId, r.UnitId, unitName, plaqueNumber, stars, r.ComplaintId, r.CaseNumber, r.Category, r.Offence,
            r.ViolationConfirmedAt, r.OpenedAt, r.Status, r.DecidedAt, r.DecidedBy, r.Comment, r.ViolationReversedAt, r.ReversalSummary);

    private static ProblemHttpResult NoPendingRevocation() =>
        Problems.Conflict("No pending revocation.",
            "The award has no revocation waiting for a decision (none was opened, or it has been decided already).");
}
