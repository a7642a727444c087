using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Messaging;

/// <summary>
/// The turn of a periodic job (a sweep, a purge) across every copy of a service: one row per job,
/// held by the copy whose turn it is until <see cref="ExpiresAt"/>. A copy takes a turn only by
/// taking the lease, in one atomic statement; so however many copies run, a job runs once per period.
/// </summary>
public sealed class PeriodicJobLease
{
    public const int MaxNameLength = 200;

    /// <summary>The job's name, unique within the service.</summary>
    public required string Job { get; set; }

    /// <summary>The copy that took the last turn (host, process, instance).</summary>
    public required string Holder { get; set; }

    /// <summary>Until then no other copy takes a turn (PostgreSQL's clock, so copies' clocks need not agree).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>The answer to asking for a lease: <paramref name="Taken"/> (then held for the period), or held by another copy for <paramref name="HeldFor"/>.</summary>
public readonly record struct LeaseAnswer(bool Taken, TimeSpan HeldFor);

/// <summary>Taking and renewing <see cref="PeriodicJobLease"/>s, on the service's own database.</summary>
public static class PeriodicJobLeases
{
    /// <summary>
    /// Takes the lease of <paramref name="job"/> for <paramref name="period"/> if it is free (never taken,
    /// or expired); the insert-or-update is one statement, so of several copies asking at once exactly one
    /// gets it.
    /// </summary>
    public static async Task<LeaseAnswer> TryTakeAsync(DbContext db, string job, string holder, TimeSpan period, CancellationToken ct)
    {
        // ToList, not Single: a composed query would put the data-modifying WITH inside a subquery.
        var seconds = (await db.Database.SqlQueryRaw<double>(Statements(db).Take, job, holder, period).ToListAsync(ct)).Single();
        return seconds < 0 ? new LeaseAnswer(true, period) : new LeaseAnswer(false, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>
    /// Holds the lease for <paramref name="period"/> from now: called at the end of a turn, so the next
    /// turn, whichever copy takes it, starts a full period after this one ended.
    /// </summary>
    public static Task RenewAsync(DbContext db, string job, string holder, TimeSpan period, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(Statements(db).Renew, [job, holder, period], ct);

    private sealed record Sql(string Take, string Renew);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Sql> Cache = new();

    private static Sql Statements(DbContext db) => Cache.GetOrAdd(db.GetType(), _ =>
    {
        var entity = db.Model.FindEntityType(typeof(PeriodicJobLease))
            ?? throw new InvalidOperationException(
                $"{db.GetType().Name} has no periodic job leases: call modelBuilder.AddMessaging() (or AddPeriodicJobLeases()) and add a migration.");
        var table = entity.GetSchemaQualifiedTableName();
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        var (name, holder, expires) = (Column(nameof(PeriodicJobLease.Job)), Column(nameof(PeriodicJobLease.Holder)), Column(nameof(PeriodicJobLease.ExpiresAt)));
        // Taken: the row comes back from the upsert and the query answers -1. Not taken: the upsert's
        // WHERE kept the holder's row, and the query answers the seconds it still holds it (0 when the
        // row this statement waited for was committed after its snapshot: ask again at once).
        var take = $$"""
            WITH taken AS (
                INSERT INTO {{table}} ({{name}}, {{holder}}, {{expires}}) VALUES ({0}, {1}, now() + {2})
                ON CONFLICT ({{name}}) DO UPDATE SET {{holder}} = excluded.{{holder}}, {{expires}} = excluded.{{expires}}
                WHERE {{table}}.{{expires}} <= now()
                RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM taken) THEN -1
                ELSE greatest(coalesce((SELECT extract(epoch FROM {{expires}} - now())::float8 FROM {{table}} WHERE {{name}} = {0}), 0), 0) END AS "Value"
            """;
        var renew = $"UPDATE {table} SET {expires} = now() + {{2}} WHERE {name} = {{0}} AND {holder} = {{1}}";
        return new Sql(take, renew);
    });
}
