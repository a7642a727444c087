using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.Extensions.Hosting;

public static class AdvisoryLocks
{
    /// <summary>
    /// Takes PostgreSQL's transaction-scoped advisory lock for <paramref name="key"/> (waiting for
    /// whoever holds it), released when the current transaction ends: for work on one thing (a
    /// complaint case) arriving as separate messages that must not miss each other while both are
    /// uncommitted. Needs an open transaction.
    /// </summary>
    public static Task LockForTransactionAsync(this DatabaseFacade database, Guid key, CancellationToken ct) =>
        database.LockForTransactionAsync(key.ToString(), ct);

    /// <summary>
    /// The same lock for a thing named by text (a published version, "code/version"): two copies of
    /// one announcement consumed at once then take turns, and the second finds what the first wrote
    /// instead of failing on its key.
    /// </summary>
    public static Task LockForTransactionAsync(this DatabaseFacade database, string key, CancellationToken ct) =>
        database.CurrentTransaction is null
            ? throw new InvalidOperationException("A transaction-scoped advisory lock needs a transaction.")
            : database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
}
