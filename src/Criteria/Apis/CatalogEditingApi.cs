using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;
using StarPlatform.Http;
using StarPlatform.Messaging;

namespace StarPlatform.Criteria.Apis;

/// <summary>
/// Editing the catalog (admin): sets, draft versions, their categories and items, publish and
/// retire. Only a draft changes; a published or retired version answers 409 to every change and
/// is left as it was. Every change bumps the version row, so a change racing a publish fails.
/// </summary>
public static class CatalogEditingApi
{
    public static IEndpointRouteBuilder MapCatalogEditingApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/api/criteria/sets").WithTags("Catalog editing")
            .RequireAuthorization(Policies.Admin)
            .WithProblems(401, 403);
        sets.MapPost("/", CreateSet).WithName(nameof(CreateSet)).AcceptsIdempotencyKey<CriteriaDbContext, IdempotencyRecord>()
            .WithDescription("A new set with an empty draft version 1, e.g. a county's checklist for its township outlets.");
        sets.MapPost("/{code}/versions", CreateDraftVersion).WithName(nameof(CreateDraftVersion)).AcceptsIdempotencyKey<CriteriaDbContext, IdempotencyRecord>()
            .WithDescription("A new draft version: a copy of the set's latest version.");
        sets.MapPatch("/{code}/versions/{version:int}", UpdateDraftVersion).WithName(nameof(UpdateDraftVersion));
        sets.MapPut("/{code}/versions/{version:int}/categories/{number:int}", PutCategory).WithName(nameof(PutCategory));
        sets.MapDelete("/{code}/versions/{version:int}/categories/{number:int}", DeleteCategory).WithName(nameof(DeleteCategory));
        sets.MapPut("/{code}/versions/{version:int}/items/{number:int}", PutItem).WithName(nameof(PutItem));
        sets.MapDelete("/{code}/versions/{version:int}/items/{number:int}", DeleteItem).WithName(nameof(DeleteItem));
        sets.MapPost("/{code}/versions/{version:int}/publish", Publish).WithName(nameof(Publish))
            .WithDescription("Publishes a draft after checking category and set totals, numbering, veto items and tiers (422 lists every problem).");
        sets.MapPost("/{code}/versions/{version:int}/retire", Retire).WithName(nameof(Retire));
        return app;
    }

    public static async Task<Results<Created<SetResponse>, ValidationProblem, ProblemHttpResult>> CreateSet(
        CreateSetRequest request, CriteriaDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var code = request.Code?.Trim();
        if (!CriteriaRules.IsCode(code))
        {
            errors.Add("code", $"A code is lower-case letters and digits in dash-separated words, at most {CriteriaRules.MaxCodeLength} characters.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > CriteriaRules.MaxNameLength)
        {
            errors.Add("name", $"A name of at most {CriteriaRules.MaxNameLength} characters is required.");
        }

        if (!Words.TryParse<UnitKind>(request.UnitKind, out var unitKind))
        {
            errors.Add("unitKind", "The unit kind is 'center', 'window' or 'outlet'.");
        }
        else if (unitKind == UnitKind.Outlet && !CriteriaRules.IsCountyDivisionCode(request.OwnerDivisionCode))
        {
            errors.Add("ownerDivisionCode", "A township-outlet set is owned by a county: its six-digit division code (e.g. 511402).");
        }
        else if (request.OwnerDivisionCode is not null && !CriteriaRules.IsDivisionCode(request.OwnerDivisionCode))
        {
            errors.Add("ownerDivisionCode", "A division code has six digits (e.g. 511400).");
        }

        if (CriteriaRules.TotalProblem(request.TotalPoints) is { } totalProblem)
        {
            errors.Add("totalPoints", totalProblem);
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The set is not valid.");
        }

        if (await db.Sets.AnyAsync(s => s.Code == code, ct))
        {
            return DuplicateSet(code!);
        }

        var now = clock.GetUtcNow();
        var set = new CriteriaSet
        {
            Id = Guid.CreateVersion7(), Code = code!, Name = name!, UnitKind = unitKind, OwnerDivisionCode = request.OwnerDivisionCode, CreatedAt = now,
        };
        set.Versions.Add(new CriteriaVersion
        {
            Id = Guid.CreateVersion7(), SetId = set.Id, Set = set, Number = 1, Status = VersionStatus.Draft,
            TotalPoints = request.TotalPoints!.Value, CreatedAt = now, UpdatedAt = now,
        });
        db.Sets.Add(set);
        var location = $"/api/criteria/sets/{set.Code}";
        var response = CriteriaApi.ToResponse(set);
        return await db.SaveCreatedAsync(http, location, response, () => DuplicateSet(code!), ct) is { } conflict
            ? conflict
            : TypedResults.Created(location, response);
    }

    public static async Task<Results<Created<VersionResponse>, NotFound, ProblemHttpResult>> CreateDraftVersion(
        string code, CriteriaDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var set = await db.Sets.Include(s => s.Versions).FirstOrDefaultAsync(s => s.Code == code, ct);
        if (set is null)
        {
            return TypedResults.NotFound();
        }

        if (set.Versions.FirstOrDefault(v => v.Status == VersionStatus.Draft) is { } draft)
        {
            return DraftExists(code, draft.Number);
        }

        var latestNumber = set.Versions.Max(v => v.Number);
        var latest = (await CriteriaApi.FindVersionAsync(db, code, $"{latestNumber}", tracked: false, ct))!;
        var now = clock.GetUtcNow();
        var copy = new CriteriaVersion
        {
            Id = Guid.CreateVersion7(), SetId = set.Id, Set = set, Number = latestNumber + 1, Status = VersionStatus.Draft,
            TotalPoints = latest.TotalPoints, Source = latest.Source, Notes = latest.Notes, CreatedAt = now, UpdatedAt = now,
            Categories = latest.Categories.Select(c => new CriteriaCategory { Id = Guid.CreateVersion7(), Number = c.Number, Name = c.Name, Points = c.Points }).ToList(),
            Items = latest.Items.Select(i => new CriteriaItem
            {
                Id = Guid.CreateVersion7(), Number = i.Number, CategoryNumber = i.CategoryNumber, Text = i.Text, MaxPoints = i.MaxPoints,
                Kind = i.Kind, Veto = i.Veto, Notes = i.Notes,
                Tiers = i.Tiers.Select(t => new Tier { Level = t.Level, MinFloorAreaM2 = t.MinFloorAreaM2, Points = t.Points }).ToList(),
                OutsideVeto = i.OutsideVeto is { } veto ? new OutsideVeto { Finding = veto.Finding, Offences = [.. veto.Offences] } : null,
            }).ToList(),
        };
        db.Versions.Add(copy);
        var location = $"/api/criteria/sets/{code}/versions/{copy.Number}";
        var response = VersionResponse.From(copy);
        return await db.SaveCreatedAsync(http, location, response, () => DraftExists(code, copy.Number), ct) is { } conflict
            ? conflict
            : TypedResults.Created(location, response);
    }

    public static async Task<Results<Ok<VersionResponse>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateDraftVersion(
        string code, int version, UpdateVersionRequest request, CriteriaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (CriteriaRules.TotalProblem(request.TotalPoints) is { } totalProblem)
        {
            return Problems.Invalid("totalPoints", totalProblem, "The version is not valid.");
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

        draft.TotalPoints = request.TotalPoints!.Value;
        return await SaveAsync(db, draft, clock, ct) is { } failure ? failure : TypedResults.Ok(VersionResponse.From(draft));
    }

    public static async Task<Results<Ok<CategoryResponse>, Created<CategoryResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PutCategory(
        string code, int version, int number, PutCategoryRequest request, CriteriaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = CriteriaRules.ValidateCategory(number, request.Name, request.Points);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The category is not valid.");
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

        var category = draft.Categories.FirstOrDefault(c => c.Number == number);
        var created = category is null;
        if (category is null)
        {
            category = new CriteriaCategory { Id = Guid.CreateVersion7(), VersionId = draft.Id, Number = number, Name = "" };
            // Added explicitly: found only through the navigation, a new row with its key set would be taken for an existing one.
            db.Categories.Add(category);
        }

        category.Name = request.Name!.Trim();
        category.Points = request.Points!.Value;
        if (await SaveAsync(db, draft, clock, ct) is { } failure)
        {
            return failure;
        }

        var body = new CategoryResponse(category.Number, category.Name, category.Points,
            draft.Items.Where(i => i.CategoryNumber == number).OrderBy(i => i.Number).Select(ItemResponse.From).ToList());
        return created
            ? TypedResults.Created($"/api/criteria/sets/{code}/versions/{version}", body)
            : TypedResults.Ok(body);
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteCategory(
        string code, int version, int number, CriteriaDbContext db, TimeProvider clock, CancellationToken ct)
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

        var category = draft.Categories.FirstOrDefault(c => c.Number == number);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        if (draft.Items.Any(i => i.CategoryNumber == number))
        {
            return Problems.Conflict("The category is not empty.", $"Category {number} still has items; move or delete them first.");
        }

        db.Categories.Remove(category);
        return await SaveAsync(db, draft, clock, ct) is { } failure ? failure : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ItemDetailResponse>, Created<ItemDetailResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PutItem(
        string code, int version, int number, PutItemRequest request, CriteriaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Tiers?.Any(t => t is null) == true)
        {
            return Problems.Invalid("tiers", "Each tier is a level, a minimum floor area and points, not null.", "The item is not valid.");
        }

        var errors = CriteriaRules.ValidateItem(number, request.Category, request.Text, request.MaxPoints, request.Kind, request.Veto, request.Notes,
            request.Tiers?.Select(t => (t.Level, t.MinFloorAreaM2, t.Points)).ToList(), out var submitted,
            request.OutsideVeto is { } veto ? new OutsideVeto { Finding = veto.Finding, Offences = [.. veto.Offences ?? []] } : null);
        if (submitted is null)
        {
            return errors.ToProblem("The item is not valid.");
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

        if (draft.Categories.All(c => c.Number != submitted.CategoryNumber))
        {
            return Problems.RuleViolation("The item's category does not exist.", $"Version {version} has no category {submitted.CategoryNumber}; add it first.");
        }

        var item = draft.Items.FirstOrDefault(i => i.Number == number);
        var created = item is null;
        if (item is null)
        {
            item = new CriteriaItem { Id = Guid.CreateVersion7(), VersionId = draft.Id, Number = number, Text = "" };
            db.Items.Add(item);
        }

        item.CategoryNumber = submitted.CategoryNumber;
        item.Text = submitted.Text;
        item.MaxPoints = submitted.MaxPoints;
        item.Kind = submitted.Kind;
        item.Veto = submitted.Veto;
        item.Notes = submitted.Notes;
        item.Tiers = submitted.Tiers;
        item.OutsideVeto = submitted.OutsideVeto;
        if (await SaveAsync(db, draft, clock, ct) is { } failure)
        {
            return failure;
        }

        var body = ItemDetailResponse.From(draft, item);
        return created
            ? TypedResults.Created($"/api/criteria/sets/{code}/versions/{version}/items/{number}", body)
            : TypedResults.Ok(body);
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteItem(
        string code, int version, int number, CriteriaDbContext db, TimeProvider clock, CancellationToken ct)
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

        var item = draft.Items.FirstOrDefault(i => i.Number == number);
        if (item is null)
        {
            return TypedResults.NotFound();
        }

        db.Items.Remove(item);
        return await SaveAsync(db, draft, clock, ct) is { } failure ? failure : TypedResults.NoContent();
    }

    /// <summary>Publishes a draft and announces it with <c>CriteriaVersionPublished</c> in the same transaction.</summary>
    public static async Task<Results<Ok<VersionResponse>, NotFound, ProblemHttpResult>> Publish(
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

        var problems = CriteriaRules.PublishProblems(draft.TotalPoints, draft.Categories, draft.Items);
        if (problems.Count > 0)
        {
            return TypedResults.Problem(string.Join(" ", problems), statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The version cannot be published.", extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        draft.Status = VersionStatus.Published;
        draft.PublishedAt = clock.GetUtcNow();
        outbox.Publish(Events.Published(draft));
        return await SaveAsync(db, draft, clock, ct) is { } failure ? failure : TypedResults.Ok(VersionResponse.From(draft));
    }

    /// <summary>Retires a published version: it stays readable (evaluations scored against it keep it) and is no longer current.</summary>
    public static async Task<Results<Ok<VersionResponse>, NotFound, ProblemHttpResult>> Retire(
        string code, int version, CriteriaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var found = await CriteriaApi.FindVersionAsync(db, code, $"{version}", tracked: true, ct);
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        if (found.Status != VersionStatus.Published)
        {
            return Problems.Conflict("The version cannot be retired.", $"Version {version} of {code} is {CriteriaRules.Name(found.Status)}; only a published version is retired.");
        }

        found.Status = VersionStatus.Retired;
        found.RetiredAt = clock.GetUtcNow();
        return await SaveAsync(db, found, clock, ct) is { } failure ? failure : TypedResults.Ok(VersionResponse.From(found));
    }

    /// <summary>The draft to change, or why not: nothing (404: no such version) or a 409 (published or retired: immutable).</summary>
    private static async Task<(CriteriaVersion? Draft, ProblemHttpResult? Conflict)> LoadDraftAsync(
        CriteriaDbContext db, string code, int version, CancellationToken ct)
    {
        var found = await CriteriaApi.FindVersionAsync(db, code, $"{version}", tracked: true, ct);
        if (found is null)
        {
            return (null, null);
        }

        if (found.Status != VersionStatus.Draft)
        {
            return (null, Problems.Conflict("The version is immutable.", $"Version {version} of {code} is {CriteriaRules.Name(found.Status)} and cannot change; start a new version (POST /api/criteria/sets/{code}/versions)."));
        }

        return (found, null);
    }

    /// <summary>Saves the change, bumping the version row; null when saved, else the 409 to answer.</summary>
    private static async Task<ProblemHttpResult?> SaveAsync(CriteriaDbContext db, CriteriaVersion version, TimeProvider clock, CancellationToken ct)
    {
        version.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("The version changed meanwhile.", "The version changed meanwhile (edited, published or retired); read it again.");
        }
        catch (DbUpdateException ex) when (Creation.IsUniqueViolation(ex))
        {
            return Problems.Conflict("The version changed meanwhile.", "A category or item with that number was added meanwhile; read the version again.");
        }
    }

    private static ProblemHttpResult DuplicateSet(string code) =>
        Problems.Conflict("The set already exists.", $"A criteria set with code {code} already exists.");

    private static ProblemHttpResult DraftExists(string code, int number) =>
        Problems.Conflict("A draft already exists.", $"{code} already has a draft (version {number}); edit or publish it first.");
}
