using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Data;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Ratings.Tests;

/// <summary>
/// The Ratings service in-process (<see cref="InProcessService{TProgram}"/>) on real PostgreSQL and RabbitMQ, its
/// database made by its migrations, with test-signed tokens and its outbox relay running. A bus of the tests'
/// own collects the <see cref="BadRatingReceived"/> events it publishes. Units are put into its registry copy
/// as the registry's events would leave them.
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

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("ratings");
        _service = new InProcessService<Program>(InProcessService<Program>.Connections("ratings-db", ConnectionString, Infrastructure), withRelay: true);
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
    }

    public HttpClient Anonymous() => _service!.Client();

    public HttpClient As(string role, Guid? subject = null) => _service!.Client(role, (subject ?? Guid.NewGuid()).ToString());

    /// <summary>A rating device bound to <paramref name="center"/>.</summary>
    public HttpClient Device(Guid center, Guid? deviceId = null) =>
        _service!.Client("rating-device", (deviceId ?? Guid.NewGuid()).ToString(), new Dictionary<string, string> { ["unit_id"] = center.ToString() });

    public IServiceProvider Services => _service!.Services;

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

[CollectionDefinition(Name)]
public sealed class RatingsCollection : ICollectionFixture<RatingsFixture>
{
    public const string Name = "ratings";
}
