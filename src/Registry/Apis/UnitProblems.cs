using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StarPlatform.Http;
using StarPlatform.Registry.Data;

namespace StarPlatform.Registry.Apis;

/// <summary>The registry's own problem details (RFC 9457); the common ones are <see cref="Problems"/>.</summary>
internal static class UnitProblems
{
    public static ProblemHttpResult Stale() => Problems.PreconditionFailed("The unit has changed since it was read.",
        "Read the unit again (GET gives its ETag) and send its current ETag in If-Match.");

    public static ProblemHttpResult IfMatchRequired() => Problems.PreconditionRequired("A change needs If-Match.",
        "Send the ETag of the unit as read (GET gives it) in If-Match, so a change never overwrites one you have not seen.");

    /// <summary>A unique constraint turned into the 409 a client can act on; null for any other failure.</summary>
    public static ProblemHttpResult? FromUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
            ? unique.ConstraintName switch
            {
                RegistryDbContext.CenterDivisionIndex => Problems.Conflict("The center already exists.",
                    "A center of this level is already registered for the division."),
                RegistryDbContext.WindowNameIndex => Problems.Conflict("The window already exists.",
                    "The center already has a window of this name for the department."),
                RegistryDbContext.OutletDivisionIndex => Problems.Conflict("The outlet already exists.",
                    "An outlet with this division code is already registered."),
                RegistryDbContext.OutletNameIndex => Problems.Conflict("The outlet already exists.",
                    "The parent already has an outlet of this name."),
                _ => Problems.Conflict("The unit already exists.", unique.MessageText),
            }
            : null;

    /// <summary>Field errors with status 422 (a bulk import's bad rows).</summary>
    public static ProblemHttpResult RowErrors(IReadOnlyDictionary<string, string[]> errors, string title) =>
        Problems.RowErrors(errors, title, $"{Problems.RowsNamed(errors.Keys)} row(s) are not valid; nothing was imported.");
}
