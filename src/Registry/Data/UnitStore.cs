using Microsoft.EntityFrameworkCore;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Data;

/// <summary>The hierarchy across the three tables (centers, windows, outlets), and row locks.</summary>
public static class UnitStore
{
    /// <summary>Any unit by id, or null.</summary>
    public static async Task<UnitRef?> FindUnitAsync(this RegistryDbContext db, Guid id, CancellationToken ct)
    {
        if (await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } center)
        {
            return UnitRef.Of(center);
        }

        if (await db.Outlets.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } outlet)
        {
            return UnitRef.Of(outlet);
        }

        return await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct) is { } window
            ? UnitRef.Of(window)
            : null;
    }

    /// <summary>The units directly below any of <paramref name="parentIds"/>.</summary>
    public static async Task<List<UnitRef>> ChildrenOfAsync(
        this RegistryDbContext db, IReadOnlyCollection<Guid> parentIds, CancellationToken ct)
    {
        var ids = parentIds.ToList();
        var centers = await db.Centers.AsNoTracking().Where(c => c.ParentId != null && ids.Contains(c.ParentId.Value)).ToListAsync(ct);
        var windows = await db.Windows.AsNoTracking().Where(w => ids.Contains(w.CenterId)).ToListAsync(ct);
        var outlets = await db.Outlets.AsNoTracking().Where(o => ids.Contains(o.ParentId)).ToListAsync(ct);
        return [.. centers.Select(UnitRef.Of), .. windows.Select(UnitRef.Of), .. outlets.Select(UnitRef.Of)];
    }

    /// <summary>Stable order for lists of units: level (city first), kind, name, id.</summary>
    public static IOrderedEnumerable<UnitRef> InHierarchyOrder(this IEnumerable<UnitRef> units) =>
        units.OrderBy(u => u.Level).ThenBy(u => u.Kind).ThenBy(u => u.Name, StringComparer.Ordinal).ThenBy(u => u.Id);

    /// <summary>
    /// The center, locked for this transaction (<c>FOR UPDATE</c> to change it, <c>FOR SHARE</c>
    /// to add a unit below it): closing a parent and adding a child under it then wait for each other.
    /// </summary>
    public static async Task<Center?> LockCenterAsync(this RegistryDbContext db, Guid id, bool share, CancellationToken ct) =>
        (share
            ? await db.Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR SHARE").ToListAsync(ct)
            : await db.Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR UPDATE").ToListAsync(ct))
        .FirstOrDefault();

    public static async Task<Outlet?> LockOutletAsync(this RegistryDbContext db, Guid id, bool share, CancellationToken ct) =>
        (share
            ? await db.Outlets.FromSql($"SELECT *, xmin FROM outlets WHERE id = {id} FOR SHARE").ToListAsync(ct)
            : await db.Outlets.FromSql($"SELECT *, xmin FROM outlets WHERE id = {id} FOR UPDATE").ToListAsync(ct))
        .FirstOrDefault();

    public static async Task<Window?> LockWindowAsync(this RegistryDbContext db, Guid id, CancellationToken ct) =>
        (await db.Windows.FromSql($"SELECT *, xmin FROM windows WHERE id = {id} FOR UPDATE").ToListAsync(ct)).FirstOrDefault();

    /// <summary>A parent (a center or an outlet) locked <c>FOR SHARE</c>, or null.</summary>
    public static async Task<UnitRef?> LockParentAsync(this RegistryDbContext db, Guid id, CancellationToken ct)
    {
        if (await db.LockCenterAsync(id, share: true, ct) is { } center)
        {
            return UnitRef.Of(center);
        }

        if (await db.LockOutletAsync(id, share: true, ct) is { } outlet)
        {
            return UnitRef.Of(outlet);
        }

        // A window is never a parent, but naming one should say what it is, not "does not exist".
        return await db.Windows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct) is { } window ? UnitRef.Of(window) : null;
    }
}
