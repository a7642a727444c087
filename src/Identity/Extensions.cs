using Microsoft.Extensions.Options;
using StarPlatform.OpenApi;
using OpenIddict.Server;
using StarPlatform.Identity.Data;
using StarPlatform.Identity.Keys;
using StarPlatform.Identity.Model;

namespace StarPlatform.Identity;

public static class Extensions
{
    /// <summary>
    /// The OpenID Connect / OAuth 2.0 server: client credentials everywhere; authorization code
    /// with PKCE where a person can sign in (today the Development sign-in only). Access tokens
    /// are signed, unencrypted JWTs for the audience <c>starplatform-api</c>. Also the directory of
    /// people (<c>/api/identity/people</c>), whose changes are announced through the outbox.
    /// </summary>
    public static IHostApplicationBuilder AddIdentityServices(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.AddServiceDatabase<IdentityDbContext>("identity-db");
        // Changes to the directory of people leave through the outbox (PersonChanged); nothing is consumed.
        builder.AddServiceMessaging<IdentityDbContext>("identity");
        // The directory's read API takes the suite's access tokens like every other service's.
        builder.AddServiceAuthentication();
        builder.AddApiDocument();
        builder.Services.AddApiText(Apis.PeopleApi.Text);
        builder.Services.AddOptions<IdentityServerSettings>()
            .BindConfiguration(IdentityServerSettings.Section)
            .Validate(s => !IdentityServerSettings.Problems(s).Any(), "Identity settings are incomplete: Identity:Issuer and Identity:KeysPath")
            .ValidateOnStart();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                // Validators are plain JWT bearer handlers in every service.
                server.DisableAccessTokenEncryption();
                // The discovery document lists the addresses clients use: under the issuer (the gateway).
                server.AddEventHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>(handler => handler
                    .UseInlineHandler(PublishPublicEndpoints)
                    .SetOrder(OpenIddictServerHandlers.Discovery.AttachEndpoints.Descriptor.Order + 1)
                    .SetType(OpenIddictServerHandlerType.Custom));
                var aspNetCore = server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // TLS ends in front of the gateway; the hop to this service is plain HTTP.
                    .DisableTransportSecurityRequirement();
                if (development)
                {
                    server.SetAuthorizationEndpointUris("connect/authorize");
                    server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                    aspNetCore.EnableAuthorizationEndpointPassthrough();
                }
            });
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerCredentials>();
        builder.Services.AddHostedService<TokenPruning>();
        if (development)
        {
            builder.Services.AddHostedService<DevelopmentClientSeeder>();
        }

        return builder;
    }

    private static ValueTask PublishPublicEndpoints(OpenIddictServerEvents.HandleConfigurationRequestContext context)
    {
        Uri? Public(Uri? endpoint) => PublicAddresses.Rebase(endpoint, context.BaseUri, context.Issuer);
        context.AuthorizationEndpoint = Public(context.AuthorizationEndpoint);
        context.TokenEndpoint = Public(context.TokenEndpoint);
        context.JsonWebKeySetEndpoint = Public(context.JsonWebKeySetEndpoint);
        context.IntrospectionEndpoint = Public(context.IntrospectionEndpoint);
        context.RevocationEndpoint = Public(context.RevocationEndpoint);
        context.UserInfoEndpoint = Public(context.UserInfoEndpoint);
        context.EndSessionEndpoint = Public(context.EndSessionEndpoint);
        context.DeviceAuthorizationEndpoint = Public(context.DeviceAuthorizationEndpoint);
        context.PushedAuthorizationEndpoint = Public(context.PushedAuthorizationEndpoint);
        return ValueTask.CompletedTask;
    }
}
