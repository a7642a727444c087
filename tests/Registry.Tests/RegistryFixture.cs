using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StarPlatform.Registry.Data;
using StarPlatform.Testing;

namespace StarPlatform.Registry.Tests;

/// <summary>
/// The registry API in-process (<see cref="InProcessService{TProgram}"/>) on real PostgreSQL and
/// RabbitMQ, started once for all service tests, its database made by its own migrations. The
/// outbox relay is left out so each test can read the events a change wrote (delivery itself is
/// proven in Messaging.Tests and the suite).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private InProcessService<Program>? _service;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("registry");
        _service = new InProcessService<Program>(InProcessService<Program>.Connections("registry-db", ConnectionString, Infrastructure));
        await using var scope = _service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await Infrastructure.DisposeAsync();
    }

    /// <summary>The API without a token.</summary>
    /// <summary>The service's own container (to run a background job's turn at a chosen instant).</summary>
    public IServiceProvider Services => _service!.Services;

    public HttpClient Anonymous() => _service!.Client();

    /// <summary>The API with a token for one role (admin by default).</summary>
    public HttpClient As(string role = "admin", string? subject = null) => _service!.Client(role, subject);

    public string Token(string role, string subject) => _service!.Token(role, subject);

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

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
