using Microsoft.AspNetCore.Http.HttpResults;
using StarPlatform.Http;

namespace StarPlatform.Complaints.Apis;

/// <summary>The Complaints service's own problem details (RFC 9457); the common ones are <see cref="Problems"/>.</summary>
internal static class CaseProblems
{
    public static ProblemHttpResult Unauthorized() =>
        Problems.Unauthorized("Only the online channel is open without a token; hotline cases are logged by an operator or discipline officer.");

    public static ProblemHttpResult Forbidden() =>
        Problems.Forbidden("Hotline cases are logged by an operator or discipline officer; anyone may use the online channel.");

    public static ProblemHttpResult NotFound() => Problems.NotFound("The case was not found.", "No case with this id that you may read.");
}
