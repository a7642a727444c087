using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace StarPlatform.Http;

/// <summary>
/// The end of every handler that creates something (a unit, a cycle, an application, a draft, a published version):
/// the 201 is kept for the request's <c>Idempotency-Key</c> in the same commit (<see cref="IdempotencyKey.Remember"/>),
/// and a unique index that refuses the row (another request created the same thing a moment ago) is the caller's 409.
/// </summary>
public static class Creation
{
    public static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Saves the creation (and commits <paramref name="transaction"/>); <paramref name="conflict"/> on a unique violation, null once committed.</summary>
    public static Task<ProblemHttpResult?> SaveCreatedAsync(this DbContext db, HttpContext http, string location, object response,
        Func<ProblemHttpResult> conflict, CancellationToken ct, IDbContextTransaction? transaction = null) =>
        db.SaveCreatedAsync(http, location, response, ex => IsUniqueViolation(ex) ? conflict() : null, ct, transaction);

    /// <summary>
    /// Saves the creation (and commits <paramref name="transaction"/>); null once committed, or the answer
    /// <paramref name="conflict"/> gives to the failed save (a failure it gives none for is thrown on).
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveCreatedAsync(this DbContext db, HttpContext http, string location, object response,
        Func<DbUpdateException, ProblemHttpResult?> conflict, CancellationToken ct, IDbContextTransaction? transaction = null)
    {
        IdempotencyKey.Remember(http, StatusCodes.Status201Created, location, response);
        ProblemHttpResult? answer = null;
        try
        {
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }
        catch (DbUpdateException ex) when ((answer = conflict(ex)) is not null)
        {
            return answer;
        }

        return null;
    }
}
