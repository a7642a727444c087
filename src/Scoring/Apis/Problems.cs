using Microsoft.AspNetCore.Http.HttpResults;

namespace StarPlatform.Scoring.Apis;

/// <summary>The Scoring service's problem details (RFC 9457), worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult RuleViolation(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem($"No {what} with this id.", statusCode: StatusCodes.Status404NotFound, title: $"The {what} was not found.");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new() { [field] = [message] });

    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            route.ProducesProblem(status);
        }

        return route;
    }
}
