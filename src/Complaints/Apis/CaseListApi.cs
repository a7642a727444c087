using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Apis;

public sealed record CaseSummary(
    Guid Id, string CaseNumber, string Channel, Guid TargetUnitId, string TargetKind, string Category, string Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Overdue, Guid? InvestigatorId);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total);

public static class CaseListApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapCaseListApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/complaints").WithTags("Complaints")
            .MapGet("/", ListCases).WithName(nameof(ListCases))
            .RequireAuthorization(Policies.ComplaintStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>
    /// Cases the caller may read (an operator's own, an investigator's assigned, discipline all),
    /// by unit, status and overdue (still without a finding after its deadline), newest first.
    /// </summary>
    public static async Task<Results<Ok<CasePage>, ValidationProblem>> ListCases(
        ComplaintsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct,
        Guid? unitId = null, string? status = null, bool? overdue = null, int? page = null, int? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !ComplaintLifecycle.States.Contains(status))
        {
            errors["status"] = [$"The status is one of {string.Join(", ", ComplaintLifecycle.States)}."];
        }

        if (page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"A page has 1 to {MaxPageSize} cases."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        }

        var query = db.Complaints.AsNoTracking();
        if (!user.IsInRole(Roles.Discipline))
        {
            var actor = user.ActorId() ?? Guid.Empty;
            var asOperator = user.IsInRole(Roles.Operator);
            var asInvestigator = user.IsInRole(Roles.Investigator);
            query = query.Where(c => (asOperator && c.FiledBy == actor) || (asInvestigator && c.InvestigatorId == actor));
        }

        if (unitId is { } unit)
        {
            query = query.Where(c => c.TargetUnitId == unit);
        }

        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        var now = clock.GetUtcNow();
        string[] open = [ComplaintLifecycle.Received, ComplaintLifecycle.Assigned, ComplaintLifecycle.Investigating];
        if (overdue is { } late)
        {
            query = late
                ? query.Where(c => open.Contains(c.Status) && c.DueAt < now)
                : query.Where(c => !(open.Contains(c.Status) && c.DueAt < now));
        }

        var size = pageSize ?? DefaultPageSize;
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.ReceivedAt).ThenBy(c => c.Id)
            .Skip(((page ?? 1) - 1) * size).Take(size)
            .Select(c => new CaseSummary(c.Id, c.CaseNumber, c.Channel, c.TargetUnitId, c.TargetKind, c.Category, c.Status,
                c.ReceivedAt, c.DueAt, open.Contains(c.Status) && c.DueAt < now, c.InvestigatorId))
            .ToListAsync(ct);
        return TypedResults.Ok(new CasePage(items, total));
    }
}
