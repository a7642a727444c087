using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;
using StarPlatform.Http;
using StarPlatform.Messaging;

namespace StarPlatform.Criteria.Apis;

/// <summary>
/// The star scheme (星级评定) as published, versioned data — the one source of the programme's
/// numbers (components and thresholds) — and the offences a violation may name.
/// </summary>
public static class SchemesApi
{
    public static IEndpointRouteBuilder MapSchemesApi(this IEndpointRouteBuilder app)
    {
        var schemes = app.MapGroup("/api/criteria/schemes").WithTags("Criteria");
        schemes.MapGet("/", ListSchemes).WithName(nameof(ListSchemes)).Produces(StatusCodes.Status304NotModified);
        schemes.MapGet("/{code}/versions/{version:int}", GetScheme).WithName(nameof(GetScheme)).Produces(StatusCodes.Status304NotModified);
        schemes.MapPost("/", PublishScheme).WithName(nameof(PublishScheme)).AcceptsIdempotencyKey<CriteriaDbContext, IdempotencyRecord>()
            .WithDescription("Publishes the next version of a star scheme (422 lists every problem); cycles opened afterwards score with it.")
            .RequireAuthorization(Policies.Admin)
            .WithProblems(401, 403, 409, 422);
        app.MapGet("/api/criteria/offences", ListOffences).WithTags("Criteria").WithName(nameof(ListOffences))
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    /// <summary>Every published scheme version, newest first.</summary>
    public static async Task<Results<Ok<List<SchemeResponse>>, StatusCodeHttpResult>> ListSchemes(
        CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var schemes = (await db.StarSchemes.AsNoTracking().OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Version).ToListAsync(ct))
            .Select(SchemeResponse.From).ToList();
        return Caching.NotModified(http, schemes) is { } notModified ? notModified : TypedResults.Ok(schemes);
    }

    public static async Task<Results<Ok<SchemeResponse>, StatusCodeHttpResult, NotFound>> GetScheme(
        string code, int version, CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var scheme = await db.StarSchemes.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code && s.Version == version, ct);
        if (scheme is null)
        {
            return TypedResults.NotFound();
        }

        var body = SchemeResponse.From(scheme);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    /// <summary>
    /// Publishes the next version of the scheme named by <c>code</c> (default: the current scheme's
    /// code), immutable from then on, and announces it (<c>StarSchemePublished</c>) in the same
    /// transaction. Scoring pins the latest version when a cycle opens.
    /// </summary>
    public static async Task<Results<Created<SchemeResponse>, ValidationProblem, ProblemHttpResult>> PublishScheme(
        PublishSchemeRequest request, CriteriaDbContext db, IOutbox outbox, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Code is not null && !CriteriaRules.IsCode(request.Code))
        {
            errors.Add("code", $"A code is lower-case letters and digits in dash-separated words, at most {CriteriaRules.MaxCodeLength} characters.");
        }

        if (request.Components is null)
        {
            errors.Add("components", "The three components (creation, satisfaction, panel) are required.");
        }

        if (request.Thresholds is not { Count: > 0 })
        {
            errors.Add("thresholds", "At least one star level with its minimum total.");
        }
        else if (request.Thresholds.Any(t => t is null))
        {
            errors.Add("thresholds", "Each threshold is a star level with its minimum total, not null.");
        }

        if (request.VetoCancelsStars is null)
        {
            errors.Add("vetoCancelsStars", "Say whether a failed veto item cancels any star (true or false).");
        }

        if (request.Source is { Length: > CriteriaRules.MaxNameLength })
        {
            errors.Add("source", $"At most {CriteriaRules.MaxNameLength} characters.");
        }

        if (request.Notes is { Length: > CriteriaRules.MaxNotesLength })
        {
            errors.Add("notes", $"At most {CriteriaRules.MaxNotesLength} characters.");
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The star scheme is not valid.");
        }

        var code = request.Code ?? await db.StarSchemes.AsNoTracking().OrderByDescending(s => s.PublishedAt).Select(s => s.Code).FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return Problems.Invalid("code", "There is no scheme yet: name its code.", "The star scheme is not valid.");
        }

        var version = (await db.StarSchemes.Where(s => s.Code == code).MaxAsync(s => (int?)s.Version, ct) ?? 0) + 1;
        var scheme = new StarScheme
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            Version = version,
            CreationPoints = request.Components!.Creation,
            SatisfactionPoints = request.Components.Satisfaction,
            PanelPoints = request.Components.Panel,
            Thresholds = request.Thresholds!.Select(t => new StarThreshold { Stars = t.Stars, MinTotal = t.MinTotal }).ToList(),
            VetoCancelsStars = request.VetoCancelsStars!.Value,
            Source = string.IsNullOrWhiteSpace(request.Source) ? null : request.Source.Trim(),
            Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
            PublishedAt = clock.GetUtcNow(),
        };
        if (CriteriaRules.SchemeProblems(scheme) is { Count: > 0 } problems)
        {
            return TypedResults.Problem(string.Join(" ", problems), statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The star scheme cannot be published.", extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        db.StarSchemes.Add(scheme);
        outbox.Publish(Events.Published(scheme));
        var location = $"/api/criteria/schemes/{code}/versions/{version}";
        var response = SchemeResponse.From(scheme);
        return await db.SaveCreatedAsync(http, location, response,
            () => Problems.Conflict("The scheme version already exists.", $"Version {version} of {code} was published a moment ago; publish again for the next version."), ct) is { } conflict
            ? conflict
            : TypedResults.Created(location, response);
    }

    /// <summary>The offences a confirmed violation may name, each with the veto items of the current published versions it fails.</summary>
    public static async Task<Results<Ok<List<OffenceResponse>>, StatusCodeHttpResult>> ListOffences(
        CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var current = await db.Versions.AsNoTracking().Include(v => v.Set).Include(v => v.Items)
            .Where(v => v.Status == VersionStatus.Published
                && v.Number == db.Versions.Where(o => o.SetId == v.SetId && o.Status == VersionStatus.Published).Max(o => o.Number))
            .AsSplitQuery().ToListAsync(ct);
        var body = Offences.All.Select(o => new OffenceResponse(o.Code, o.Name, o.NameEn,
            current.OrderBy(v => v.Set.Code).SelectMany(v => v.Items
                    .Where(i => i.OutsideVeto is { Finding: FindingKind.Violation } veto && veto.Offences.Contains(o.Code))
                    .OrderBy(i => i.Number)
                    .Select(i => new OffenceItemResponse(v.Set.Code, v.Number, v.Set.UnitKind, i.Number, i.Text)))
                .ToList())).ToList();
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }
}
