using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace StarPlatform.Http;

/// <summary>
/// No exception text, stack trace, headers or host in a response, Development included, unless
/// <see cref="Setting"/> is true. In Development ASP.NET puts its developer exception page in front
/// of everything; a fault that escapes the exception handler (one thrown by middleware the host runs
/// before it) would show there with the request's headers. This filter answers it with the same bare
/// 500 problem as the exception handler instead.
/// </summary>
internal sealed class ExceptionDetails(IConfiguration configuration) : IDeveloperPageExceptionFilter
{
    /// <summary>The one setting that shows the developer page (<c>Diagnostics__ShowExceptionDetails=true</c>), for debugging on one's own machine.</summary>
    public const string Setting = "Diagnostics:ShowExceptionDetails";

    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        if (configuration.GetValue<bool>(Setting))
        {
            await next(errorContext);
            return;
        }

        // Written as JSON whatever the request accepts (a browser's text/html too).
        await TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "An error occurred while processing your request.",
            type: ProblemTypes.For(StatusCodes.Status500InternalServerError)).ExecuteAsync(errorContext.HttpContext);
    }
}
