using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request that cannot be read (malformed JSON, wrong content type, too large, a form that is not a form or has too
/// many fields) is the client's error: 400 (or 413/415) as a problem detail, never a 500, in every environment. When
/// JSON names where it went wrong, the problem's <c>errors</c> name that field.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException badRequest => (badRequest.StatusCode, badRequest.Message),
            // What the form reader throws for a malformed multipart body or a form past its limits.
            InvalidDataException => (StatusCodes.Status400BadRequest, exception.Message),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        var problem = new HttpValidationProblemDetails
        {
            Status = status,
            Title = "The request could not be read.",
            Detail = detail,
        };
        if (exception.InnerException is JsonException { Path: { Length: > 0 } path })
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            // The serializer's own message names .NET types; the field and a plain sentence are what a client needs.
            problem.Errors[field] = ["The value is not of the expected type or form."];
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }
}
