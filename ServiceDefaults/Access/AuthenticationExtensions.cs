using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using StarPlatform.Access;

namespace Microsoft.Extensions.Hosting;

/// <summary>Token validation and the role policies, the same in the gateway and every service.</summary>
public static class AuthenticationExtensions
{
    /// <summary>Where the identity server answers inside the suite (service discovery resolves the name).</summary>
    public const string DefaultAuthority = "http://identity-api/";

    private const string BackchannelClient = "identity-metadata";

    /// <summary>
    /// Validates bearer tokens issued by the Identity service: signature against its published
    /// keys (read through service discovery), issuer from its discovery document, audience
    /// <c>starplatform-api</c>, lifetime, and the <c>at+jwt</c> type (an identity token is not an
    /// access token). Roles come from the <c>role</c> claim; every policy of
    /// <see cref="Policies"/> is registered. 401 and 403 leave as problem details.
    /// A validated token is remembered for up to a minute (<see cref="ValidatedTokenCache"/>).
    /// Configuration: <c>Authentication:Authority</c>, <c>Authentication:Audience</c>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceAuthentication(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Authentication");
        var authority = new Uri(section["Authority"] is { Length: > 0 } configured ? configured : DefaultAuthority);
        var audience = section["Audience"] is { Length: > 0 } aud ? aud : StarClaims.Audience;

        builder.Services.AddHttpClient(BackchannelClient);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, httpClients) =>
            {
                var metadataAddress = new Uri(authority, ".well-known/openid-configuration").AbsoluteUri;
                var documents = new HttpDocumentRetriever(httpClients.CreateClient(BackchannelClient))
                {
                    // Inside the suite the hop to Identity is plain HTTP; clients reach it through the gateway.
                    RequireHttps = false,
                };
                options.MetadataAddress = metadataAddress;
                options.RequireHttpsMetadata = false;
                options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    metadataAddress, new OpenIdConnectConfigurationRetriever(), new AuthorityDocumentRetriever(documents, authority));
                options.Audience = audience;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = StarClaims.Subject;
                options.TokenValidationParameters.RoleClaimType = StarClaims.Role;
                options.TokenValidationParameters.ValidTypes = ["at+jwt"];
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = WriteChallengeAsync,
                    OnForbidden = WriteForbiddenAsync,
                };
                // The same token comes with every request of a client: validate it once a minute, not every time.
                for (var i = 0; i < options.TokenHandlers.Count; i++)
                {
                    if (options.TokenHandlers[i] is not ValidatedTokenCache)
                    {
                        options.TokenHandlers[i] = new ValidatedTokenCache(options.TokenHandlers[i], TimeProvider.System);
                    }
                }
            });
        builder.Services.AddAuthorizationBuilder().AddStarPolicies();
        return builder;
    }

    /// <summary>Why a token was refused, in words a client can act on.</summary>
    public static string DescribeFailure(Exception? failure) => failure switch
    {
        null => "The request has no bearer token.",
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "The token is not signed by the identity server.",
        SecurityTokenInvalidIssuerException => "The token comes from another issuer.",
        SecurityTokenInvalidAudienceException => "The token is not meant for this API.",
        SecurityTokenInvalidTypeException => "The token is not an access token.",
        _ => "The token is not valid.",
    };

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
            "Authentication is required.", DescribeFailure(context.AuthenticateFailure));
    }

    private static Task WriteForbiddenAsync(ForbiddenContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var roles = AllowedRoles(context.HttpContext);
        return roles.Count == 0
            ? WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed.", "The token's roles do not allow this request.")
            : WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed.",
                $"The token's roles do not allow this request; it is for: {string.Join(", ", roles)}.",
                new Dictionary<string, object?> { ["allowedRoles"] = roles });
    }

    /// <summary>The roles the endpoint's policies admit (any one of them), so a 403 says who may.</summary>
    private static List<string> AllowedRoles(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
            .SelectMany(a => a.Policy is { } policy && Policies.RolesByPolicy.TryGetValue(policy, out var roles)
                ? roles
                : (IEnumerable<string>)(a.Roles?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? []))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];

    private static async Task WriteProblemAsync(HttpContext http, int status, string title, string detail,
        IDictionary<string, object?>? extensions = null)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() },
        });
    }
}
