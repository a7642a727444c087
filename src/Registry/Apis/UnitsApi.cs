using Microsoft.AspNetCore.Http.HttpResults;
using StarPlatform.Http;
using StarPlatform.Registry.Data;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

/// <summary>Walking the hierarchy (city → county → township → village → group; windows inside centers) both ways.</summary>
public static class UnitsApi
{
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/registry/units").WithTags("Hierarchy");
        units.MapGet("/{id:guid}/children", GetChildren).WithName(nameof(GetChildren));
        units.MapGet("/{id:guid}/ancestors", GetAncestors).WithName(nameof(GetAncestors));
        units.MapGet("/{id:guid}/subtree", GetSubtree).WithName(nameof(GetSubtree));
        return app;
    }

    /// <summary>The units directly below a unit (county centers, windows, outlets), in hierarchy order: level, kind, name, id.</summary>
    public static async Task<Results<Ok<Page<UnitSummary>>, ValidationProblem, NotFound>> GetChildren(
        Guid id, RegistryDbContext db, CancellationToken ct, int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(errors, page, pageSize);
        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        if (await db.FindUnitAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var children = (await db.ChildrenOfAsync([id], ct)).InHierarchyOrder().ToList();
        return TypedResults.Ok(new Page<UnitSummary>([.. children.PageOf(p, size).Select(UnitSummary.From)], children.Count));
    }

    /// <summary>The units above a unit, nearest first (its parent, then the parent's parent … up to the city center).</summary>
    public static async Task<Results<Ok<Page<UnitSummary>>, NotFound>> GetAncestors(Guid id, RegistryDbContext db, CancellationToken ct)
    {
        var unit = await db.FindUnitAsync(id, ct);
        if (unit is null)
        {
            return TypedResults.NotFound();
        }

        var ancestors = new List<UnitSummary>();
        var seen = new HashSet<Guid> { id };
        while (unit.ParentId is { } parentId && seen.Add(parentId) && await db.FindUnitAsync(parentId, ct) is { } parent)
        {
            ancestors.Add(UnitSummary.From(parent));
            unit = parent;
        }

        return TypedResults.Ok(new Page<UnitSummary>(ancestors, ancestors.Count));
    }

    /// <summary>
    /// Every unit below a unit, at any depth, optionally only those of one level
    /// (<c>?level=village</c>), in hierarchy order: level, kind, name, id.
    /// </summary>
    public static async Task<Results<Ok<Page<UnitSummary>>, ValidationProblem, NotFound>> GetSubtree(
        Guid id, RegistryDbContext db, CancellationToken ct, string? level = null, int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(errors, page, pageSize);
        UnitLevel? levelFilter = null;
        if (level is not null)
        {
            if (UnitRules.TryParseLevel(level, out var l))
            {
                levelFilter = l;
            }
            else
            {
                errors.Add("level", "The level is 'city', 'county', 'township', 'village' or 'group'.");
            }
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The query is not valid.");
        }

        if (await db.FindUnitAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        // Five levels at most: one round of queries per level below the unit.
        var below = new List<UnitRef>();
        var seen = new HashSet<Guid> { id };
        IReadOnlyCollection<Guid> frontier = [id];
        while (frontier.Count > 0)
        {
            var next = (await db.ChildrenOfAsync(frontier, ct)).Where(u => seen.Add(u.Id)).ToList();
            below.AddRange(next);
            frontier = [.. next.Where(u => u.Kind != UnitKind.Window).Select(u => u.Id)];
        }

        var matching = below.Where(u => levelFilter is null || u.Level == levelFilter).InHierarchyOrder().ToList();
        return TypedResults.Ok(new Page<UnitSummary>([.. matching.PageOf(p, size).Select(UnitSummary.From)], matching.Count));
    }
}
