using Scalar.AspNetCore;

namespace StarPlatform.Gateway;

public static class Extensions
{
    /// <summary>The backend services behind the gateway; each serves its OpenAPI document at /openapi/v1.json.</summary>
    public static readonly string[] Services = ["registry", "criteria", "scoring", "complaints", "awards"];

    /// <summary>Largest request body the gateway forwards.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>
    /// <c>/openapi</c> lists every service's document (proxied from the service at
    /// <c>/openapi/{service}.json</c>); <c>/api-reference</c> is a browsable reference of all of them.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapGet("/openapi", () => TypedResults.Ok(
                Services.Select(s => new OpenApiDocumentLink(s, $"/openapi/{s}.json")).ToArray()))
            .WithName("OpenApiIndex");
        app.MapScalarApiReference("/api-reference", options =>
        {
            options.WithTitle("StarPlatform API");
            foreach (var service in Services)
            {
                options.AddDocument(service, service, $"/openapi/{service}.json");
            }
        });
        return app;
    }
}

public sealed record OpenApiDocumentLink(string Service, string Url);
