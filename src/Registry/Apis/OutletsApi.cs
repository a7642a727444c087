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

public sealed record RegisterOutletRequest(
    string? Name, string? Level, Guid? ParentId, string? DivisionCode = null, string? Address = null);

/// <summary>A partial update: absent or null fields stay as they are; an empty address clears it.</summary>
public sealed record UpdateOutletRequest(string? Name = null, string? Address = null, string? Status = null);

/// <summary>
/// A row of a bulk import (JSON, or a CSV column of the same name): the parent by
/// <c>parentId</c> or by <c>parentDivisionCode</c>.
/// </summary>
public sealed record ImportOutletRow(
    string? Name, string? Level, string? DivisionCode = null, string? ParentId = null, string? ParentDivisionCode = null,
    string? Address = null);

/// <summary>What an import did, row by row (<c>created</c> or <c>unchanged</c>).</summary>
public sealed record ImportReport(int Created, int Unchanged, IReadOnlyList<ImportedRow> Rows);

public sealed record ImportedRow(int Row, Guid Id, string Name, string Outcome);

public static class OutletsApi
{
    private static readonly RowFile Import = new("file", "row", "the rows", "outlets", BareArray: true,
        ["name", "level", "divisionCode", "parentId", "parentDivisionCode", "address"], RequiredColumn: "name", RefuseFormulas: true);

    public static IEndpointRouteBuilder MapOutletsApi(this IEndpointRouteBuilder app)
    {
        var outlets = app.MapGroup("/api/registry/outlets").WithTags("Outlets");
        outlets.MapPost("/", RegisterOutlet).WithName(nameof(RegisterOutlet))
            .RequireAuthorization(Policies.Admin)
            .AcceptsIdempotencyKey<RegistryDbContext, IdempotencyRecord>()
            .WithProblems(401, 403, 409, 422);
        outlets.MapPost("/import", ImportOutlets).WithName(nameof(ImportOutlets))
            .RequireAuthorization(Policies.Admin)
            .Accepts<ImportOutletRow[]>("application/json", "text/csv")
            .WithProblems(401, 403, 409, 415);
        outlets.MapGet("/", ListOutlets).WithName(nameof(ListOutlets));
        outlets.MapGet("/{id:guid}", GetOutlet).WithName(nameof(GetOutlet));
        outlets.MapPatch("/{id:guid}", UpdateOutlet).WithName(nameof(UpdateOutlet))
            .RequireAuthorization(Policies.Admin)
            .WithProblems(401, 403, 409, 412, 422, 428);
        return app;
    }

    /// <summary>
    /// Registers a township outlet (parent: a county center), village point (parent: a township
    /// outlet) or group point (parent: a village point); 422 when the parent does not fit.
    /// Publishes <see cref="OutletRegistered"/>.
    /// </summary>
    public static async Task<Results<Created<OutletResponse>, ValidationProblem, ProblemHttpResult>> RegisterOutlet(
        RegisterOutletRequest request, RegistryDbContext db, IOutbox outbox, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var errors = OutletRules.Validate(request.Name, request.Level, request.DivisionCode, request.Address, out var draft);
        if (request.ParentId is null)
        {
            errors.Add("parentId", "An outlet has a parent: a county center, a township outlet or a village point.");
        }

        if (draft is null || errors.Count > 0)
        {
            return errors.ToProblem("The outlet is not valid.");
        }

        var parentId = request.ParentId!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var parent = await db.LockParentAsync(parentId, ct);
        if (OutletRules.ParentProblem(draft, parentId, parent) is { } parentProblem)
        {
            return Problems.RuleViolation("The outlet's parent does not fit.", parentProblem);
        }

        if (draft.DivisionCode is { } code && await db.Outlets.AnyAsync(o => o.DivisionCode == code, ct))
        {
            return Problems.Conflict("The outlet already exists.", $"An outlet with division code {code} is already registered.");
        }

        if (await db.Outlets.AnyAsync(o => o.ParentId == parentId && o.Name == draft.Name, ct))
        {
            return Problems.Conflict("The outlet already exists.", $"The parent already has an outlet named '{draft.Name}'.");
        }

        var outlet = new Outlet
        {
            Id = Guid.CreateVersion7(),
            Name = draft.Name,
            Level = draft.Level,
            ParentId = parentId,
            DivisionCode = draft.DivisionCode,
            Address = draft.Address,
            RegisteredAt = clock.GetUtcNow(),
        };
        db.Outlets.Add(outlet);
        outbox.Publish(UnitEvents.Registered(outlet));
        var location = $"/api/registry/outlets/{outlet.Id}";
        var response = OutletResponse.From(outlet);
        if (await db.SaveCreatedAsync(http, location, response, UnitProblems.FromUniqueViolation, ct, transaction) is { } conflict)
        {
            return conflict;
        }

        http.Response.Headers.ETag = UnitRules.ETag(outlet.Version);
        return TypedResults.Created(location, response);
    }

    /// <summary>
    /// Outlets by level, division code (a prefix), parent and name (<c>q</c>), in a stable order:
    /// division code (none last), name, id.
    /// </summary>
    public static async Task<Results<Ok<Page<OutletResponse>>, ValidationProblem>> ListOutlets(
        RegistryDbContext db, CancellationToken ct,
        string? level = null, string? divisionCode = null, string? q = null, Guid? parentId = null, string? status = null,
        int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(errors, page, pageSize);
        OutletLevel? levelFilter = null;
        if (level is not null)
        {
            if (OutletRules.TryParseLevel(level, out var l))
            {
                levelFilter = l;
            }
            else
            {
                errors.Add("level", "The level is 'township', 'village' or 'group'.");
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

        var query = db.Outlets.AsNoTracking();
        if (levelFilter is { } lv)
        {
            query = query.Where(o => o.Level == lv);
        }

        if (statusFilter is { } st)
        {
            query = query.Where(o => o.Status == st);
        }

        if (parentId is { } pid)
        {
            query = query.Where(o => o.ParentId == pid);
        }

        if (!string.IsNullOrWhiteSpace(divisionCode))
        {
            var prefix = divisionCode.Trim();
            query = query.Where(o => o.DivisionCode != null && o.DivisionCode.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{CentersApi.EscapeLike(q.Trim())}%";
            query = query.Where(o => EF.Functions.ILike(o.Name, pattern, "\\"));
        }

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(o => o.DivisionCode == null).ThenBy(o => o.DivisionCode).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .PageOf(p, size)
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<OutletResponse>([.. items.Select(OutletResponse.From)], total));
    }

    /// <summary>One outlet; its ETag is its version (the <c>If-Match</c> of a change), and <c>If-None-Match</c> with it is 304.</summary>
    public static async Task<Results<Ok<OutletResponse>, StatusCodeHttpResult, NotFound>> GetOutlet(
        Guid id, RegistryDbContext db, HttpContext http, CancellationToken ct)
    {
        var outlet = await db.Outlets.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (outlet is null)
        {
            return TypedResults.NotFound();
        }

        return Caching.NotModified(http, UnitRules.ETag(outlet.Version)) is { } notModified
            ? notModified
            : TypedResults.Ok(OutletResponse.From(outlet));
    }

    /// <summary>Changes an outlet (name, address, status); If-Match as for centers.</summary>
    public static async Task<Results<Ok<OutletResponse>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateOutlet(
        Guid id, UpdateOutletRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        RegistryDbContext db, IOutbox outbox, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var errors = OutletRules.ValidatePatch(request.Name, request.Address, request.Status, out var patch);
        if (patch is null)
        {
            return errors.ToProblem("The change is not valid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outlet = await db.LockOutletAsync(id, share: false, ct);
        if (outlet is null)
        {
            return TypedResults.NotFound();
        }

        if (UnitChanges.PreconditionProblem(ifMatch, outlet.Version) is { } precondition)
        {
            return precondition;
        }

        var from = outlet.Status;
        var changed = OutletRules.Apply(outlet, patch);
        if (await UnitChanges.RuleProblemAsync(db, id, from, outlet.Status, changed, ct) is { } ruleProblem)
        {
            return ruleProblem;
        }

        if (changed.Count > 0)
        {
            outlet.Revision++;
            var now = clock.GetUtcNow();
            outbox.Publish<object>(UnitChanges.IsClosure(outlet.Status, changed)
                ? UnitEvents.Closed(outlet.Id, UnitKind.Outlet, outlet.Revision, now)
                : UnitEvents.Updated(outlet, changed, now));
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException ex) when (UnitProblems.FromUniqueViolation(ex) is { } conflict)
            {
                return conflict;
            }
        }

        response.Headers.ETag = UnitRules.ETag(outlet.Version);
        return TypedResults.Ok(OutletResponse.From(outlet));
    }

    /// <summary>
    /// Imports outlets from a JSON array of rows (or <c>{"outlets": [...]}</c>) or a CSV file with
    /// a header row (columns name, level, divisionCode, parentId, parentDivisionCode, address).
    /// All or nothing: with any bad row, 422 lists every bad row (<c>rows[n].field</c>, rows
    /// counted from 1 after the header) and nothing is written. Importing the same file again
    /// changes nothing: rows already registered with the same data are reported
    /// <c>unchanged</c>. Each created outlet publishes <see cref="OutletRegistered"/>.
    /// </summary>
    public static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportOutlets(
        HttpRequest request, RegistryDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var file = await RowFiles.ReadAsync(request, Import, ct);
        if (file.Unsupported is { } unsupported)
        {
            return unsupported;
        }

        if (file.Unreadable is { } unreadable)
        {
            return unreadable;
        }

        var shape = new FieldErrors();
        foreach (var row in file.Rows!)
        {
            row.AddShapeErrors($"rows[{row.Row}]", shape);
        }

        if (shape.Count > 0)
        {
            return Problems.Invalid(shape, "The file could not be read.");
        }

        var rows = file.Rows.Select(r => new ImportRow(r.Row, r["name"], r["level"], r["divisionCode"], r["parentId"], r["parentDivisionCode"],
            r["address"])).ToList();
        if (rows.Count is 0 or > OutletImport.MaxRows)
        {
            return Problems.Invalid("file", $"An import has 1 to {OutletImport.MaxRows} rows.", "The file could not be read.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var centers = (await db.Centers.AsNoTracking().ToListAsync(ct)).Select(UnitRef.Of).ToList();
        var outlets = await db.Outlets.AsNoTracking().ToListAsync(ct);
        var plan = OutletImport.Plan(rows, centers, outlets, Guid.CreateVersion7, clock.GetUtcNow());
        if (plan.Errors.Count > 0)
        {
            return UnitProblems.RowErrors(plan.Errors, "The import has bad rows.");
        }

        // Parents that existed before the import must still be active now that they are locked.
        foreach (var parentId in plan.ExistingParents.Order())
        {
            if (await db.LockParentAsync(parentId, ct) is not { Status: UnitStatus.Active })
            {
                return Problems.Conflict("The registry changed during the import.",
                    $"The parent {parentId} is no longer active; nothing was imported. Check the file and send it again.");
            }
        }

        foreach (var outlet in plan.ToCreate)
        {
            db.Outlets.Add(outlet);
            outbox.Publish(UnitEvents.Registered(outlet));
        }

        if (plan.ToCreate.Count > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException ex) when (UnitProblems.FromUniqueViolation(ex) is { } conflict)
            {
                return conflict;
            }
        }

        var report = plan.Outcomes.Select(o => new ImportedRow(o.Row, o.Id, o.Name, o.Created ? "created" : "unchanged")).ToList();
        return TypedResults.Ok(new ImportReport(report.Count(r => r.Outcome == "created"), report.Count(r => r.Outcome == "unchanged"), report));
    }
}
