using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request that fails because the service's database cannot be reached right now (PostgreSQL restarting or shutting
/// down, the connection refused or lost, the pool timing out) gets 503 with <c>Retry-After</c> as a problem detail, not
/// a 500: the client's request was fine and a retry will do. Logged as a Warning — on-call learns of the outage from
/// the database's health check, not from one Error per request.
/// </summary>
internal sealed class UnavailableDatabaseExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnavailableDatabaseExceptionHandler> log)
    : IExceptionHandler
{
    /// <summary>What a client waits before trying again: PostgreSQL restarted by the AppHost serves again in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (TransientDatabaseFailure(exception) is not { } failure)
        {
            return false;
        }

        log.LogWarning("{Method} {Path} answered 503: the database is not reachable ({Failure}: {Message})",
            httpContext.Request.Method, httpContext.Request.Path.Value, failure.GetType().Name, failure.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is unavailable.",
                Detail = $"The service's database is not reachable right now; try again in {RetryAfterSeconds} s.",
            },
        });
    }

    /// <summary>
    /// The Npgsql failure Npgsql itself calls transient (connection, I/O, timeout, PostgreSQL shutting down or
    /// starting), wherever EF Core or the caller wrapped it; null for anything else.
    /// </summary>
    public static NpgsqlException? TransientDatabaseFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } npgsql)
            {
                return npgsql;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(TransientDatabaseFailure).FirstOrDefault(f => f is not null);
            }
        }

        return null;
    }
}
