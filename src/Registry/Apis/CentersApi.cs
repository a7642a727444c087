using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Registry.Data;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

/// <param name="Id">
/// The id to register the center under, for a client that must know it beforehand (<c>seed-dev</c> registers the unit
/// the Development applicant acts for); absent, the registry gives a new one.
/// </param>
public sealed record RegisterCenterRequest(
    string? Name, string? Level, string? DivisionCode, Guid? ParentId, string? Address, decimal? FloorAreaM2,
    string?[]? Hotlines = null, Guid? Id = null);

/// <summary>A partial update: absent or null fields stay as they are; an empty address clears it.</summary>
public sealed record UpdateCenterRequest(
    string? Name = null, string? Address = null, decimal? FloorAreaM2 = null, string?[]? Hotlines = null, string? Status = null);

public static class CentersApi
{
    public static IEndpointRouteBuilder MapCentersApi(this IEndpointRouteBuilder app)
    {
        var centers = app.MapGroup("/api/registry/centers").WithTags("Centers");
        centers.MapPost("/", RegisterCenter).WithName(nameof(RegisterCenter))
            .RequireAuthorization(Policies.Admin)
            .AcceptsIdempotencyKey<RegistryDbContext, IdempotencyRecord>()
            .WithProblems(401, 403, 409, 422);
        centers.MapGet("/", ListCenters).WithName(nameof(ListCenters));
        centers.MapGet("/{id:guid}", GetCenter).WithName(nameof(GetCenter));
        centers.MapPatch("/{id:guid}", UpdateCenter).WithName(nameof(UpdateCenter))
            .RequireAuthorization(Policies.Admin)
            .WithProblems(401, 403, 412, 422, 428);
        return app;
    }

    /// <summary>Registers a city or county center and publishes <see cref="CenterRegistered"/> in the same transaction.</summary>
    public static async Task<Results<Created<CenterResponse>, ValidationProblem, ProblemHttpResult>> RegisterCenter(
        RegisterCenterRequest request, RegistryDbContext db, IOutbox outbox, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var errors = CenterRules.Validate(
            request.Name, request.Level, request.DivisionCode, request.ParentId, request.Address, request.FloorAreaM2,
            out var draft);
        if (CenterRules.HotlinesError(request.Hotlines, out var hotlines) is { } hotlineError)
        {
            errors.Add("hotlines", hotlineError);
        }

        if (request.Id == Guid.Empty)
        {
            errors.Add("id", "The id is a non-empty UUID, or absent for a new one.");
        }

        if (draft is null || errors.Count > 0)
        {
            return errors.ToProblem("The center is not valid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var parent = draft.ParentId is { } parentId ? await db.LockCenterAsync(parentId, share: true, ct) : null;
        if (CenterRules.ParentProblem(draft, parent) is { } parentProblem)
        {
            return Problems.RuleViolation("The center's parent does not fit.", parentProblem);
        }

        if (await db.Centers.AnyAsync(c => c.DivisionCode == draft.DivisionCode && c.Level == draft.Level, ct))
        {
            return Duplicate(draft);
        }

        if (request.Id is { } chosen && (await db.Centers.AnyAsync(c => c.Id == chosen, ct)
                || await db.Windows.AnyAsync(w => w.Id == chosen, ct) || await db.Outlets.AnyAsync(o => o.Id == chosen, ct)))
        {
            return Problems.Conflict("The unit already exists.", "A unit with this id is already registered.");
        }

        var center = new Center
        {
            Id = request.Id ?? Guid.CreateVersion7(),
            Name = draft.Name,
            Level = draft.Level,
            DivisionCode = draft.DivisionCode,
            ParentId = draft.ParentId,
            Address = draft.Address,
            FloorAreaM2 = draft.FloorAreaM2,
            Hotlines = hotlines,
            RegisteredAt = clock.GetUtcNow(),
        };
        db.Centers.Add(center);
        outbox.Publish(UnitEvents.Registered(center));
        var location = $"/api/registry/centers/{center.Id}";
        var response = CenterResponse.From(center);
        if (await db.SaveCreatedAsync(http, location, response, UnitProblems.FromUniqueViolation, ct, transaction) is { } conflict)
        {
            return conflict;
        }

        http.Response.Headers.ETag = UnitRules.ETag(center.Version);
        return TypedResults.Created(location, response);
    }

    /// <summary>
    /// Centers by level, division code (a prefix: <c>5114</c> finds Meishan's) and name (<c>q</c>,
    /// any part, case-insensitive), in a stable order: division code, level, name, id.
    /// </summary>
    public static async Task<Results<Ok<Page<CenterResponse>>, ValidationProblem>> ListCenters(
        RegistryDbContext db, CancellationToken ct,
        string? level = null, string? divisionCode = null, string? q = null, string? status = null,
        int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(errors, page, pageSize);
        CenterLevel? levelFilter = null;
        if (level is not null)
        {
            if (CenterRules.TryParseLevel(level, out var l))
            {
                levelFilter = l;
            }
            else
            {
                errors.Add("level", "The level is 'city' or 'county'.");
            }
        }

        UnitStatus? statusFilter = null;
        if (status is not null)
        {
            if (UnitRules.TryParseStatus(status, out var s))
            {
                statusFilter = s;
            }
            else
            {
                errors.Add("status", "The status is 'active', 'suspended' or 'closed'.");
            }
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        var query = db.Centers.AsNoTracking();
        if (levelFilter is { } lv)
        {
            query = query.Where(c => c.Level == lv);
        }

        if (statusFilter is { } st)
        {
            query = query.Where(c => c.Status == st);
        }

        if (!string.IsNullOrWhiteSpace(divisionCode))
        {
            var prefix = divisionCode.Trim();
            query = query.Where(c => c.DivisionCode.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{EscapeLike(q.Trim())}%";
            query = query.Where(c => EF.Functions.ILike(c.Name, pattern, "\\"));
        }

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(c => c.DivisionCode).ThenBy(c => c.Level).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .PageOf(p, size)
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<CenterResponse>([.. items.Select(CenterResponse.From)], total));
    }

    /// <summary>
    /// One center; its ETag is its version (the <c>If-Match</c> of a change), and <c>If-None-Match</c> with it is 304.
    /// With <c>include=units</c>, the center with its windows and the outlets directly under it in one read (a public
    /// page of a center needs no GET per window); that answer's ETag is its content's, since a window changes it too.
    /// </summary>
    public static async Task<Results<Ok<CenterResponse>, Ok<CenterUnitsResponse>, StatusCodeHttpResult, NotFound, ValidationProblem>> GetCenter(
        Guid id, string? include, RegistryDbContext db, HttpContext http, CancellationToken ct)
    {
        if (include is not (null or "" or "units"))
        {
            return new FieldErrors().Add("include", "Include is 'units' (the center's windows and outlets) or nothing.")
                .ToProblem("The query is not valid.");
        }

        var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (center is null)
        {
            return TypedResults.NotFound();
        }

        if (include != "units")
        {
            return Caching.NotModified(http, UnitRules.ETag(center.Version)) is { } notModified
                ? notModified
                : TypedResults.Ok(CenterResponse.From(center));
        }

        var windows = await db.Windows.AsNoTracking().Where(w => w.CenterId == id).OrderBy(w => w.Department).ThenBy(w => w.Name).ToListAsync(ct);
        var outlets = await db.Outlets.AsNoTracking().Where(o => o.ParentId == id).OrderBy(o => o.DivisionCode).ThenBy(o => o.Name).ToListAsync(ct);
        var body = new CenterUnitsResponse(CenterResponse.From(center),
            [.. windows.Select(WindowResponse.From)], [.. outlets.Select(OutletResponse.From)]);
        return Caching.NotModified(http, body) is { } unchanged ? unchanged : TypedResults.Ok(body);
    }

    /// <summary>
    /// Changes a center (name, address, floor area, hotlines, status). Needs <c>If-Match</c> with
    /// the ETag as read: 428 without it, 412 when stale. Publishes <see cref="UnitUpdated"/> with
    /// the changed fields, or <see cref="UnitClosed"/> when the change is its closure.
    /// </summary>
    public static async Task<Results<Ok<CenterResponse>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateCenter(
        Guid id, UpdateCenterRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        RegistryDbContext db, IOutbox outbox, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var errors = CenterRules.ValidatePatch(request.Name, request.Address, request.FloorAreaM2, request.Hotlines, request.Status, out var patch);
        if (patch is null)
        {
            return errors.ToProblem("The change is not valid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var center = await db.LockCenterAsync(id, share: false, ct);
        if (center is null)
        {
            return TypedResults.NotFound();
        }

        if (UnitChanges.PreconditionProblem(ifMatch, center.Version) is { } precondition)
        {
            return precondition;
        }

        var from = center.Status;
        var changed = CenterRules.Apply(center, patch);
        if (await UnitChanges.RuleProblemAsync(db, id, from, center.Status, changed, ct) is { } ruleProblem)
        {
            return ruleProblem;
        }

        if (changed.Count > 0)
        {
            center.Revision++;
            var now = clock.GetUtcNow();
            outbox.Publish<object>(UnitChanges.IsClosure(center.Status, changed)
                ? UnitEvents.Closed(center.Id, UnitKind.Center, center.Revision, now)
                : UnitEvents.Updated(center, changed, now));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        response.Headers.ETag = UnitRules.ETag(center.Version);
        return TypedResults.Ok(CenterResponse.From(center));
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static ProblemHttpResult Duplicate(CenterDraft draft) =>
        Problems.Conflict("The center already exists.",
            $"A {UnitRules.Name(draft.Level)} center for division {draft.DivisionCode} is already registered.");
}
