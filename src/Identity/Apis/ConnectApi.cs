using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using StarPlatform.Identity.Model;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StarPlatform.Identity.Apis;

/// <summary>
/// The two OpenIddict endpoints that decide who a token is for. OpenIddict has already
/// authenticated the client and validated the request when a handler runs.
/// </summary>
public static class ConnectApi
{
    public static WebApplication MapConnectApi(this WebApplication app)
    {
        app.MapPost("/connect/token", Exchange).ExcludeFromDescription();
        if (app.Environment.IsDevelopment())
        {
            app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// Client credentials: a token for the actor the client is bound to. Authorization code:
    /// the identity that signed in when the code was issued.
    /// </summary>
    public static async Task<IResult> Exchange(HttpContext http, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
            var actor = application is null ? null : Actor.FromProperties(await applications.GetPropertiesAsync(application, ct));
            if (actor is null)
            {
                return Refuse(Errors.UnauthorizedClient, "This client acts for no one: it has no roles.");
            }

            return SignIn(ActorIdentity.Create(actor, request.ClientId!, request.GetScopes()));
        }

        if (request.IsAuthorizationCodeGrantType())
        {
            var signedIn = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return signedIn.Principal?.Identity is ClaimsIdentity identity
                ? SignIn(identity)
                : Refuse(Errors.InvalidGrant, "The authorization code is no longer valid.");
        }

        return Refuse(Errors.UnsupportedGrantType, "Only client credentials and authorization code are supported.");
    }

    /// <summary>
    /// Development sign-in: <c>login_hint</c> names a Development account (a Development
    /// client's id) and the code is issued for that actor at once. Without <c>login_hint</c>, a
    /// page lists the Development accounts (one button per account) and asks again with the one chosen.
    /// </summary>
    public static async Task<IResult> Authorize(
        HttpContext http, IOpenIddictApplicationManager applications, IOptions<IdentityServerSettings> settings, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (string.IsNullOrEmpty(request.LoginHint))
        {
            // No account named yet: the Development sign-in page, which asks the same request again with one.
            return Results.Content(DevelopmentSignInPage.Render(AuthorizationParameters(http), request.UiLocales), "text/html; charset=utf-8");
        }

        var account = DevelopmentClients.Find(request.LoginHint);
        var application = account is null ? null : await applications.FindByClientIdAsync(account.ClientId, ct);
        var actor = application is null ? null : Actor.FromProperties(await applications.GetPropertiesAsync(application, ct));
        if (account is null || actor is null)
        {
            return Refuse(Errors.LoginRequired,
                $"Name a Development account in login_hint ({string.Join(", ", DevelopmentClients.All.Select(c => c.ClientId))}).");
        }

        return SignIn(ActorIdentity.Create(actor, account.ClientId, request.GetScopes()));
    }

    /// <summary>The authorization request's own parameters (query or form), to be asked again with <c>login_hint</c>.</summary>
    private static IEnumerable<KeyValuePair<string, string>> AuthorizationParameters(HttpContext http)
    {
        var source = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
            ? http.Request.Form.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? "")))
            : http.Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? "")));
        return source.Where(p => p.Key != Parameters.LoginHint);
    }

    private static IResult SignIn(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
