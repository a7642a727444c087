using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;
using StarPlatform.Gateway.Access;

namespace StarPlatform.Gateway;

public static class Extensions
{
    /// <summary>The backend services behind the gateway; each serves its OpenAPI document at /openapi/v1.json.</summary>
    public static readonly string[] Services = ["registry", "criteria", "scoring", "complaints", "awards", "identity", "ratings"];

    /// <summary>Largest request body the gateway forwards.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// YARP with the route table of <c>appsettings.json</c> (each route names its authorization
    /// policy: <c>anonymous</c> for public reads, a role policy otherwise; a route must name one),
    /// token validation, rate limits, body size cap and CORS for the portal.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddBackendHealth(builder.Services);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        // Every route names its policy (RouteTableTests holds the table to it), so there is no
        // fallback policy: a path no route serves is 404 with or without a token, not 401.
        builder.AddServiceAuthentication();
        builder.Services.AddGatewayRateLimits(
            builder.Configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings());

        var portalOrigins = (builder.Configuration["Gateway:PortalOrigin"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(portalOrigins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Location", "ETag", "Retry-After", QuotaHeaders.Policy, QuotaHeaders.Limit)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }

    /// <summary>
    /// CORS first (a preflight carries no token), then the token, then the rate limits (which
    /// partition by the token's client; their headers are written as the answer starts), then the route's policy.
    /// </summary>
    public static WebApplication UseGatewayAccess(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseQuotaHeaders();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// <c>/openapi</c> lists every service's document (proxied from the service at
    /// <c>/openapi/{service}.json</c>); <c>/api-reference</c> is a browsable reference of all of them.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapGet("/openapi", () => TypedResults.Ok(
                Services.Select(s => new OpenApiDocumentLink(s, $"/openapi/{s}.json")).ToArray()))
            .WithName("OpenApiIndex")
            .AllowAnonymous();
        app.MapScalarApiReference("/api-reference", options =>
        {
            options.WithTitle("StarPlatform API");
            foreach (var service in Services)
            {
                options.AddDocument(service, service, $"/openapi/{service}.json");
            }
        }).AllowAnonymous();
        return app;
    }
}

public sealed record OpenApiDocumentLink(string Service, string Url);
