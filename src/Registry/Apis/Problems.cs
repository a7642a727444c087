using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StarPlatform.Registry.Data;

namespace StarPlatform.Registry.Apis;

/// <summary>The registry's problem details (RFC 9457), worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult RuleViolation(string detail, string title = "The registry's rules refuse this.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    public static ProblemHttpResult Stale() =>
        TypedResults.Problem("Read the unit again (GET gives its ETag) and send its current ETag in If-Match.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "The unit has changed since it was read.");

    public static ProblemHttpResult IfMatchRequired() =>
        TypedResults.Problem("Send the ETag of the unit as read (GET gives it) in If-Match, so a change never overwrites one you have not seen.",
            statusCode: StatusCodes.Status428PreconditionRequired, title: "A change needs If-Match.");

    /// <summary>A unique constraint turned into the 409 a client can act on; null for any other failure.</summary>
    public static ProblemHttpResult? FromUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
            ? unique.ConstraintName switch
            {
                RegistryDbContext.CenterDivisionIndex => Conflict("The center already exists.",
                    "A center of this level is already registered for the division."),
                RegistryDbContext.WindowNameIndex => Conflict("The window already exists.",
                    "The center already has a window of this name for the department."),
                RegistryDbContext.OutletDivisionIndex => Conflict("The outlet already exists.",
                    "An outlet with this division code is already registered."),
                RegistryDbContext.OutletNameIndex => Conflict("The outlet already exists.",
                    "The parent already has an outlet of this name."),
                RegistryDbContext.IdempotencyKeyIndex => Conflict("The Idempotency-Key is in use.",
                    "Another request with this key was being processed at the same time; send it again to get its response."),
                _ => Conflict("The unit already exists.", unique.MessageText),
            }
            : null;

    /// <summary>Field errors with status 422 (a bulk import's bad rows).</summary>
    public static ProblemHttpResult RowErrors(IReadOnlyDictionary<string, string[]> errors, string title) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = $"{errors.Keys.Select(k => k[..(k.IndexOf(']') + 1)]).Distinct().Count()} row(s) are not valid; nothing was imported.",
        });
}
