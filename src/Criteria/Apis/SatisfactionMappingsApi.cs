using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;
using StarPlatform.Http;
using StarPlatform.Messaging;

namespace StarPlatform.Criteria.Apis;

public sealed record LevelWeightBody(string? Level, decimal? Weight);

public sealed record SatisfactionBandBody(decimal? MinRate, decimal? Points);

public sealed record EvidenceBody(string? SetCode, int? Item, decimal? MinEvaluationRate, decimal? MinSatisfactionRate);

/// <summary>A satisfaction mapping's content; <c>code</c> defaults to the current mapping's code.</summary>
public sealed record SatisfactionMappingRequest(
    string? Code, decimal? Points, IReadOnlyList<LevelWeightBody?>? LevelWeights, string? Method, IReadOnlyList<SatisfactionBandBody?>? Bands,
    EvidenceBody? Evidence, string? Source, string? Notes);

public sealed record LevelWeightResponse(RatingLevel Level, decimal Weight);

public sealed record SatisfactionBandResponse(decimal MinRate, decimal Points);

/// <summary>The item whose evidence the rates are (window item 6) and the rates it asks for, in percent.</summary>
public sealed record EvidenceResponse(string SetCode, int Item, decimal MinEvaluationRate, decimal MinSatisfactionRate);

public sealed record SatisfactionMappingResponse(
    string Code, int Version, VersionStatus Status, decimal Points, IReadOnlyList<LevelWeightResponse> LevelWeights, string Method,
    IReadOnlyList<SatisfactionBandResponse> Bands, EvidenceResponse Evidence, string? Source, string? Notes, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt)
{
    public static SatisfactionMappingResponse From(SatisfactionMapping m) => new(
        m.Code, m.Version, m.Status, m.Points, m.LevelWeights.Select(w => new LevelWeightResponse(w.Level, w.Weight)).ToList(), m.Method,
        m.Bands.OrderByDescending(b => b.MinRate).Select(b => new SatisfactionBandResponse(b.MinRate, b.Points)).ToList(),
        new EvidenceResponse(m.EvidenceSetCode, m.EvidenceItem, m.MinEvaluationRate, m.MinSatisfactionRate), m.Source, m.Notes, m.CreatedAt,
        m.PublishedAt);
}

/// <summary>
/// 满意度测评's mapping (decision 0019) as versioned catalog data: an admin drafts a version, replaces the
/// draft until it is right, and publishes it (announced with <c>SatisfactionMappingPublished</c> in the same
/// transaction); published versions are public reads with an ETag and never change.
/// </summary>
public static class SatisfactionMappingsApi
{
    private const string Path = "/api/criteria/satisfaction-mappings";

    public static IEndpointRouteBuilder MapSatisfactionMappingsApi(this IEndpointRouteBuilder app)
    {
        var mappings = app.MapGroup(Path).WithTags("Criteria");
        mappings.MapGet("/", ListSatisfactionMappings).WithName(nameof(ListSatisfactionMappings)).Produces(StatusCodes.Status304NotModified);
        mappings.MapGet("/{code}/versions/{version:int}", GetSatisfactionMapping).WithName(nameof(GetSatisfactionMapping))
            .Produces(StatusCodes.Status304NotModified);
        mappings.MapPost("/", DraftSatisfactionMapping).WithName(nameof(DraftSatisfactionMapping))
            .AcceptsIdempotencyKey<CriteriaDbContext, IdempotencyRecord>()
            .WithDescription("Drafts the next version of a satisfaction mapping (one draft per code; 409 while another is open).")
            .RequireAuthorization(Policies.Admin).WithProblems(401, 403, 409);
        mappings.MapPut("/{code}/versions/{version:int}", ReplaceSatisfactionMappingDraft).WithName(nameof(ReplaceSatisfactionMappingDraft))
            .WithDescription("Replaces a draft's content (409 once published).")
            .RequireAuthorization(Policies.Admin).WithProblems(401, 403, 409);
        mappings.MapPost("/{code}/versions/{version:int}/publish", PublishSatisfactionMapping).WithName(nameof(PublishSatisfactionMapping))
            .WithDescription("Publishes a draft after checking it against the current star scheme and the evidence item (422 lists every problem).")
            .RequireAuthorization(Policies.Admin).WithProblems(401, 403, 409, 422);
        return app;
    }

    /// <summary>Every published version, newest first.</summary>
    public static async Task<Results<Ok<List<SatisfactionMappingResponse>>, StatusCodeHttpResult>> ListSatisfactionMappings(
        CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var body = (await db.SatisfactionMappings.AsNoTracking().Where(m => m.Status == VersionStatus.Published)
                .OrderByDescending(m => m.PublishedAt).ThenByDescending(m => m.Version).ToListAsync(ct))
            .Select(SatisfactionMappingResponse.From).ToList();
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    /// <summary>A published version (a draft is the admin's and is not public).</summary>
    public static async Task<Results<Ok<SatisfactionMappingResponse>, StatusCodeHttpResult, NotFound>> GetSatisfactionMapping(
        string code, int version, CriteriaDbContext db, HttpContext http, CancellationToken ct)
    {
        var mapping = await db.SatisfactionMappings.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Code == code && m.Version == version && m.Status == VersionStatus.Published, ct);
        if (mapping is null)
        {
            return TypedResults.NotFound();
        }

        var body = SatisfactionMappingResponse.From(mapping);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Created<SatisfactionMappingResponse>, ValidationProblem, ProblemHttpResult>> DraftSatisfactionMapping(
        SatisfactionMappingRequest request, CriteriaDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The satisfaction mapping is not valid.");
        }

        var code = request.Code ?? await db.SatisfactionMappings.AsNoTracking().Where(m => m.Status == VersionStatus.Published)
            .OrderByDescending(m => m.PublishedAt).Select(m => m.Code).FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return Problems.Invalid("code", "There is no mapping yet: name its code.", "The satisfaction mapping is not valid.");
        }

        if (await db.SatisfactionMappings.AsNoTracking().SingleOrDefaultAsync(m => m.Code == code && m.Status == VersionStatus.Draft, ct) is { } open)
        {
            return DraftExists(code, open.Version);
        }

        var now = clock.GetUtcNow();
        var mapping = new SatisfactionMapping
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            Version = (await db.SatisfactionMappings.Where(m => m.Code == code).MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1,
            Status = VersionStatus.Draft,
            Method = request.Method!,
            EvidenceSetCode = request.Evidence!.SetCode!,
            CreatedAt = now,
        };
        Apply(request, mapping);
        db.SatisfactionMappings.Add(mapping);
        var location = $"{Path}/{code}/versions/{mapping.Version}";
        var response = SatisfactionMappingResponse.From(mapping);
        return await db.SaveCreatedAsync(http, location, response,
            () => Problems.Conflict("A draft already exists.", $"{code} got a new version a moment ago; read its versions and edit or publish the draft."), ct) is { } conflict
            ? conflict
            : TypedResults.Created(location, response);
    }

    public static async Task<Results<Ok<SatisfactionMappingResponse>, ValidationProblem, NotFound, ProblemHttpResult>> ReplaceSatisfactionMappingDraft(
        string code, int version, SatisfactionMappingRequest request, CriteriaDbContext db, CancellationToken ct)
    {
        var errors = Validate(request);
        if (request.Code is not null && request.Code != code)
        {
            errors.Add("code", "The code is the one in the path (or left out).");
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The satisfaction mapping is not valid.");
        }

        var (draft, conflict) = await LoadDraftAsync(db, code, version, ct);
        if (conflict is not null)
        {
            return conflict;
        }

        if (draft is null)
        {
            return TypedResults.NotFound();
        }

        Apply(request, draft);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SatisfactionMappingResponse.From(draft));
    }

    /// <summary>Publishes a draft and announces it with <c>SatisfactionMappingPublished</c> in the same transaction.</summary>
    public static async Task<Results<Ok<SatisfactionMappingResponse>, NotFound, ProblemHttpResult>> PublishSatisfactionMapping(
        string code, int version, CriteriaDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var (draft, conflict) = await LoadDraftAsync(db, code, version, ct);
        if (conflict is not null)
        {
            return conflict;
        }

        if (draft is null)
        {
            return TypedResults.NotFound();
        }

        var scheme = await db.StarSchemes.AsNoTracking().OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Version)
            .Select(s => (decimal?)s.SatisfactionPoints).FirstOrDefaultAsync(ct);
        var evidenceItem = await db.Items.AsNoTracking()
            .Where(i => i.Number == draft.EvidenceItem && db.Versions.Any(v => v.Id == i.VersionId && v.Set.Code == draft.EvidenceSetCode
                && v.Status == VersionStatus.Published
                && v.Number == db.Versions.Where(o => o.SetId == v.SetId && o.Status == VersionStatus.Published).Max(o => o.Number)))
            .Select(i => (decimal?)i.MaxPoints).FirstOrDefaultAsync(ct);
        if (SatisfactionMappingRules.PublishProblems(draft, scheme, evidenceItem) is { Count: > 0 } problems)
        {
            return TypedResults.Problem($"The mapping has {problems.Count} problem(s), each listed under problems.", statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The satisfaction mapping cannot be published.", extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        draft.Status = VersionStatus.Published;
        draft.PublishedAt = clock.GetUtcNow();
        outbox.Publish(draft.ToPublished());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("The version changed meanwhile.", "The draft changed meanwhile (replaced or published); read it again.");
        }

        return TypedResults.Ok(SatisfactionMappingResponse.From(draft));
    }

    private static FieldErrors Validate(SatisfactionMappingRequest request)
    {
        var errors = new FieldErrors();
        if (request.Code is not null && !CriteriaRules.IsCode(request.Code))
        {
            errors.Add("code", $"A code is lower-case letters and digits in dash-separated words, at most {CriteriaRules.MaxCodeLength} characters.");
        }

        errors.AddIf(request.Points is not (> 0 and <= 100) || !SatisfactionMappingRules.IsTenths(request.Points.Value), "points",
            "The points are more than 0 and at most 100, in tenths (the star scheme's satisfaction component, 10 in 2012).");
        var levels = (request.LevelWeights ?? []).Select(w => w?.Level is { } l && Words.TryParse<RatingLevel>(l, out var level) ? level : (RatingLevel?)null).ToList();
        if (request.LevelWeights is null || levels.Any(l => l is null) || levels.Distinct().Count() != Words.All<RatingLevel>().Count
            || levels.Count != Words.All<RatingLevel>().Count)
        {
            errors.Add("levelWeights", $"Every level once, each with its weight: {string.Join(", ", Words.All<RatingLevel>())}.");
        }
        else if (request.LevelWeights.Any(w => w!.Weight is not (>= 0 and <= 1)))
        {
            errors.Add("levelWeights", "A weight is 0 to 1 (1: the level counts as satisfied; 0: it does not).");
        }

        errors.AddIf(!SatisfactionMappingRules.IsMethod(request.Method), "method", "The method is 'linear' or 'bands'.");
        if (request.Bands is { } bands && bands.Any(b => b?.MinRate is not (>= 0 and <= 100) || b.Points is not >= 0 || !SatisfactionMappingRules.IsTenths(b.Points.Value)))
        {
            errors.Add("bands", "Each band is a minimum satisfaction rate (0 to 100 percent) and its points (0 or more, in tenths).");
        }

        if (request.Evidence is not { } evidence)
        {
            errors.Add("evidence", "The item the rates are evidence for, and the rates it asks for (e.g. meishan-2012-window item 6: 95 and 98).");
        }
        else
        {
            errors.AddIf(!CriteriaRules.IsCode(evidence.SetCode), "evidence.setCode", "The code of the criteria set the evidence item is in.");
            errors.AddIf(evidence.Item is not > 0, "evidence.item", "The item's number.");
            errors.AddIf(evidence.MinEvaluationRate is not (>= 0 and <= 100), "evidence.minEvaluationRate", "A percent from 0 to 100.");
            errors.AddIf(evidence.MinSatisfactionRate is not (>= 0 and <= 100), "evidence.minSatisfactionRate", "A percent from 0 to 100.");
        }

        errors.AddIf(request.Source is { Length: > CriteriaRules.MaxNameLength }, "source", $"At most {CriteriaRules.MaxNameLength} characters.");
        errors.AddIf(request.Notes is { Length: > CriteriaRules.MaxNotesLength }, "notes", $"At most {CriteriaRules.MaxNotesLength} characters.");
        return errors;
    }

    private static void Apply(SatisfactionMappingRequest request, SatisfactionMapping mapping)
    {
        mapping.Points = request.Points!.Value;
        mapping.LevelWeights = request.LevelWeights!.Select(w => new LevelWeight { Level = Words.Parse<RatingLevel>(w!.Level!), Weight = w.Weight!.Value })
            .OrderBy(w => w.Level).ToList();
        mapping.Method = request.Method!;
        mapping.Bands = (request.Bands ?? []).Select(b => new SatisfactionBand { MinRate = b!.MinRate!.Value, Points = b.Points!.Value })
            .OrderByDescending(b => b.MinRate).ToList();
        mapping.EvidenceSetCode = request.Evidence!.SetCode!;
        mapping.EvidenceItem = request.Evidence.Item!.Value;
        mapping.MinEvaluationRate = request.Evidence.MinEvaluationRate!.Value;
        mapping.MinSatisfactionRate = request.Evidence.MinSatisfactionRate!.Value;
        mapping.Source = string.IsNullOrWhiteSpace(request.Source) ? null : request.Source.Trim();
        mapping.Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
    }

    private static async Task<(SatisfactionMapping? Draft, ProblemHttpResult? Conflict)> LoadDraftAsync(
        CriteriaDbContext db, string code, int version, CancellationToken ct)
    {
        var found = await db.SatisfactionMappings.SingleOrDefaultAsync(m => m.Code == code && m.Version == version, ct);
        if (found is { Status: not VersionStatus.Draft })
        {
            return (null, Problems.Conflict("The version is immutable.",
                $"Version {version} of {code} is {CriteriaRules.Name(found.Status)} and cannot change; draft a new version (POST {Path})."));
        }

        return (found, null);
    }

    private static ProblemHttpResult DraftExists(string code, int number) =>
        Problems.Conflict("A draft already exists.", $"{code} already has a draft (version {number}); edit or publish it first.");
}
