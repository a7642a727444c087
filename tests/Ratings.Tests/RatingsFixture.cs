using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Data;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Ratings.Tests;

/// <summary>
/// The Ratings service in-process (<see cref="InProcessService{TProgram}"/>) on real PostgreSQL and RabbitMQ, its
/// database made by its migrations, with test-signed tokens and its outbox relay running. A bus of the tests'
/// own collects the <see cref="BadRatingReceived"/> events it publishes. Units are put into its registry copy
/// as the registry's events would leave them. Every log line (Debug and up) and every span's name and tags are kept,
/// so tests can search them; the rectification sweep and the month announcer run when a test runs them, at the instant it chooses.
/// </summary>
public sealed class RatingsFixture : IAsyncLifetime
{
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private InProcessService<Program>? _service;
    private IBusControl? _bus;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public CollectedLogs Logs => _service!.Logs;
    public ConcurrentQueue<BadRatingReceived> BadRatings { get; } = new();
    public ConcurrentQueue<RectificationOverdue> Overdue { get; } = new();
    public ConcurrentQueue<RectificationClosed> Closed { get; } = new();
    public ConcurrentQueue<UnitMonthRatingsChanged> MonthFigures { get; } = new();

    /// <summary>Everything the service logged at Debug and up, formatted.</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>Every activity (trace span): its name and tag values.</summary>
    public ConcurrentQueue<string> Spans { get; } = new();

    private ActivityListener? _listener;

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
        ConnectionString = await Infrastructure.CreateDatabaseAsync("ratings");
        _service = new InProcessService<Program>(InProcessService<Program>.Connections("ratings-db", ConnectionString, Infrastructure), withRelay: true,
            configure: web =>
            {
                web.UseSetting("Logging:LogLevel:Default", "Debug");
                web.ConfigureLogging(logging => logging.AddProvider(new LineCollector(LogLines)));
                web.ConfigureTestServices(services =>
                {
                    services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Deadlines.RectificationSweeper)));
                    services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MonthAnnouncer)));
                });
            });
        await using (var db = new RatingsDbContext(new DbContextOptionsBuilder<RatingsDbContext>()
                         .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options))
        {
            await db.Database.MigrateAsync();
        }

        _service.Start();
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Infrastructure.RabbitMqUri);
            cfg.ReceiveEndpoint($"ratings-tests-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<BadRatingReceived>(c =>
                {
                    BadRatings.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<RectificationOverdue>(c =>
                {
                    Overdue.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<RectificationClosed>(c =>
                {
                    Closed.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<UnitMonthRatingsChanged>(c =>
                {
                    MonthFigures.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await _bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }

        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await Infrastructure.DisposeAsync();
        _listener?.Dispose();
    }

    public HttpClient Anonymous() => _service!.Client();

    public HttpClient As(string role, Guid? subject = null) => _service!.Client(role, (subject ?? Guid.NewGuid()).ToString());

    /// <summary>A rating device bound to <paramref name="center"/>.</summary>
    public HttpClient Device(Guid center, Guid? deviceId = null) =>
        _service!.Client("rating-device", (deviceId ?? Guid.NewGuid()).ToString(), new Dictionary<string, string> { ["unit_id"] = center.ToString() });

    /// <summary>A center's staff member (<c>center-staff</c>) bound to <paramref name="center"/>.</summary>
    public HttpClient CenterStaff(Guid center, Guid? actorId = null) =>
        _service!.Client("center-staff", (actorId ?? Guid.NewGuid()).ToString(), new Dictionary<string, string> { ["unit_id"] = center.ToString() });

    public IServiceProvider Services => _service!.Services;

    /// <summary>One run of the rectification sweep as of <paramref name="now"/>; how many deadlines it flagged.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        return await Deadlines.RectificationSweeper.SweepAsync(scope.ServiceProvider.GetRequiredService<RatingsDbContext>(),
            scope.ServiceProvider.GetRequiredService<IOutbox>(), now, 10_000, CancellationToken.None);
    }

    /// <summary>One turn's batch of the month announcer (as one copy of the service would run it): what it announced.</summary>
    public async Task<IReadOnlyList<UnitMonthRatingsChanged>> AnnounceAsync(int batchSize = 100_000)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        return await MonthAnnouncer.AnnounceAsync(scope.ServiceProvider.GetRequiredService<RatingsDbContext>(),
            scope.ServiceProvider.GetRequiredService<IOutbox>(), DateTimeOffset.UtcNow, batchSize, CancellationToken.None);
    }

    /// <summary>Every row of every table, as text (<c>table: (values …)</c>).</summary>
    public async Task<string> DumpAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("select tablename from pg_tables where schemaname = 'public'", connection))
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
            await using var command = new Npgsql.NpgsqlCommand($"select t::text from \"{table}\" t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(": ").AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    /// <summary>A unit in Ratings' registry copy (a center, or a window under <paramref name="parent"/>).</summary>
    public async Task<Guid> UnitAsync(Guid? parent = null, UnitStatus status = UnitStatus.Active)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RatingsDbContext>();
        var unit = new ReplicatedUnit
        {
            Id = Guid.CreateVersion7(),
            Kind = parent is null ? UnitKind.Center : UnitKind.Window,
            Name = $"测试单位 {Guid.NewGuid():N}",
            Level = UnitLevel.County,
            DivisionCode = "511402",
            ParentId = parent,
            Status = status,
            ChangedAt = DateTimeOffset.UtcNow,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

    /// <summary>The outbox's last row number ever drawn (moves exactly when a transaction wrote an event).</summary>
    public Task<long> OutboxSequenceAsync() =>
        ScalarAsync("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence_number')), 0)");

    /// <summary>
    /// Every unit's monthly counts recounted from the rows: the number of (unit, month) whose kept counts differ
    /// from the transactions and ratings stored. Zero when the counts are exact.
    /// </summary>
    public Task<long> CountsThatDisagreeAsync() => ScalarAsync("""
        with recount as (
          select t.unit_id, t.month, count(*) as served, count(t.first_rated_at) as rated,
            coalesce(sum(r.very_satisfied), 0) as vs, coalesce(sum(r.satisfied), 0) as s, coalesce(sum(r.fairly_satisfied), 0) as fs,
            coalesce(sum(r.dissatisfied), 0) as d, coalesce(sum(r.very_dissatisfied), 0) as vd
          from served_transactions t
          left join lateral (
            select count(*) filter (where level = 'very-satisfied') as very_satisfied, count(*) filter (where level = 'satisfied') as satisfied,
              count(*) filter (where level = 'fairly-satisfied') as fairly_satisfied, count(*) filter (where level = 'dissatisfied') as dissatisfied,
              count(*) filter (where level = 'very-dissatisfied') as very_dissatisfied
            from ratings where ratings.unit_id = t.unit_id and ratings.transaction_id = t.transaction_id) r on true
          group by t.unit_id, t.month)
        select count(*) from monthly_rates m full join recount c on c.unit_id = m.unit_id and c.month = m.month
        where m.unit_id is null or c.unit_id is null or m.served <> c.served or m.rated <> c.rated
          or m.very_satisfied <> c.vs or m.satisfied <> c.s or m.fairly_satisfied <> c.fs or m.dissatisfied <> c.d or m.very_dissatisfied <> c.vd
        """);
}

/// <summary>Keeps every log line, with its category and exception, at every level the host lets through.</summary>
internal sealed class LineCollector(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {state} {exception}");
    }
}

[CollectionDefinition(Name)]
public sealed class RatingsCollection : ICollectionFixture<RatingsFixture>
{
    public const string Name = "ratings";
}
