using Microsoft.AspNetCore.Http.HttpResults;

namespace StarPlatform.Awards.Apis;

/// <summary>The Awards service's problem details (RFC 9457), worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult AwardNotFound() =>
        TypedResults.Problem("No award with this id.", statusCode: StatusCodes.Status404NotFound, title: "The award was not found.");

    public static ProblemHttpResult NoPendingRevocation() =>
        TypedResults.Problem("The award has no revocation waiting for a decision (none was opened, or it has been decided already).",
            statusCode: StatusCodes.Status409Conflict, title: "No pending revocation.");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");
}
