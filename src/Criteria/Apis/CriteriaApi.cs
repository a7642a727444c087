using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;
using StarPlatform.Http;

namespace StarPlatform.Criteria.Apis;

/// <summary>The catalog's public reads: sets, versions, items, diffs and the star scheme. Anonymous, with ETags.</summary>
public static class CriteriaApi
{
    public const string Current = "current";

    public static IEndpointRouteBuilder MapCriteriaApi(this IEndpointRouteBuilder app)
    {
        var criteria = app.MapGroup("/api/criteria").WithTags("Criteria");
        criteria.MapGet("/sets", ListSets).WithName(nameof(ListSets)).Produces(StatusCodes.Status304NotModified);
        criteria.MapGet("/sets/{code}", GetSet).WithName(nameof(GetSet)).Produces(StatusCodes.Status304NotModified);
        criteria.MapGet("/sets/{code}/versions/{version}", GetVersion).WithName(nameof(GetVersion))
            .WithDescription("`version` is a number or `current` (the latest published version).")
            .Produces(StatusCodes.Status304NotModified);
        criteria.MapGet("/sets/{code}/versions/{version}/items/{number:int}", GetItem).WithName(nameof(GetItem))
            .Produces(StatusCodes.Status304NotModified);
        criteria.MapGet("/sets/{code}/diff", GetDiff).WithName(nameof(GetDiff))
            .WithDescription("What changed from version `from` to version `to` (numbers or `current`).")
            .Produces(StatusCodes.Status304NotModified);
        criteria.MapGet("/schemes/current", GetCurrentScheme).WithName(nameof(GetCurrentScheme))
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    /// <summary>
    /// The sets anyone may score with: those with a published version, a page at a time (<c>{items, total}</c>, as every
    /// list). A set that has only a draft is the admin's work in progress (<c>GET /sets/{code}</c> shows it).
    /// </summary>
    public static async Task<Results<Ok<Page<SetSummary>>, StatusCodeHttpResult, ValidationProblem>> ListSets(
        CriteriaDbContext db, HttpContext http, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        var published = db.Sets.AsNoTracking().Where(s => s.Versions.Any(v => v.Status == VersionStatus.Published));
        var total = await published.CountAsync(ct);
        var sets = await published
            .OrderBy(s => s.Code)
            .PageOf(pageNumber, size)
            .Select(s => new SetSummary(s.Code, s.Name, s.UnitKind, s.OwnerDivisionCode,
                s.Versions.Where(v => v.Status == VersionStatus.Published).Max(v => (int?)v.Number)))
            .ToListAsync(ct);
        var body = new Page<SetSummary>(sets, total);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<SetResponse>, StatusCodeHttpResult, NotFound>> GetSet(
        string code, CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var set = await db.Sets.AsNoTracking().Include(s => s.Versions).FirstOrDefaultAsync(s => s.Code == code, ct);
        if (set is null)
        {
            return TypedResults.NotFound();
        }

        var body = ToResponse(set);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<VersionResponse>, StatusCodeHttpResult, NotFound>> GetVersion(
        string code, string version, CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await FindVersionAsync(db, code, version, tracked: false, ct);
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        var body = VersionResponse.From(found);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<ItemDetailResponse>, StatusCodeHttpResult, NotFound>> GetItem(
        string code, string version, int number, CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await FindVersionAsync(db, code, version, tracked: false, ct);
        var item = found?.Items.FirstOrDefault(i => i.Number == number);
        if (item is null)
        {
            return TypedResults.NotFound();
        }

        var body = ItemDetailResponse.From(found!, item);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<DiffResponse>, StatusCodeHttpResult, NotFound, ValidationProblem>> GetDiff(
        string code, string? from, string? to, CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!IsVersionReference(from))
        {
            errors.Add("from", "A version number or 'current' is required.");
        }

        if (!IsVersionReference(to))
        {
            errors.Add("to", "A version number or 'current' is required.");
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The versions to compare are not valid.");
        }

        var older = await FindVersionAsync(db, code, from!, tracked: false, ct);
        var newer = await FindVersionAsync(db, code, to!, tracked: false, ct);
        if (older is null || newer is null)
        {
            return TypedResults.NotFound();
        }

        var body = new DiffResponse(code, older.Number, newer.Number, VersionDiff.Between(older, newer));
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<SchemeResponse>, StatusCodeHttpResult, NotFound>> GetCurrentScheme(
        CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var scheme = await db.StarSchemes.AsNoTracking().OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Version)
            .FirstOrDefaultAsync(ct);
        if (scheme is null)
        {
            return TypedResults.NotFound();
        }

        var body = SchemeResponse.From(scheme);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    /// <summary>A version by number or <c>current</c> (the latest published), with its set, categories and items.</summary>
    internal static async Task<CriteriaVersion?> FindVersionAsync(
        CriteriaDbContext db, string code, string version, bool tracked, CancellationToken ct)
    {
        var query = db.Versions.Include(v => v.Set).Include(v => v.Categories).Include(v => v.Items).AsSplitQuery()
            .Where(v => v.Set.Code == code);
        if (!tracked)
        {
            query = query.AsNoTracking();
        }

        if (version == Current)
        {
            return await query.Where(v => v.Status == VersionStatus.Published).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        }

        return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? await query.FirstOrDefaultAsync(v => v.Number == number, ct)
            : null;
    }

    internal static SetResponse ToResponse(CriteriaSet set) => new(
        set.Code, set.Name, set.UnitKind, set.OwnerDivisionCode,
        set.Versions.Where(v => v.Status == VersionStatus.Published).Max(v => (int?)v.Number),
        set.Versions.OrderBy(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Status, v.TotalPoints, v.CreatedAt, v.PublishedAt, v.RetiredAt)).ToList());

    private static bool IsVersionReference(string? value) =>
        value == Current || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
