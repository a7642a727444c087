using Microsoft.AspNetCore.Http.HttpResults;

namespace StarPlatform.Complaints.Apis;

/// <summary>The Complaints service's own problem details (RFC 9457); the common ones are <see cref="StarPlatform.Http.Problems"/>.</summary>
internal static class CaseProblems
{
    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("Only the online channel is open without a token; hotline cases are logged by an operator or discipline officer.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Authentication is required.");

    public static ProblemHttpResult Forbidden() =>
        TypedResults.Problem("Hotline cases are logged by an operator or discipline officer; anyone may use the online channel.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem("No case with this id that you may read.", statusCode: StatusCodes.Status404NotFound, title: "The case was not found.");
}
