namespace StarPlatform.OperatorConsole;

/// <summary>Where the console finds the gateway and who it signs people in as (<c>Console</c> section).</summary>
public sealed class ConsoleSettings
{
    public const string Section = "Console";

    /// <summary>The path the gateway serves the console under.</summary>
    public const string PathBase = "/console";

    /// <summary>The gateway as this server reaches it (API calls and the token endpoint).</summary>
    public string Gateway { get; set; } = "http://localhost:5080/";

    /// <summary>The gateway as browsers reach it: the token issuer, where the sign-in page and the callback are.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080/";

    /// <summary>The public client (authorization code with PKCE) registered at Identity.</summary>
    public string ClientId { get; set; } = "dev-console";

    /// <summary>Data Protection keys (the sign-in cookie); empty: the default per-user folder.</summary>
    public string KeysPath { get; set; } = "";

    /// <summary>
    /// Lets a page throw on request (<c>?fault=submit</c> on 登记来电) so the browser tests can see an
    /// unexpected exception kept from the circuit; off unless set.
    /// </summary>
    public bool FaultInjection { get; set; }

    public Uri CallbackUri => new(new Uri(WithSlash(PublicUrl)), "console/signin-callback");

    public Uri AuthorizeUri => new(new Uri(WithSlash(PublicUrl)), "connect/authorize");

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
