using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace StarPlatform.Testing;

/// <summary>
/// A service hosted in-process (WebApplicationFactory) on real PostgreSQL and RabbitMQ, for
/// service tests. Tokens are real JWTs signed by a test key that the service's JwtBearer
/// validation is pointed at (issuer, audience, type and signature are all still checked). The
/// outbox relay is left out by default, so a test can read the events a request wrote.
/// </summary>
public sealed class InProcessService<TProgram> : IAsyncDisposable where TProgram : class
{
    public const string Issuer = "http://identity.tests/";
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "service-tests" };
    private readonly WebApplicationFactory<TProgram> _factory;

    /// <param name="settings">configuration for the service, e.g. its connection strings</param>
    /// <param name="withRelay">keep the outbox relay running (messages really leave)</param>
    /// <param name="configure">anything else a test needs of the host (logging, services to leave out)</param>
    public InProcessService(IReadOnlyDictionary<string, string> settings, bool withRelay = false, Action<IWebHostBuilder>? configure = null)
    {
        _factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services =>
            {
                if (!withRelay)
                {
                    foreach (var relay in services.Where(d => d.ServiceType == typeof(IHostedService)
                                 && d.ImplementationType?.Name.StartsWith("OutboxRelay", StringComparison.Ordinal) == true).ToList())
                    {
                        services.Remove(relay);
                    }
                }

                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                {
                    var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                    configuration.SigningKeys.Add(_key);
                    options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
                });
            });
            web.ConfigureLogging(logging => logging.AddProvider(Logs));
            configure?.Invoke(web);
        });
    }

    /// <summary>What the service logged (Information and above).</summary>
    public CollectedLogs Logs { get; } = new();

    /// <summary>The connection settings a StarPlatform service reads: its database and the broker.</summary>
    public static Dictionary<string, string> Connections(string database, string connectionString, LocalInfrastructure infrastructure) => new()
    {
        [$"ConnectionStrings:{database}"] = connectionString,
        ["ConnectionStrings:messaging"] = infrastructure.RabbitMqUri.ToString(),
    };

    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts the host (the first request would do it too).</summary>
    public void Start() => _ = _factory.Server;

    /// <summary>A client without a token, or with a token holding <paramref name="role"/> (and <paramref name="claims"/>, e.g. an applicant's <c>unit_id</c>).</summary>
    public HttpClient Client(string? role = null, string? subject = null, IReadOnlyDictionary<string, string>? claims = null)
    {
        var client = _factory.CreateClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject, claims));
        }

        return client;
    }

    /// <summary>An access token as Identity issues them: issuer, audience, type, sub, role, client_id, and any <paramref name="claims"/>.</summary>
    public string Token(string role, string? subject = null, IReadOnlyDictionary<string, string>? claims = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "starplatform-api",
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([
                new Claim("sub", subject ?? Guid.NewGuid().ToString()),
                new Claim("role", role),
                new Claim("client_id", $"test-{role}"),
                .. (claims ?? new Dictionary<string, string>()).Select(c => new Claim(c.Key, c.Value))]),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
