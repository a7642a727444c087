using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Registry.Data;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

public sealed record RegisterCenterRequest(
    string? Name, string? Level, string? DivisionCode, Guid? ParentId, string? Address, decimal? FloorAreaM2);

/// <summary>A center as clients see it; every unit shares id, kind, name, level, parentId and status.</summary>
public sealed record CenterResponse(
    Guid Id,
    string Kind,
    string Name,
    CenterLevel Level,
    Guid? ParentId,
    UnitStatus Status,
    string DivisionCode,
    string? Address,
    decimal FloorAreaM2,
    DateTimeOffset RegisteredAt)
{
    public static CenterResponse From(Center c) =>
        new(c.Id, "center", c.Name, c.Level, c.ParentId, c.Status, c.DivisionCode, c.Address, c.FloorAreaM2, c.RegisteredAt);
}

public static class CentersApi
{
    public static IEndpointRouteBuilder MapCentersApi(this IEndpointRouteBuilder app)
    {
        var centers = app.MapGroup("/api/registry/centers").WithTags("Centers");
        centers.MapPost("/", RegisterCenter).WithName(nameof(RegisterCenter))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        centers.MapGet("/{id:guid}", GetCenter).WithName(nameof(GetCenter));
        return app;
    }

    /// <summary>Registers a city or county center and publishes <see cref="CenterRegistered"/> in the same transaction.</summary>
    public static async Task<Results<Created<CenterResponse>, ValidationProblem, ProblemHttpResult>> RegisterCenter(
        RegisterCenterRequest request, RegistryDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var errors = CenterRules.Validate(
            request.Name, request.Level, request.DivisionCode, request.ParentId, request.Address, request.FloorAreaM2,
            out var draft);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The center is not valid.");
        }

        var parent = draft.ParentId is { } parentId ? await db.Centers.FindAsync([parentId], ct) : null;
        if (CenterRules.ParentProblem(draft, parent) is { } parentProblem)
        {
            return TypedResults.Problem(parentProblem, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The center's parent does not fit.");
        }

        if (await db.Centers.AnyAsync(c => c.DivisionCode == draft.DivisionCode && c.Level == draft.Level, ct))
        {
            return Duplicate(draft);
        }

        var center = new Center
        {
            Id = Guid.CreateVersion7(),
            Name = draft.Name,
            Level = draft.Level,
            DivisionCode = draft.DivisionCode,
            ParentId = draft.ParentId,
            Address = draft.Address,
            FloorAreaM2 = draft.FloorAreaM2,
            RegisteredAt = clock.GetUtcNow(),
        };
        db.Centers.Add(center);
        outbox.Publish(new CenterRegistered(
            center.Id, center.Name, LevelName(center.Level), center.DivisionCode, center.ParentId, center.Address,
            center.FloorAreaM2, center.RegisteredAt));

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Duplicate(draft);
        }

        return TypedResults.Created($"/api/registry/centers/{center.Id}", CenterResponse.From(center));
    }

    public static async Task<Results<Ok<CenterResponse>, NotFound>> GetCenter(
        Guid id, RegistryDbContext db, HttpResponse response, CancellationToken ct)
    {
        var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (center is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = $"\"{center.Version}\"";
        return TypedResults.Ok(CenterResponse.From(center));
    }

    private static ProblemHttpResult Duplicate(CenterDraft draft) =>
        TypedResults.Problem(
            $"A {LevelName(draft.Level)} center for division {draft.DivisionCode} is already registered.",
            statusCode: StatusCodes.Status409Conflict, title: "The center already exists.");

    private static string LevelName(CenterLevel level) => level switch
    {
        CenterLevel.City => "city",
        CenterLevel.County => "county",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };
}
