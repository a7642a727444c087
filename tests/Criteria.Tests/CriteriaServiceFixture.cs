using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using StarPlatform.Criteria.Data;
using StarPlatform.Testing;

namespace StarPlatform.Criteria.Tests;

/// <summary>
/// The criteria service hosted in-process against real PostgreSQL and RabbitMQ, migrated and
/// seeded the way its migrate step does it. Tokens are signed with a test key the service is
/// told to trust instead of the identity server's. The outbox relay is left out, so the outbox
/// rows a request writes stay in the table for the tests to read.
/// </summary>
public sealed class CriteriaServiceFixture : IAsyncLifetime
{
    private const string Issuer = "http://identity.criteria.test/";
    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "criteria-tests" };
    private WebApplicationFactory<Program>? _factory;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("criteria");
        await using (var db = NewDbContext())
        {
            await db.Database.MigrateAsync();
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:criteria-db", ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", Infrastructure.RabbitMqUri.ToString());
            web.ConfigureTestServices(services =>
            {
                foreach (var relay in services.Where(d => d.ServiceType == typeof(IHostedService)
                             && d.ImplementationType?.Name.StartsWith("OutboxRelay", StringComparison.Ordinal) == true).ToList())
                {
                    services.Remove(relay);
                }

                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                {
                    var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                    configuration.SigningKeys.Add(_signingKey);
                    options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
                });
            });
        });
        _ = _factory.Server;
        await CatalogSeed.LoadAsync(_factory.Services);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Infrastructure.DisposeAsync();
    }

    public CriteriaDbContext NewDbContext() => new(new DbContextOptionsBuilder<CriteriaDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>A client without a token, or with a token holding <paramref name="role"/>.</summary>
    public HttpClient Client(string? role = null)
    {
        var client = _factory!.CreateClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
        }

        return client;
    }

    /// <summary>Everything the catalog stores (sets, versions with their row versions, categories, items, outbox), as one string.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select coalesce(string_agg(x, E'\n' order by x), '') from (
              select 's ' || s::text as x from criteria_sets s
              union all select 'v ' || v::text || ' xmin=' || v.xmin::text from criteria_versions v
              union all select 'c ' || c::text from criteria_categories c
              union all select 'i ' || i::text from criteria_items i
              union all select 'o ' || o::text from outbox_message o) rows
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private string Token(string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "starplatform-api",
        TokenType = "at+jwt",
        Expires = DateTime.UtcNow.AddMinutes(30),
        Subject = new ClaimsIdentity([new Claim("sub", $"tests-{role}"), new Claim("role", role), new Claim("client_id", "criteria-tests")]),
        SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
    });
}

[CollectionDefinition(Name)]
public sealed class CriteriaServiceCollection : ICollectionFixture<CriteriaServiceFixture>
{
    public const string Name = "criteria-service";
}
