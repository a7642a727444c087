using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace StarPlatform.Http;

/// <summary>The problem details (RFC 9457) every service answers with, one signature each: title first, then detail.</summary>
public static class Problems
{
    /// <summary>The title of a 400 whose fields are not valid, unless the endpoint names another.</summary>
    public const string InvalidTitle = "The request is not valid.";

    /// <summary>422: the request is well formed, but a rule of the service refuses it.</summary>
    public static ProblemHttpResult RuleViolation(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title);

    /// <summary>409: the request clashes with what is there.</summary>
    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    /// <summary>401: the request needs a token.</summary>
    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Authentication is required.");

    /// <summary>403: the caller is known but may not do this.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    /// <summary>404: "The {what} was not found." / "No {what} with this id."</summary>
    public static ProblemHttpResult NotFound(string what) =>
        NotFound($"The {what} was not found.", $"No {what} with this id.");

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);

    /// <summary>412: the If-Match names a version that is no longer current.</summary>
    public static ProblemHttpResult PreconditionFailed(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status412PreconditionFailed, title: title);

    /// <summary>428: a change needs If-Match.</summary>
    public static ProblemHttpResult PreconditionRequired(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status428PreconditionRequired, title: title);

    /// <summary>400 with the fields that are not valid.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string title = InvalidTitle) =>
        TypedResults.ValidationProblem(errors, title: title);

    /// <summary>400 for one field.</summary>
    public static ValidationProblem Invalid(string field, string message, string title = InvalidTitle) =>
        Invalid(new FieldErrors { [field] = [message] }, title);

    /// <summary>
    /// 422 with field errors: a bulk request (an import, a device batch) whose rows are well formed but break the
    /// programme's rules, each named <c>rows[n].field</c>; <paramref name="detail"/> says that nothing was written.
    /// </summary>
    public static ProblemHttpResult RowErrors(IReadOnlyDictionary<string, string[]> errors, string title, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = detail,
        });

    /// <summary>How many rows <c>rows[n].field</c> errors name.</summary>
    public static int RowsNamed(IEnumerable<string> fields) => fields.Select(k => k.IndexOf(']') is var end and > 0 ? k[..(end + 1)] : k).Distinct().Count();

    /// <summary>Declares the problem statuses an endpoint answers with, for its OpenAPI document.</summary>
    public static TBuilder WithProblems<TBuilder>(this TBuilder endpoints, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            endpoints.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }

        return endpoints;
    }
}
