using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StarPlatform.Suite.Tests;

/// <summary>Tokens from <c>/connect/token</c> and <c>/connect/authorize</c>, and the tokens the suite refuses.</summary>
[Collection(SuiteCollection.Name)]
public class TokenTests(SuiteFixture suite)
{
    private const string Centers = "/api/registry/centers";

    public static TheoryData<string, string> DevelopmentClients => new()
    {
        { "dev-operator", "operator" },
        { "dev-discipline", "discipline" },
        { "dev-investigator", "investigator" },
        { "dev-applicant", "applicant" },
        { "dev-evaluator-1", "evaluator" },
        { "dev-evaluator-2", "evaluator" },
        { "dev-evaluator-3", "evaluator" },
        { "dev-secretary", "secretary" },
        { "dev-approver", "approver" },
        { "dev-admin", "admin" },
        { "dev-portal", "portal" },
        { "dev-rating-device", "rating-device" },
        { "dev-center-staff", "center-staff" },
    };

    [Theory]
    [MemberData(nameof(DevelopmentClients))]
    public async Task A_Development_client_gets_a_signed_token_for_its_role_and_actor(string clientId, string role)
    {
        var token = new JsonWebToken(await suite.TokenAsync(clientId));

        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(suite.PublicUrl, token.Issuer);
        Assert.Contains("starplatform-api", token.Audiences);
        Assert.Equal([role], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(clientId, token.GetClaim("client_id").Value);
        Assert.True(Guid.TryParse(token.Subject, out _), $"sub is the actor's id: {token.Subject}");
        Assert.Equal(role is "applicant" or "rating-device" or "center-staff", token.TryGetClaim("unit_id", out var unit) && Guid.TryParse(unit.Value, out _));
        Assert.InRange(token.ValidTo - DateTime.UtcNow, TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Every_Development_client_is_a_different_actor()
    {
        var subjects = new List<string>();
        foreach (var clientId in DevelopmentClients.Select(row => (string)row[0]))
        {
            subjects.Add(new JsonWebToken(await suite.TokenAsync(clientId)).Subject);
        }

        Assert.Equal(subjects.Count, subjects.Distinct().Count());
    }

    [Fact]
    public async Task A_wrong_client_secret_gets_no_token()
    {
        var response = await suite.Gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "dev-admin",
            ["client_secret"] = "dev-operator-secret",
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_discovery_document_is_public_and_names_the_gateway()
    {
        var discovery = await suite.Gateway.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal(suite.PublicUrl, discovery.GetProperty("issuer").GetString());
        Assert.Equal($"{suite.PublicUrl}connect/token", discovery.GetProperty("token_endpoint").GetString());
        var grants = discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToArray();
        Assert.Contains("client_credentials", grants);
        Assert.Contains("authorization_code", grants);
        var keys = await suite.Gateway.GetFromJsonAsync<JsonElement>(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery);
        Assert.NotEmpty(keys.GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task The_signing_key_is_the_one_kept_in_the_state_folder()
    {
        var published = await PublishedKeyIdAsync();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(SigningKeyFile));

        Assert.Equal(Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), published);
        Assert.Equal(published, new JsonWebToken(await suite.TokenAsync("dev-admin")).Kid);
    }

    [Fact]
    public async Task A_token_minted_with_the_servers_key_is_accepted_which_makes_the_refusals_below_meaningful()
    {
        var token = await MintAsync(ServerKey(), await PublishedKeyIdAsync(), DateTime.UtcNow.AddMinutes(10));

        var response = await PostCenterAsync(suite.Gateway, token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused_by_the_gateway_and_by_the_service()
    {
        using var stranger = RSA.Create(2048);
        var token = await MintAsync(new RsaSecurityKey(stranger), await PublishedKeyIdAsync(), DateTime.UtcNow.AddMinutes(10));

        await AssertRefusedAsync(token, "令牌不是由身份认证服务签发的。");
    }

    [Fact]
    public async Task An_expired_token_is_refused_by_the_gateway_and_by_the_service()
    {
        var token = await MintAsync(ServerKey(), await PublishedKeyIdAsync(), DateTime.UtcNow.AddMinutes(-10));

        await AssertRefusedAsync(token, "令牌已过期。");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = await MintAsync(ServerKey(), await PublishedKeyIdAsync(), DateTime.UtcNow.AddMinutes(10), audience: "another-api");

        await AssertRefusedAsync(token, "令牌不是发给本接口的。");
    }

    [Fact]
    public async Task A_signed_token_that_is_not_an_access_token_is_refused()
    {
        var token = await MintAsync(ServerKey(), await PublishedKeyIdAsync(), DateTime.UtcNow.AddMinutes(10), type: "JWT");

        await AssertRefusedAsync(token, "令牌不是访问令牌。");
    }

    [Fact]
    public async Task The_registry_itself_requires_the_admin_role_when_called_past_the_gateway()
    {
        using var registry = suite.App.CreateHttpClient("registry-api");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCenterAsync(registry, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostCenterAsync(registry, await suite.TokenAsync("dev-operator"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostCenterAsync(registry, await suite.TokenAsync("dev-admin"))).StatusCode);
        // Reads stay public at the service too: an unknown center is 404, not 401.
        Assert.Equal(HttpStatusCode.NotFound, (await registry.GetAsync($"{Centers}/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_person_signs_in_with_authorization_code_and_PKCE_and_acts_in_the_accounts_role()
    {
        using var browser = BrowserClient();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var redirectUri = $"{suite.PublicUrl}console/signin-callback";

        var authorize = await browser.GetAsync(AuthorizeUri(redirectUri, Challenge(verifier), loginHint: "dev-admin"));

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!;
        Assert.StartsWith(redirectUri, location.AbsoluteUri);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("suite-state", query["state"]);
        var code = query["code"]!;

        var withoutVerifier = await RedeemAsync(browser, code, redirectUri, verifier: null);
        Assert.Equal(HttpStatusCode.BadRequest, withoutVerifier.StatusCode);

        var authorizeAgain = await browser.GetAsync(AuthorizeUri(redirectUri, Challenge(verifier), loginHint: "dev-admin"));
        var secondCode = System.Web.HttpUtility.ParseQueryString(authorizeAgain.Headers.Location!.Query)["code"]!;
        var redeemed = await RedeemAsync(browser, secondCode, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var accessToken = (await redeemed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var token = new JsonWebToken(accessToken);
        Assert.Equal("admin", token.GetClaim("role").Value);
        Assert.Equal(new JsonWebToken(await suite.TokenAsync("dev-admin")).Subject, token.Subject);
        Assert.Equal(HttpStatusCode.Created, (await PostCenterAsync(suite.Gateway, accessToken)).StatusCode);

        var replayed = await RedeemAsync(browser, secondCode, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_or_without_a_known_account_gets_no_code()
    {
        using var browser = BrowserClient();
        var redirectUri = $"{suite.PublicUrl}console/signin-callback";

        var withoutPkce = await browser.GetAsync(
            $"/connect/authorize?response_type=code&client_id=dev-console&redirect_uri={Uri.EscapeDataString(redirectUri)}&state=s&login_hint=dev-admin");
        var unknownAccount = await browser.GetAsync(AuthorizeUri(redirectUri, Challenge("x-verifier-x-verifier-x-verifier-x-verifier"), loginHint: "someone"));

        Assert.Equal(HttpStatusCode.BadRequest, withoutPkce.StatusCode);
        Assert.Contains("code_challenge", await withoutPkce.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, unknownAccount.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(unknownAccount.Headers.Location!.Query);
        Assert.Null(query["code"]);
        Assert.Equal("login_required", query["error"]);
    }

    private string SigningKeyFile => Path.Combine(suite.StateDir, "identity-keys", "signing.pem");

    private RsaSecurityKey ServerKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(SigningKeyFile));
        return new RsaSecurityKey(rsa);
    }

    private async Task<string> PublishedKeyIdAsync()
    {
        var keys = await suite.Gateway.GetFromJsonAsync<JsonElement>("/.well-known/jwks");
        return keys.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("use").GetString() == "sig").GetProperty("kid").GetString()!;
    }

    /// <summary>An admin access token like the server's, signed with <paramref name="key"/>.</summary>
    private async Task<string> MintAsync(
        SecurityKey key, string keyId, DateTime expires, string audience = "starplatform-api", string type = "at+jwt")
    {
        key.KeyId = keyId;
        var admin = new JsonWebToken(await suite.TokenAsync("dev-admin"));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = suite.PublicUrl,
            Audience = audience,
            TokenType = type,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = admin.Subject,
                ["client_id"] = "dev-admin",
                ["role"] = "admin",
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task AssertRefusedAsync(string token, string reason)
    {
        using var registry = suite.App.CreateHttpClient("registry-api");
        foreach (var client in new[] { suite.Gateway, registry })
        {
            var response = await PostCenterAsync(client, token);
            var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal(reason, problem.GetProperty("detail").GetString());
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        }
    }

    private static async Task<HttpResponseMessage> PostCenterAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Centers) { Content = JsonContent.Create(TestData.County()) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private HttpClient BrowserClient() => new(new HttpClientHandler { AllowAutoRedirect = false })
    {
        BaseAddress = suite.App.GetEndpoint("gateway", "http"),
    };

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));

    private static string AuthorizeUri(string redirectUri, string challenge, string loginHint) =>
        "/connect/authorize?response_type=code&client_id=dev-console"
        + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&code_challenge={challenge}&code_challenge_method=S256"
        + $"&state=suite-state&login_hint={loginHint}";

    private static Task<HttpResponseMessage> RedeemAsync(HttpClient client, string code, string redirectUri, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "dev-console",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }
}
