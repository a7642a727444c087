using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
using StarPlatform.Registry.Data;
using StarPlatform.Testing;

namespace StarPlatform.Registry.Tests;

/// <summary>
/// The registry API in-process (WebApplicationFactory) on real PostgreSQL and RabbitMQ
/// (<see cref="LocalInfrastructure"/>), started once for all service tests, its database made by
/// its own migrations. Tokens are real JWTs signed by a test key that the service's JwtBearer
/// validation is pointed at (issuer, audience, type and signature are all checked). The outbox
/// relay is left out so each test can read the events a change wrote (delivery itself is proven
/// in Messaging.Tests and the suite).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string Issuer = "http://identity.registry.test/";
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "registry-tests" };
    private WebApplicationFactory<Program>? _factory;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("registry");
        // Read by the service's Program before the factory's own configuration would apply.
        Environment.SetEnvironmentVariable("ConnectionStrings__registry-db", ConnectionString);
        Environment.SetEnvironmentVariable("ConnectionStrings__messaging", Infrastructure.RabbitMqUri.ToString());
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(_key);
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            });
            var relay = services.Single(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationType?.Name.StartsWith("OutboxRelay", StringComparison.Ordinal) == true);
            services.Remove(relay);
        }));

        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Infrastructure.DisposeAsync();
    }

    /// <summary>The API without a token.</summary>
    public HttpClient Anonymous() => _factory!.CreateClient();

    /// <summary>The API with a token for one role (admin by default).</summary>
    public HttpClient As(string role = "admin", string? subject = null)
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject ?? Guid.NewGuid().ToString()));
        return client;
    }

    public string Token(string role, string subject) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "starplatform-api",
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role), new Claim("client_id", $"test-{role}")]),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
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

    /// <summary>
    /// Everything a request could write: units of each kind, idempotency records, and outbox rows
    /// ever numbered. A refused request leaves all of it as it was.
    /// </summary>
    public async Task<string> WrittenAsync() => string.Join(", ",
        $"centers={await ScalarAsync("select count(*) from centers")}",
        $"windows={await ScalarAsync("select count(*) from windows")}",
        $"outlets={await ScalarAsync("select count(*) from outlets")}",
        $"revisions={await ScalarAsync("select coalesce(sum(revision), 0) from centers") + await ScalarAsync("select coalesce(sum(revision), 0) from windows") + await ScalarAsync("select coalesce(sum(revision), 0) from outlets")}",
        $"keys={await ScalarAsync("select count(*) from idempotency_records")}",
        $"outbox={await ScalarAsync("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence_number')), 0)")}");

    /// <summary>The events written to the outbox after sequence number <paramref name="after"/>: (type, JSON body).</summary>
    public async Task<List<(string Type, string Body)>> EventsAfterAsync(long after)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select message_type, body::text from outbox_message where sequence_number > $1 order by sequence_number", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetString(1)));
        }

        return events;
    }

    public Task<long> OutboxPositionAsync() =>
        ScalarAsync("select coalesce(max(sequence_number), 0) from outbox_message");
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
