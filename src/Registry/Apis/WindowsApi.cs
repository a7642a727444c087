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

public sealed record OpenWindowRequest(string? Department, string? Name, int? ApprovalItemCount = null);

/// <summary>A partial update: absent or null fields stay as they are.</summary>
public sealed record UpdateWindowRequest(
    string? Department = null, string? Name = null, int? ApprovalItemCount = null, string? Status = null);

public static class WindowsApi
{
    public static IEndpointRouteBuilder MapWindowsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/registry/centers/{id:guid}/windows", OpenWindow).WithName(nameof(OpenWindow)).WithTags("Windows")
            .RequireAuthorization(Policies.Admin)
            .AcceptsIdempotencyKey<RegistryDbContext, IdempotencyRecord>()
            .WithProblems(401, 403, 409, 422);
        var windows = app.MapGroup("/api/registry/windows").WithTags("Windows");
        windows.MapGet("/", ListWindows).WithName(nameof(ListWindows));
        windows.MapGet("/{id:guid}", GetWindow).WithName(nameof(GetWindow));
        windows.MapPatch("/{id:guid}", UpdateWindow).WithName(nameof(UpdateWindow))
            .RequireAuthorization(Policies.Admin)
            .WithProblems(401, 403, 412, 422, 428);
        return app;
    }

    /// <summary>
    /// Windows by name or department (<c>q</c>, any part, case-insensitive: 社保 finds 社保窗口 and the
    /// windows of 社保局), by center and status, in a stable order: center, department, name, id.
    /// Callers name windows, not centers: the hotline console's type-ahead asks here.
    /// </summary>
    public static async Task<Results<Ok<Page<WindowResponse>>, ValidationProblem>> ListWindows(
        RegistryDbContext db, CancellationToken ct, string? q = null, Guid? centerId = null, string? status = null,
        int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(errors, page, pageSize);
        UnitStatus? statusFilter = null;
        if (status is not null)
        {
            if (UnitRules.TryParseStatus(status, out var st))
            {
                statusFilter = st;
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

        var query = db.Windows.AsNoTracking();
        if (statusFilter is { } wanted)
        {
            query = query.Where(w => w.Status == wanted);
        }

        if (centerId is { } center)
        {
            query = query.Where(w => w.CenterId == center);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{CentersApi.EscapeLike(q.Trim())}%";
            query = query.Where(w => EF.Functions.ILike(w.Name, pattern, "\\") || EF.Functions.ILike(w.Department, pattern, "\\"));
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(w => w.CenterId).ThenBy(w => w.Department).ThenBy(w => w.Name).ThenBy(w => w.Id)
            .PageOf(p, size)
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<WindowResponse>([.. items.Select(WindowResponse.From)], total));
    }

    /// <summary>Opens a department's window in an active center; publishes <see cref="WindowOpened"/>.</summary>
    public static async Task<Results<Created<WindowResponse>, ValidationProblem, NotFound, ProblemHttpResult>> OpenWindow(
        Guid id, OpenWindowRequest request, RegistryDbContext db, IOutbox outbox, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var errors = WindowRules.Validate(request.Department, request.Name, request.ApprovalItemCount, out var draft);
        if (draft is null)
        {
            return errors.ToProblem("The window is not valid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var center = await db.LockCenterAsync(id, share: true, ct);
        if (center is null)
        {
            return TypedResults.NotFound();
        }

        if (WindowRules.CenterProblem(id, center) is { } centerProblem)
        {
            return Problems.RuleViolation("The window's center does not fit.", centerProblem);
        }

        if (await db.Windows.AnyAsync(w => w.CenterId == id && w.Department == draft.Department && w.Name == draft.Name, ct))
        {
            return Problems.Conflict("The window already exists.",
                $"The center already has a window '{draft.Name}' for {draft.Department}.");
        }

        var window = new Window
        {
            Id = Guid.CreateVersion7(),
            CenterId = id,
            Level = center.Level,
            Department = draft.Department,
            Name = draft.Name,
            ApprovalItemCount = draft.ApprovalItemCount,
            OpenedAt = clock.GetUtcNow(),
        };
        db.Windows.Add(window);
        outbox.Publish(UnitEvents.Opened(window, center));
        var location = $"/api/registry/windows/{window.Id}";
        var response = WindowResponse.From(window);
        if (await db.SaveCreatedAsync(http, location, response, UnitProblems.FromUniqueViolation, ct, transaction) is { } conflict)
        {
            return conflict;
        }

        http.Response.Headers.ETag = UnitRules.ETag(window.Version);
        return TypedResults.Created(location, response);
    }

    /// <summary>One window; its ETag is its version (the <c>If-Match</c> of a change), and <c>If-None-Match</c> with it is 304.</summary>
    public static async Task<Results<Ok<WindowResponse>, StatusCodeHttpResult, NotFound>> GetWindow(
        Guid id, RegistryDbContext db, HttpContext http, CancellationToken ct)
    {
        var window = await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (window is null)
        {
            return TypedResults.NotFound();
        }

        return Caching.NotModified(http, UnitRules.ETag(window.Version)) is { } notModified
            ? notModified
            : TypedResults.Ok(WindowResponse.From(window));
    }

    /// <summary>Changes a window (department, name, approval items, status); If-Match as for centers.</summary>
    public static async Task<Results<Ok<WindowResponse>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateWindow(
        Guid id, UpdateWindowRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        RegistryDbContext db, IOutbox outbox, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var errors = WindowRules.ValidatePatch(request.Department, request.Name, request.ApprovalItemCount, request.Status, out var patch);
        if (patch is null)
        {
            return errors.ToProblem("The change is not valid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var window = await db.LockWindowAsync(id, ct);
        if (window is null)
        {
            return TypedResults.NotFound();
        }

        if (UnitChanges.PreconditionProblem(ifMatch, window.Version) is { } precondition)
        {
            return precondition;
        }

        var from = window.Status;
        var changed = WindowRules.Apply(window, patch);
        if (await UnitChanges.RuleProblemAsync(db, id, from, window.Status, changed, ct) is { } ruleProblem)
        {
            return ruleProblem;
        }

        if (changed.Count > 0)
        {
            window.Revision++;
            var now = clock.GetUtcNow();
            var divisionCode = await db.Centers.Where(c => c.Id == window.CenterId).Select(c => c.DivisionCode).FirstAsync(ct);
            outbox.Publish<object>(UnitChanges.IsClosure(window.Status, changed)
                ? UnitEvents.Closed(window.Id, UnitKind.Window, window.Revision, now)
                : UnitEvents.Updated(window, divisionCode, changed, now));
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

        response.Headers.ETag = UnitRules.ETag(window.Version);
        return TypedResults.Ok(WindowResponse.From(window));
    }
}
