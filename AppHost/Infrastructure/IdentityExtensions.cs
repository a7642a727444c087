using Microsoft.Extensions.Configuration;

namespace StarPlatform.AppHost.Infrastructure;

public static class IdentityExtensions
{
    /// <summary>
    /// The identity server: a StarPlatform service whose tokens name the gateway's public URL as
    /// issuer (<c>STAR_PUBLIC_URL</c>, by default the gateway on localhost) and whose signing
    /// keys live in the state folder, so they survive restarts. It keeps the directory of people and
    /// announces its changes on the bus (so it has a broker and a migrate step that declares topology).
    /// <c>STAR_DEV_APPLICANT_UNIT_ID</c> binds the Development applicant to a unit.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddIdentityServer(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, StarInfrastructure infrastructure)
    {
        var identity = builder.AddStarService<Projects.Identity_Api>("identity", infrastructure);
        foreach (var copy in identity.EveryCopy())
        {
            copy.WithEnvironment("Identity__Issuer", PublicUrl(builder.Configuration, settings))
                .WithEnvironment("Identity__KeysPath", Path.Combine(settings.StateDir, "identity-keys"));
            // The directory of people takes the suite's access tokens: the keys are its own, read from itself.
            copy.WithEnvironment("Authentication__Authority", copy.GetEndpoint("http"));
            if (builder.Configuration["STAR_DEV_APPLICANT_UNIT_ID"] is { Length: > 0 } unitId)
            {
                copy.WithEnvironment("Identity__Development__ApplicantUnitId", unitId);
            }
        }

        return identity;
    }

    /// <summary>The URL clients use: the issuer of every token.</summary>
    public static string PublicUrl(IConfiguration configuration, InfrastructureSettings settings) =>
        configuration["STAR_PUBLIC_URL"] is { Length: > 0 } url ? url : $"http://localhost:{settings.GatewayPort}/";
}
