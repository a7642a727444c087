using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StarPlatform.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every StarPlatform service shares: telemetry, health, service discovery, resilient
/// HTTP clients, problem details and JSON conventions. Behaves the same in every environment.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        // Polly logs every HTTP call's attempt at Information ("Execution attempt … Result: '200'"):
        // two lines on the dashboard for each call between services. Retries and failures are
        // Warnings and still show.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        // Every problem has a type, and speaks the caller's language (zh-CN unless Accept-Language prefers en).
        var texts = StarPlatform.Http.ProblemTexts.Load([typeof(Extensions).Assembly, .. ServiceAssembly(builder.Environment.ApplicationName)]);
        builder.Services.AddSingleton(texts);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Type ??= ProblemTypes.For(c.ProblemDetails.Status);
            texts.Localize(c.HttpContext, c.ProblemDetails);
        });
        // After ASP.NET's writer: a problem for a browser too, not an empty body.
        builder.Services.AddSingleton<IProblemDetailsWriter, StarPlatform.Http.AnyAcceptProblemWriter>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<UnavailableDatabaseExceptionHandler>();
        // Development's exception page shows nothing unless Diagnostics:ShowExceptionDetails is true.
        builder.Services.AddSingleton<Microsoft.AspNetCore.Diagnostics.IDeveloperPageExceptionFilter, StarPlatform.Http.ExceptionDetails>();
        // Unreadable requests throw in every environment, so the handler above answers them the same way.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(StarPlatform.Http.RequestLimits.RaiseKestrelLimits);
        return builder;
    }

    /// <summary>The service's own assembly (its problem texts), by the application name the host gives it; none when it cannot be loaded.</summary>
    private static IEnumerable<System.Reflection.Assembly> ServiceAssembly(string applicationName)
    {
        try
        {
            return [System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(applicationName))];
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>API JSON: camelCase, enums as lower-case (kebab) strings, instants as UTC with six fractional digits (decision 0017).</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new StarPlatform.Http.UtcTimestampConverter());
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                // Each metric stream preallocates room for its cardinality limit (2,000 points by
                // default, ~140 KB): with ~90 streams that was 13 MB of every service's heap. Our
                // streams have a few dozen tag combinations at most (routes × status codes).
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = 200 })
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                // Ours: StarPlatform.Messaging (outbox, relay, inbox) and each service's business meter.
                .AddMeter("StarPlatform.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource(MessagingTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => Traced(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            // The exporters' own HttpClient, not one from the factory: through the factory they got the
            // standard resilience handler every client gets (ConfigureHttpClientDefaults above), and on
            // a stop the final export waited ~5 s in it after the host had stopped — every service,
            // the gateway and the console took 6.6 s to end on SIGTERM, 1.7 s with this.
            builder.Services.ConfigureAll<OpenTelemetry.Exporter.OtlpExporterOptions>(o =>
                o.HttpClientFactory = () => new HttpClient { Timeout = TimeSpan.FromMilliseconds(o.TimeoutMilliseconds) });
        }

        return builder;
    }

    /// <summary>
    /// Whether a request gets a span: not the probes, and not a Blazor circuit's own traffic
    /// (<c>…/_blazor</c>: negotiation, the connection, and with long polling every message, i.e. every
    /// keystroke), in the console and in the gateway that forwards it (<c>/console/_blazor</c>).
    /// </summary>
    public static bool Traced(PathString path)
    {
        var value = path.Value ?? "";
        var circuit = value.EndsWith(BlazorCircuit, StringComparison.Ordinal) || value.Contains(BlazorCircuit + "/", StringComparison.Ordinal);
        return !circuit && !path.StartsWithSegments(HealthEndpointPath) && !path.StartsWithSegments(AlivenessEndpointPath);
    }

    private const string BlazorCircuit = "/_blazor";

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Each probe's result is not logged (the health service logs every Unhealthy probe as an Error,
        // every few seconds while a database starts or a backend is down); a change is, once (HealthChanges).
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthChanges>();
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(5);
            o.Period = TimeSpan.FromSeconds(10);
        });
        // The database, broker and outbox checks join in AddServiceDatabase and AddServiceMessaging.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // The writer also sets the status code: 503 for a Degraded dependency (the broker away), 200 for
        // a Degraded informational check (the outbox backlog).
        builder.Services.Configure<HealthCheckOptions>(o => o.ResponseWriter = ServiceHealth.WriteAsync);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: ready — the database and broker checks pass (503 otherwise); the JSON names every
    /// check, the outbox backlog too. <c>/alive</c>: the process
    /// answers. Mapped in every environment: orchestrators need them in production too.
    /// </summary>
    /// <param name="checkText">Refuse control characters in the query and body (<see cref="StarPlatform.Http.TextChecks"/>); off for a proxy, whose backends check their own input.</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool checkText = true)
    {
        // Unhandled errors and bare status codes leave as RFC 9457 problem details.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Over-long URIs and headers as problems, not Kestrel's empty 414/431.
        StarPlatform.Http.RequestLimits.UseRequestLimits(app);
        if (checkText)
        {
            StarPlatform.Http.TextChecks.UseTextChecks(app);
        }

        // A domain service's public reads: ETag from the content, 304 on If-None-Match.
        if (app.Services.GetService<StarPlatform.Http.Caching.PublicReadValidators>() is not null)
        {
            StarPlatform.Http.Caching.UsePublicReadValidators(app);
        }

        // Probes answer whatever authorization or rate limits the host applies to everything else.
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
            {
                Predicate = r => r.Tags.Contains(LiveTag),
                ResponseWriter = ServiceHealth.WriteAsync,
            })
            .AllowAnonymous().DisableRateLimiting();
        // Admin only: list and replay the service's dead-lettered messages (docs/operations.md, Runbook).
        app.MapDeadLetterEndpoints();
        return app;
    }
}
