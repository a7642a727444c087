using StarPlatform.Identity.Model;

namespace StarPlatform.Identity;

/// <summary>Configuration section <c>Identity</c>; the AppHost provides the issuer and the keys folder.</summary>
public sealed class IdentityServerSettings
{
    public const string Section = "Identity";

    /// <summary>The public URL clients reach the server at (the gateway's), and the <c>iss</c> of every token.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The folder holding the signing and encryption keys (PEM), kept across restarts.</summary>
    public string KeysPath { get; set; } = "";

    public DevelopmentSettings Development { get; set; } = new();

    internal static IEnumerable<string> Problems(IdentityServerSettings settings)
    {
        if (!Uri.TryCreate(settings.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("http" or "https")
            || issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            yield return "Identity:Issuer must be an absolute http(s) URL without query or fragment (the AppHost provides the gateway's URL).";
        }

        if (string.IsNullOrWhiteSpace(settings.KeysPath))
        {
            yield return "Identity:KeysPath must name the folder of the signing keys (the AppHost provides one in its state folder).";
        }
    }
}

/// <summary>What the Development seeding binds (<c>Identity:Development</c>).</summary>
public sealed class DevelopmentSettings
{
    /// <summary>The unit <c>dev-applicant</c> acts for; set it to a registered center's id.</summary>
    public Guid ApplicantUnitId { get; set; } = DevelopmentClients.DefaultApplicantUnitId;

    /// <summary>Where the browser console receives its authorization code; by default under the issuer.</summary>
    public string? ConsoleRedirectUri { get; set; }

    internal Uri ConsoleRedirect(Uri issuer) =>
        ConsoleRedirectUri is { Length: > 0 } uri ? new Uri(uri) : new Uri(issuer, "console/signin-callback");
}
