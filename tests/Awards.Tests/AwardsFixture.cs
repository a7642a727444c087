using StarPlatform.RegistryReplica;
using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Expiry;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Testing;

namespace StarPlatform.Awards.Tests;

/// <summary>
/// The Awards service in-process (<see cref="InProcessService{TProgram}"/>) on real PostgreSQL and
/// RabbitMQ, its database made by its migrations, with test-signed tokens and its outbox relay
/// running (the decision API reaches the saga through it). A bus of the tests' own publishes the
/// events Awards consumes onto the real broker (with the MessageId a test chooses) and collects the
/// events Awards publishes. The expiry sweep is run by the tests at the instants they choose.
/// </summary>
public sealed class AwardsFixture : IAsyncLifetime
{
    /// <summary>A cycle year with its own funding table in the service's configuration.</summary>
    public const int ConfiguredCycleYear = 2031;

    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private static int _nextYear = 3000;
    private InProcessService<Program>? _service;
    private IBusControl? _bus;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>Everything the service logged.</summary>
    /// <summary>What the service logged (Information and above).</summary>
    public CollectedLogs Logs => _service!.Logs;

    /// <summary>Every StarAwarded / StarRevoked / StarExpired / StarSuperseded seen on the broker.</summary>
    public ConcurrentQueue<object> Published { get; } = new();

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("awards");
        var settings = InProcessService<Program>.Connections("awards-db", ConnectionString, Infrastructure);
        settings[$"Awards:Funding:Cycles:{ConfiguredCycleYear}:5"] = "150000";
        settings[$"Awards:Funding:Cycles:{ConfiguredCycleYear}:4"] = "80000";
        _service = new InProcessService<Program>(settings, withRelay: true, configure: web =>
        {
            web.ConfigureTestServices(services => services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationType == typeof(ExpirySweeper))));
        });

        // Migrated before the host starts (as the AppHost's migrate step does), then started: its bus
        // binds Awards' queues before the tests publish anything.
        await using (var db = new AwardsDbContext(new DbContextOptionsBuilder<AwardsDbContext>()
                         .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options))
        {
            await db.Database.MigrateAsync();
        }

        _service.Start();
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Infrastructure.RabbitMqUri);
            cfg.ReceiveEndpoint($"awards-tests-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<StarAwarded>(c => Collect(c.Message));
                e.Handler<StarRevoked>(c => Collect(c.Message));
                e.Handler<StarExpired>(c => Collect(c.Message));
                e.Handler<StarSuperseded>(c => Collect(c.Message));
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

    /// <summary>
    /// A cycle year no other test uses (nor its next cycles, year + 2 …), so plaque numbers and
    /// statistics start from zero.
    /// </summary>
    public static int NewCycleYear() => Interlocked.Add(ref _nextYear, 10);

    public HttpClient Anonymous() => _service!.Client();

    /// <summary>The service's own container (its meter factory, for counting what it measures).</summary>
    public IServiceProvider Services => _service!.Services;

    public HttpClient As(string role, Guid? subject = null) => _service!.Client(role, (subject ?? Guid.NewGuid()).ToString());

    /// <summary>Publishes <paramref name="message"/> onto the broker as another service would, with <paramref name="messageId"/>.</summary>
    public Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        _bus!.Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    /// <summary>A unit in Awards' registry copy, as the registry's events would leave it.</summary>
    public async Task<Guid> UnitAsync(string kind = "center", string level = "county", string? divisionCode = null)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AwardsDbContext>();
        var unit = new ReplicatedUnit
        {
            Id = Guid.CreateVersion7(),
            Kind = Words.Parse<UnitKind>(kind),
            Name = $"测试{kind} {Guid.NewGuid():N}",
            Level = Words.Parse<UnitLevel>(level),
            DivisionCode = divisionCode ?? DivisionCode(),
            ChangedAt = DateTimeOffset.UtcNow,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    }

    public static string DivisionCode() => Random.Shared.Next(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An approved result as Scoring publishes it.</summary>
    public static EvaluationApproved Approval(Guid unitId, int cycleYear, int stars, DateTimeOffset? approvedAt = null, UnitKind unitKind = UnitKind.Center) =>
        new(Guid.NewGuid(), unitId, unitKind, CycleId(cycleYear), cycleYear, stars, stars switch { 5 => 96m, 4 => 91.5m, 3 => 86m, _ => 70m },
            new EvaluationBreakdown(stars == 0 ? 55m : 76m, 9m, 9m, [], []), approvedAt ?? DateTimeOffset.UtcNow, "approver-test");

    /// <summary>A stable id per cycle year (Scoring has one cycle per year).</summary>
    public static Guid CycleId(int cycleYear) => new($"00000000-0000-4000-9000-{cycleYear:000000000000}");

    public static ViolationConfirmed Violation(Guid unitId, string category = "discipline", Offence offence = Offence.Integrity, Guid? complaintId = null) =>
        new(complaintId ?? Guid.NewGuid(), CaseNumber(), unitId, UnitKind.Center, category, offence, DateTimeOffset.UtcNow);

    public static ComplaintSubstantiated Substantiation(Guid unitId, DateTimeOffset? occurredAt = null) =>
        new(Guid.NewGuid(), CaseNumber(), unitId, UnitKind.Center, "attitude", occurredAt ?? DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow, "经核实，投诉属实");

    public static string CaseNumber() => $"TS-2026-{Random.Shared.Next(100000, 1000000)}";

    /// <summary>Grants an award by publishing its approval, and waits for it; returns the award's id.</summary>
    public async Task<Guid> AwardAsync(Guid unitId, int cycleYear, int stars = 5, DateTimeOffset? approvedAt = null)
    {
        var approval = Approval(unitId, cycleYear, stars, approvedAt);
        await PublishAsync(approval);
        Guid? id = null;
        await Eventually.HoldsAsync(async () => (id = await AwardIdOfAsync(approval.ApplicationId)) is not null, Delivery,
            $"an award for application {approval.ApplicationId}");
        return id!.Value;
    }

    public async Task<Guid?> AwardIdOfAsync(Guid applicationId)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AwardsDbContext>().Awards
            .Where(a => a.ApplicationId == applicationId).Select(a => (Guid?)a.Id).SingleOrDefaultAsync();
    }

    /// <summary>Reads something from the service's database in a fresh scope.</summary>
    public async Task<T> ReadAsync<T>(Func<AwardsDbContext, Task<T>> read)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AwardsDbContext>());
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

    /// <summary>
    /// The last outbox row number ever drawn: it moves exactly when a transaction wrote an event, even
    /// after the relay has delivered and deleted the row, so "nothing more was announced" is checkable.
    /// </summary>
    public Task<long> OutboxSequenceAsync() =>
        ScalarAsync("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence_number')), 0)");

    /// <summary>Waits until Awards has consumed the message <paramref name="messageId"/> (its inbox row committed).</summary>
    public Task ConsumedAsync(Guid messageId) => Eventually.HoldsAsync(
        async () => await ScalarAsync("select count(*) from inbox_state where message_id = $1", messageId) > 0,
        Delivery, $"message {messageId} consumed");

    /// <summary>Waits until a redelivery of <paramref name="messageId"/> was seen and skipped by the inbox.</summary>
    public Task SkippedAsync(Guid messageId) => Logs.SkippedAsync(messageId, Delivery);

    /// <summary>Waits for an event Awards published that matches <paramref name="match"/>.</summary>
    public async Task<T> EventAsync<T>(Func<T, bool> match) where T : class
    {
        T? found = null;
        await Eventually.HoldsAsync(() => Task.FromResult((found = Published.OfType<T>().FirstOrDefault(match)) is not null), Delivery,
            $"{typeof(T).Name} published");
        return found!;
    }

    /// <summary>Runs one expiry sweep as of <paramref name="now"/>.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now)
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        return await ExpirySweeper.SweepAsync(scope.ServiceProvider.GetRequiredService<AwardsDbContext>(),
            scope.ServiceProvider.GetRequiredService<IOutbox>(), now, 10_000, CancellationToken.None);
    }

    private Task Collect(object message)
    {
        Published.Enqueue(message);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class AwardsCollection : ICollectionFixture<AwardsFixture>
{
    public const string Name = "awards";
}
