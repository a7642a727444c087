using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace StarPlatform.OperatorConsole.SignIn;

/// <summary>
/// Sign-in with authorization code + PKCE at Identity (through the gateway): <c>/signin</c> sends
/// the browser to <c>/connect/authorize</c> with a fresh verifier's challenge, <c>/signin-callback</c>
/// redeems the code with that verifier and keeps the access token in the sign-in cookie.
/// </summary>
public static class SignInApi
{
    private const string PendingCookie = "star-console-signin";
    private const string Purpose = "StarPlatform.Console.SignIn.v1";

    public static WebApplication MapSignIn(this WebApplication app)
    {
        app.MapGet("/signin", Start).AllowAnonymous();
        app.MapGet("/signin-callback", Complete).AllowAnonymous();
        app.MapGet("/signout", SignOut).AllowAnonymous();
        app.MapGet("/culture", SetCulture).AllowAnonymous();
        return app;
    }

    /// <summary>A pending sign-in: the PKCE verifier, the state echoed back and where to go after.</summary>
    private sealed record Pending(string Verifier, string State, string ReturnUrl);

    public static IResult Start(HttpContext http, IOptions<ConsoleSettings> options, IDataProtectionProvider protection, string? returnUrl = null)
    {
        var settings = options.Value;
        var pending = new Pending(Random(32), Random(16), LocalOnly(returnUrl));
        var protector = protection.CreateProtector(Purpose);
        http.Response.Cookies.Append(PendingCookie,
            protector.Protect(System.Text.Json.JsonSerializer.Serialize(pending)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = ConsoleSettings.PathBase, MaxAge = TimeSpan.FromMinutes(10) });
        var challenge = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(pending.Verifier)));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = settings.ClientId,
            ["redirect_uri"] = settings.CallbackUri.AbsoluteUri,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = pending.State,
            ["ui_locales"] = System.Globalization.CultureInfo.CurrentUICulture.Name,
        };
        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(settings.AuthorizeUri.AbsoluteUri, query));
    }

    public static async Task<IResult> Complete(
        HttpContext http, IOptions<ConsoleSettings> options, IDataProtectionProvider protection, TokenClient tokens,
        string? code = null, string? state = null, string? error = null)
    {
        var settings = options.Value;
        Pending? pending = null;
        if (http.Request.Cookies.TryGetValue(PendingCookie, out var sealedPending))
        {
            try
            {
                pending = System.Text.Json.JsonSerializer.Deserialize<Pending>(protection.CreateProtector(Purpose).Unprotect(sealedPending));
            }
            catch (CryptographicException)
            {
            }
        }

        http.Response.Cookies.Delete(PendingCookie, new CookieOptions { Path = ConsoleSettings.PathBase });
        if (error is not null || code is null || pending is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(state ?? ""), Encoding.ASCII.GetBytes(pending.State)))
        {
            return Results.Redirect($"{ConsoleSettings.PathBase}/?signin=failed");
        }

        var accessToken = await tokens.RedeemAsync(code, pending.Verifier, settings, http.RequestAborted);
        if (accessToken is null)
        {
            return Results.Redirect($"{ConsoleSettings.PathBase}/?signin=failed");
        }

        var token = new JsonWebToken(accessToken);
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ConsoleClaims.Name, ConsoleClaims.Role);
        identity.AddClaim(new Claim(ConsoleClaims.Subject, token.Subject));
        identity.AddClaim(new Claim(ConsoleClaims.Name, token.Subject));
        foreach (var role in token.Claims.Where(c => c.Type == "role"))
        {
            identity.AddClaim(new Claim(ConsoleClaims.Role, role.Value));
        }

        identity.AddClaim(new Claim(ConsoleClaims.AccessToken, accessToken));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = token.ValidTo.AddMinutes(-1), IsPersistent = false });
        return Results.Redirect(ConsoleSettings.PathBase + pending.ReturnUrl);
    }

    public static async Task<IResult> SignOut(HttpContext http, CancellationToken ct)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect($"{ConsoleSettings.PathBase}/");
    }

    /// <summary>The language switch: a culture cookie, then back to the page.</summary>
    public static IResult SetCulture(HttpContext http, string? culture = null, string? returnUrl = null)
    {
        var chosen = Extensions.Cultures.FirstOrDefault(c => c.Name == culture) ?? Extensions.Cultures[0];
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Path = ConsoleSettings.PathBase, MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax });
        return Results.Redirect(ConsoleSettings.PathBase + LocalOnly(returnUrl));
    }

    /// <summary>A path inside the console (never another site), without the path base.</summary>
    internal static string LocalOnly(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal))
        {
            return "/";
        }

        return returnUrl.StartsWith(ConsoleSettings.PathBase + "/", StringComparison.OrdinalIgnoreCase) || returnUrl == ConsoleSettings.PathBase
            ? returnUrl[ConsoleSettings.PathBase.Length..] is { Length: > 0 } rest ? rest : "/"
            : returnUrl;
    }

    private static string Random(int bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}

/// <summary>Claims of the console's sign-in cookie.</summary>
public static class ConsoleClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string AccessToken = "access_token";

    public static string? AccessTokenOf(ClaimsPrincipal user) => user.FindFirst(AccessToken)?.Value;

    public static Guid? ActorOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirst(Subject)?.Value, out var id) ? id : null;
}

/// <summary>Redeems an authorization code at the token endpoint (through the gateway).</summary>
public sealed class TokenClient(HttpClient http, ILogger<TokenClient> logger)
{
    public async Task<string?> RedeemAsync(string code, string verifier, ConsoleSettings settings, CancellationToken ct)
    {
        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = settings.ClientId,
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = settings.CallbackUri.AbsoluteUri,
        }), ct);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("The authorization code was refused: {Status}", (int)response.StatusCode);
            return null;
        }

        using var body = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return body.RootElement.TryGetProperty("access_token", out var token) ? token.GetString() : null;
    }
}
