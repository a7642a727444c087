using StarPlatform.RegistryReplica;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Testing;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// The Complaints API in-process (<see cref="InProcessService{TProgram}"/>) on real PostgreSQL and
/// RabbitMQ, its database made by its migrations, with test-signed tokens. The outbox relay is left out so tests read the events a request wrote. Every log
/// line (Debug and up) and every activity's name and tags are kept, so tests can search them.
/// </summary>
public sealed class ComplaintsFixture : IAsyncLifetime
{
    private InProcessService<Program>? _service;
    private ActivityListener? _listener;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>Everything the service logged, formatted, with its state's values.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Every activity (trace span): its name and tag values.</summary>
    public ConcurrentQueue<string> Spans { get; } = new();

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Spans.Enqueue(string.Join(" | ",
                new[] { activity.Source.Name, activity.DisplayName }
                    .Concat(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                    .Concat(activity.Events.Select(e => e.Name)))),
        };
        ActivitySource.AddActivityListener(_listener);

        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("complaints");
        _service = new InProcessService<Program>(
            InProcessService<Program>.Connections("complaints-db", ConnectionString, Infrastructure),
            configure: web =>
            {
                web.UseSetting("Logging:LogLevel:Default", "Debug");
                web.ConfigureLogging(logging => logging.AddProvider(new CollectingLoggerProvider(Logs)));
                // Tests run sweeps themselves, at the instants they choose.
                web.ConfigureTestServices(services => services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService)
                    && d.ImplementationType == typeof(Deadlines.OverdueSweeper))));
            });

        await using var scope = _service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _listener?.Dispose();
        await Infrastructure.DisposeAsync();
    }

    /// <summary>The service's own container (to run a background job's turn at a chosen instant).</summary>
    public IServiceProvider Services => _service!.Services;

    /// <summary>What the service logged (Information and above).</summary>
    public CollectedLogs ServiceLogs => _service!.Logs;

    public HttpClient Anonymous() => _service!.Client();

    public HttpClient As(string role, Guid? subject = null) => _service!.Client(role, (subject ?? Guid.NewGuid()).ToString());

    public string Token(string role, string subject) => _service!.Token(role, subject);

    /// <summary>A target unit in Complaints' registry copy, as the registry's events would leave it.</summary>
    public async Task<Guid> TargetAsync(string kind = "window", bool acceptsComplaints = true)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>();
        var unit = new ReplicatedUnit
        {
            Id = Guid.CreateVersion7(),
            Kind = StarPlatform.Messaging.Words.Parse<UnitKind>(kind),
            Name = $"测试{kind} {Guid.NewGuid():N}",
            Level = UnitLevel.County,
            DivisionCode = "511402",
            Status = acceptsComplaints ? UnitStatus.Active : UnitStatus.Closed,
            ChangedAt = DateTimeOffset.UtcNow,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    }

    /// <summary>A person in Complaints' copy of the directory, as Identity's announcement would leave them: an active investigator unless said otherwise.</summary>
    public async Task<Guid> InvestigatorAsync(bool active = true, string role = "investigator", string? name = null)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>();
        var person = new ReplicatedPerson
        {
            Id = Guid.CreateVersion7(),
            DisplayName = name ?? $"调查员{Guid.NewGuid():N}"[..8],
            Roles = [role],
            Active = active,
            Revision = 1,
            ChangedAt = DateTimeOffset.UtcNow,
        };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

    /// <summary>Every row of every table of the service's database as text (a whole-database search).</summary>
    public async Task<string> DumpAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select tablename from pg_tables where schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"select t::text from \"{table}\" t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(": ").AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    /// <summary>Complaints, idempotency records and outbox rows ever numbered: a refused request changes none.</summary>
    public async Task<string> WrittenAsync() => string.Join(", ",
        $"complaints={await ScalarAsync("select count(*) from complaints")}",
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

    /// <summary>Runs one overdue sweep as of <paramref name="now"/>.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        return await Deadlines.OverdueSweeper.SweepAsync(scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>(),
            scope.ServiceProvider.GetRequiredService<StarPlatform.Messaging.IOutbox>(), now, 10_000, CancellationToken.None);
    }

    public Task<long> OutboxPositionAsync() =>
        ScalarAsync("select coalesce(max(sequence_number), 0) from outbox_message");

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Collecting(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ComplaintsCollection : ICollectionFixture<ComplaintsFixture>
{
    public const string Name = "complaints";
}
