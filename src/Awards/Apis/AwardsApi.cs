using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Awards.Apis;

/// <summary>
/// The public registry of stars for the portal: anonymous, paged, cacheable (ETag, 304). Unit names,
/// kinds, levels and divisions come from Awards' copy of the registry.
/// </summary>
public static class AwardsApi
{

    public static IEndpointRouteBuilder MapAwardsApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/awards").WithTags("Awards");
        awards.MapGet("/", ListAwards).WithName(nameof(ListAwards))
            .WithDescription("`divisionCode` is a prefix; `level` the unit's level (city, county, township …); `active=true` only stars held now.")
            .Produces(StatusCodes.Status304NotModified);
        awards.MapGet("/{id:guid}", GetAward).WithName(nameof(GetAward)).TagSpanFromRoute("id", SpanTags.AwardId).Produces(StatusCodes.Status304NotModified);
        awards.MapGet("/units/{unitId:guid}/history", GetUnitHistory).WithName(nameof(GetUnitHistory))
            .Produces(StatusCodes.Status304NotModified);
        awards.MapGet("/statistics", GetStatistics).WithName(nameof(GetStatistics))
            .WithDescription("Awards per cycle year and star level: granted, and how many are active, superseded, expired or revoked.")
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    /// <summary>Awards, newest first, by unit, stars, held now or not, unit level and division.</summary>
    public static async Task<Results<Ok<Page<AwardSummary>>, StatusCodeHttpResult, ValidationProblem>> ListAwards(
        AwardsDbContext db, HttpContext http, CancellationToken ct,
        Guid? unitId = null, int? stars = null, bool? active = null, string? level = null, string? divisionCode = null,
        int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        if (stars is { } s && !AwardRules.IsStarLevel(s))
        {
            errors.Add("stars", "Stars are 5, 4 or 3.");
        }

        UnitLevel? unitLevel = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (Words.TryParse<UnitLevel>(level, out var parsed))
            {
                unitLevel = parsed;
            }
            else
            {
                errors.Add("level", $"The level is one of {string.Join(", ", Words.All<UnitLevel>())}.");
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var query = Joined(db);
        if (unitId is { } unit)
        {
            query = query.Where(j => j.Award.UnitId == unit);
        }

        if (stars is { } starLevel)
        {
            query = query.Where(j => j.Award.Stars == starLevel);
        }

        if (active is { } isActive)
        {
            query = isActive ? query.Where(j => j.Award.Status == AwardStatus.Active) : query.Where(j => j.Award.Status != AwardStatus.Active);
        }

        if (unitLevel is { } byLevel)
        {
            query = query.Where(j => j.Unit != null && j.Unit.Level == byLevel);
        }

        if (!string.IsNullOrWhiteSpace(divisionCode))
        {
            query = query.Where(j => j.Unit != null && j.Unit.DivisionCode != null && j.Unit.DivisionCode.StartsWith(divisionCode));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(j => j.Award.AwardedAt).ThenBy(j => j.Award.Id)
            .PageOf(pageNumber, size)
            .Select(j => new { j.Award, j.Unit, Complaints = db.SubstantiatedComplaints.Count(c => c.AwardId == j.Award.Id && c.ReversedAt == null) })
            .ToListAsync(ct);
        var body = new Page<AwardSummary>(rows.Select(r => Summary(r.Award, r.Unit, r.Complaints)).ToList(), total);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<AwardResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAward(
        Guid id, AwardsDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await Joined(db).SingleOrDefaultAsync(j => j.Award.Id == id, ct);
        if (found is null)
        {
            return Problems.NotFound("award");
        }

        var complaints = await db.SubstantiatedComplaints.AsNoTracking().Where(c => c.AwardId == id)
            .OrderBy(c => c.OccurredAt).ThenBy(c => c.CaseNumber)
            .Select(c => new ComplaintOnAward(c.CaseNumber, c.Category, c.OccurredAt, c.SubstantiatedAt, c.ReversedAt))
            .ToListAsync(ct);
        var (a, u) = (found.Award, found.Unit);
        var body = new AwardResponse(a.Id, a.UnitId, u?.Name, u?.Kind ?? a.UnitKind, u?.Level, u?.DivisionCode, a.CycleId, a.CycleYear,
            a.ApplicationId, a.Stars, a.Total, a.PlaqueNumber, a.FundingAmount, a.FundingStatus, a.AwardedAt, a.ExpiresAt, a.Status,
            a.EndedAt, a.SupersededByApplicationId, a.RevokedAt, a.RevocationReason, a.RevocationCaseNumber, complaints);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    /// <summary>A unit's approved results (with or without stars), newest cycle first, each with the award it granted.</summary>
    public static async Task<Results<Ok<UnitHistory>, StatusCodeHttpResult, ValidationProblem>> GetUnitHistory(
        Guid unitId, AwardsDbContext db, HttpContext http, CancellationToken ct, int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        var results = db.ApprovedResults.AsNoTracking().Where(r => r.UnitId == unitId);
        var total = await results.CountAsync(ct);
        var rows = await results.OrderByDescending(r => r.CycleYear).ThenByDescending(r => r.ApprovedAt)
            .PageOf(pageNumber, size)
            .Select(r => new
            {
                Result = r,
                Award = db.Awards.FirstOrDefault(a => a.Id == r.AwardId),
                Complaints = db.SubstantiatedComplaints.Count(c => c.AwardId != null && c.AwardId == r.AwardId && c.ReversedAt == null),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new HistoryEntry(r.Result.ApplicationId, r.Result.CycleId, r.Result.CycleYear, r.Result.Stars,
            r.Result.Total, r.Result.ApprovedAt, r.Award is null ? null : Summary(r.Award, unit, r.Complaints))).ToList();
        var body = new UnitHistory(unitId, unit?.Name, unit?.Kind, unit?.Level, unit?.DivisionCode, items, total);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    /// <summary>Counts per cycle year and star level; <paramref name="cycleYear"/> narrows it to one cycle.</summary>
    public static async Task<Results<Ok<AwardStatistics>, StatusCodeHttpResult>> GetStatistics(
        AwardsDbContext db, HttpContext http, CancellationToken ct, int? cycleYear = null)
    {
        var awards = db.Awards.AsNoTracking();
        if (cycleYear is { } year)
        {
            awards = awards.Where(a => a.CycleYear == year);
        }

        var groups = await awards.GroupBy(a => new { a.CycleYear, a.Stars })
            .Select(g => new
            {
                g.Key.CycleYear,
                g.Key.Stars,
                Granted = g.Count(),
                Active = g.Count(a => a.Status == AwardStatus.Active),
                Superseded = g.Count(a => a.Status == AwardStatus.Superseded),
                Expired = g.Count(a => a.Status == AwardStatus.Expired),
                Revoked = g.Count(a => a.Status == AwardStatus.Revoked),
                Funding = g.Sum(a => a.FundingAmount),
            })
            .ToListAsync(ct);
        var cycles = groups.GroupBy(g => g.CycleYear).OrderByDescending(c => c.Key)
            .Select(c => new CycleStatistics(c.Key, AwardRules.StarLevels.Select(stars =>
                c.FirstOrDefault(g => g.Stars == stars) is { } g
                    ? new LevelStatistics(stars, g.Granted, g.Active, g.Superseded, g.Expired, g.Revoked, g.Funding)
                    : new LevelStatistics(stars, 0, 0, 0, 0, 0, 0m)).ToList()))
            .ToList();
        var body = new AwardStatistics(cycles);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }


    private static IQueryable<AwardWithUnit> Joined(AwardsDbContext db) =>
        from award in db.Awards.AsNoTracking()
        join unit in db.Units.AsNoTracking() on award.UnitId equals unit.Id into units
        from unit in units.DefaultIfEmpty()
        select new AwardWithUnit { Award = award, Unit = unit };

    private static AwardSummary Summary(Award a, ReplicatedUnit? u, int complaints) =>
        new(a.Id, a.UnitId, u?.Name, u?.Kind ?? a.UnitKind, u?.Level, u?.DivisionCode, a.CycleId, a.CycleYear, a.Stars, a.PlaqueNumber,
            a.FundingAmount, a.FundingStatus, a.AwardedAt, a.ExpiresAt, a.Status, a.EndedAt, a.RevokedAt, a.RevocationReason,
            a.RevocationCaseNumber, complaints);

    private sealed class AwardWithUnit
    {
        public required Award Award { get; init; }
        public ReplicatedUnit? Unit { get; init; }
    }
}
