using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Http;

namespace StarPlatform.Complaints.Apis;

public sealed record CaseSummary(
    Guid Id, string CaseNumber, string Channel, Guid TargetUnitId, UnitKind TargetKind, string Category, string Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Overdue, Guid? InvestigatorId, DateTimeOffset AcknowledgeDueAt)
{
    /// <summary>The China day by whose end a finding is due.</summary>
    public DateOnly DueOn => ChinaTime.DayEndingAt(DueAt);

    /// <summary>The China day by whose end the case is acknowledged.</summary>
    public DateOnly AcknowledgeDueOn => ChinaTime.DayEndingAt(AcknowledgeDueAt);
}

/// <param name="Phone">the caller's phone as typed (spaces, dashes, +86 are ignored)</param>
public sealed record CallerSearchRequest(string? Phone, int? Page = null, int? PageSize = null);

public sealed record StatisticsResponse(DateOnly From, DateOnly To, IReadOnlyList<UnitCaseStatistics> Units);

public static class CaseListApi
{

    public static IEndpointRouteBuilder MapCaseListApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/complaints").WithTags("Complaints")
            .MapGet("/", ListCases).WithName(nameof(ListCases))
            .RequireAuthorization(Policies.ComplaintStaff)
            .WithProblems(401, 403);
        // A POST, so the phone travels in the body: never in a URL, an access log or a trace.
        app.MapGroup("/api/complaints").WithTags("Complaints")
            .MapPost("/caller-search", SearchByCallerPhone).WithName(nameof(SearchByCallerPhone))
            .RequireAuthorization(Policies.Discipline)
            .WithProblems(401, 403);
        app.MapGroup("/api/complaints").WithTags("Complaints")
            .MapGet("/statistics", Statistics).WithName(nameof(Statistics))
            .RequireAuthorization(Policies.ComplaintStaff)
            .WithProblems(401, 403);
        return app;
    }

    /// <summary>The orders a case list comes in: newest first (the default) or nearest deadline first.</summary>
    public static readonly string[] Sorts = ["received", "due"];

    /// <summary>
    /// Cases the caller may read (an operator's own, an investigator's assigned, discipline and the supervisor all),
    /// by unit (one or more <c>unitId</c>), case number (<c>caseNumber</c>, any part of it), status
    /// and overdue (still without a finding after its deadline); newest first, or with
    /// <c>sort=due</c> the nearest deadline first.
    /// </summary>
    public static async Task<Results<Ok<Page<CaseSummary>>, ValidationProblem>> ListCases(
        ComplaintsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct,
        Guid[]? unitId = null, string? status = null, bool? overdue = null, int? page = null, int? pageSize = null,
        string? caseNumber = null, string? sort = null)
    {
        var errors = new FieldErrors();
        if (sort is not null && !Sorts.Contains(sort))
        {
            errors.Add("sort", $"The order is one of {string.Join(", ", Sorts)}.");
        }

        if (caseNumber is { Length: > 40 })
        {
            errors.Add("caseNumber", "A case number has at most 40 characters.");
        }

        if (unitId is { Length: > 100 })
        {
            errors.Add("unitId", "At most 100 units at once.");
        }

        if (status is not null && !ComplaintLifecycle.States.Contains(status))
        {
            errors.Add("status", $"The status is one of {string.Join(", ", ComplaintLifecycle.States)}.");
        }

        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        var query = db.Complaints.AsNoTracking();
        if (!user.IsInRole(Roles.Discipline) && !user.IsInRole(Roles.Supervisor))
        {
            var actor = user.ActorId() ?? Guid.Empty;
            var asOperator = user.IsInRole(Roles.Operator);
            var asInvestigator = user.IsInRole(Roles.Investigator);
            query = query.Where(c => (asOperator && c.FiledBy == actor) || (asInvestigator && c.InvestigatorId == actor));
        }

        if (unitId is { Length: > 0 } units)
        {
            query = query.Where(c => units.Contains(c.TargetUnitId));
        }

        if (!string.IsNullOrWhiteSpace(caseNumber))
        {
            var part = caseNumber.Trim().ToUpperInvariant();
            query = query.Where(c => c.CaseNumber.Contains(part));
        }

        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        var now = clock.GetUtcNow();
        var open = ComplaintLifecycle.Open.ToArray();
        if (overdue is { } late)
        {
            query = late
                ? query.Where(c => open.Contains(c.Status) && c.DueAt < now)
                : query.Where(c => !(open.Contains(c.Status) && c.DueAt < now));
        }

        var total = await query.CountAsync(ct);
        var ordered = sort == "due"
            ? query.OrderBy(c => c.DueAt).ThenBy(c => c.ReceivedAt).ThenBy(c => c.Id)
            : query.OrderByDescending(c => c.ReceivedAt).ThenBy(c => c.Id);
        var items = await ordered
            .PageOf(pageNumber, size)
            .Select(c => new CaseSummary(c.Id, c.CaseNumber, c.Channel, c.TargetUnitId, c.TargetKind, c.Category, c.Status,
                c.ReceivedAt, c.DueAt, open.Contains(c.Status) && c.DueAt < now, c.InvestigatorId, c.AcknowledgeDueAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<CaseSummary>(items, total));
    }

    /// <summary>
    /// The cases whose caller gave this phone (a 12388 reporter's included), newest first: for discipline only, the
    /// role that may see 12388 identities. The phone is compared by its keyed hash (<see cref="CallerSearchKey"/>),
    /// never read or kept in clear, and not logged.
    /// </summary>
    public static async Task<Results<Ok<Page<CaseSummary>>, ValidationProblem>> SearchByCallerPhone(
        CallerSearchRequest request, ComplaintsDbContext db, CallerSearchKey searchKey, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (CallerPhones.Normalise(request.Phone) is null || request.Phone!.Length > ComplaintRules.MaxPhoneLength)
        {
            errors.Add("phone", $"The phone to search by has at least 5 digits and at most {ComplaintRules.MaxPhoneLength} characters.");
        }

        var (pageNumber, size) = Paging.Check(errors, request.Page, request.PageSize);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        var hash = await searchKey.HashAsync(request.Phone, ct);
        var query = db.Complaints.AsNoTracking().Where(c => c.CallerPhoneHash == hash);
        var now = clock.GetUtcNow();
        var open = ComplaintLifecycle.Open.ToArray();
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.ReceivedAt).ThenBy(c => c.Id)
            .PageOf(pageNumber, size)
            .Select(c => new CaseSummary(c.Id, c.CaseNumber, c.Channel, c.TargetUnitId, c.TargetKind, c.Category, c.Status,
                c.ReceivedAt, c.DueAt, open.Contains(c.Status) && c.DueAt < now, c.InvestigatorId, c.AcknowledgeDueAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<CaseSummary>(items, total));
    }

    /// <summary>
    /// Per unit, the cases received from <paramref name="from"/> to <paramref name="to"/> (China
    /// dates, inclusive): counts, substantiation rate and on-time rate (<see cref="CaseStatistics"/>).
    /// Every case counts, whoever asks: statistics name no caller and no case.
    /// </summary>
    public static async Task<Results<Ok<StatisticsResponse>, ValidationProblem>> Statistics(
        ComplaintsDbContext db, TimeProvider clock, CancellationToken ct, DateOnly? from = null, DateOnly? to = null, Guid? unitId = null)
    {
        if (from is null || to is null || to < from || to.Value.DayNumber - from.Value.DayNumber > 366 * 5)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["from"] = ["The period is from and to (dates, inclusive, to not before from, at most five years)."],
            }, title: "The query is not valid.");
        }

        var start = ChinaTime.StartOf(from.Value);
        var end = ChinaTime.StartOf(to.Value.AddDays(1));
        var query = db.Complaints.AsNoTracking().Where(c => c.ReceivedAt >= start && c.ReceivedAt < end);
        if (unitId is { } unit)
        {
            query = query.Where(c => c.TargetUnitId == unit);
        }

        var facts = await query
            .Select(c => new CaseStatistics.CaseFacts(c.TargetUnitId, c.Substantiated, c.Violation, c.ConcludedAt, c.DueAt))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var units = facts.GroupBy(f => f.UnitId).OrderBy(g => g.Key)
            .Select(g => CaseStatistics.For(g.Key, g.ToList(), now)).ToList();
        return TypedResults.Ok(new StatisticsResponse(from.Value, to.Value, units));
    }
}
