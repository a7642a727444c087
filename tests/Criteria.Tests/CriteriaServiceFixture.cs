using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
    private InProcessService<Program>? _service;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _service!.Services;

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("criteria");
        await using (var db = NewDbContext())
        {
            await db.Database.MigrateAsync();
        }

        _service = new InProcessService<Program>(InProcessService<Program>.Connections("criteria-db", ConnectionString, Infrastructure));
        _service.Start();
        await CatalogSeed.LoadAsync(_service.Services);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await Infrastructure.DisposeAsync();
    }

    public CriteriaDbContext NewDbContext() => new(new DbContextOptionsBuilder<CriteriaDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>A client without a token, or with a token holding <paramref name="role"/>.</summary>
    public HttpClient Client(string? role = null) => _service!.Client(role, role is null ? null : $"tests-{role}");

    /// <summary>Everything the catalog stores (sets, versions with their row versions, categories, items, schemes, outbox, idempotency keys), as one string.</summary>
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
              union all select 'o ' || o::text from outbox_message o
              union all select 'p ' || p::text from star_schemes p
              union all select 'k ' || k::text from idempotency_records k) rows
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> CountAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);
}

[CollectionDefinition(Name)]
public sealed class CriteriaServiceCollection : ICollectionFixture<CriteriaServiceFixture>
{
    public const string Name = "criteria-service";
}
