using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// The Scoring API in-process (<see cref="InProcessService{TProgram}"/>) on real PostgreSQL and
/// RabbitMQ, its database made by its migrations, with test-signed tokens. The outbox relay runs,
/// so the events a step writes really reach the broker. Scoring's copies hold the catalog's seed
/// versions and star scheme (and a county checklist for township outlets of 511499); the current
/// year's cycle takes applications all year, so tests share it and keep apart by unit.
/// </summary>
public sealed class ScoringFixture : IAsyncLifetime
{
    public const string OutletCounty = "511499";
    private InProcessService<Program>? _service;

    public LocalInfrastructure Infrastructure { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public Guid CycleId { get; private set; }
    public int Year { get; } = ChinaTime.Today(TimeProvider.System).Year;

    public async Task InitializeAsync()
    {
        Infrastructure = await LocalInfrastructure.StartAsync();
        ConnectionString = await Infrastructure.CreateDatabaseAsync("scoring");
        _service = new InProcessService<Program>(
            InProcessService<Program>.Connections("scoring-db", ConnectionString, Infrastructure), withRelay: true);

        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
            await db.Database.MigrateAsync();
            db.CriteriaVersions.AddRange(Seed.Center, Seed.Window,
                Seed.Version("meishan-2012-window", $"county-{OutletCounty}-outlet", "outlet", OutletCounty));
            db.StarSchemes.Add(Seed.Scheme());
            await db.SaveChangesAsync();
        }

        var opened = await Secretary().PostAsJsonAsync("/api/scoring/cycles",
            new { year = Year, applicationOpensOn = new DateOnly(Year, 1, 1), applicationClosesOn = new DateOnly(Year, 12, 31) });
        CycleId = (await opened.CreatedAsync()).Id();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await Infrastructure.DisposeAsync();
    }

    public IServiceProvider Services => _service!.Services;

    /// <summary>What the service logged (Information and above).</summary>
    public CollectedLogs Logs => _service!.Logs;

    public HttpClient Anonymous() => _service!.Client();

    public HttpClient As(string role, Guid? subject = null) => _service!.Client(role, (subject ?? Guid.NewGuid()).ToString());

    public HttpClient Secretary() => As("secretary");

    public HttpClient Approver() => As("approver");

    /// <summary>An applicant acting for <paramref name="unitId"/> (the token's <c>unit_id</c>).</summary>
    public HttpClient Applicant(Guid unitId) =>
        _service!.Client("applicant", Guid.NewGuid().ToString(), new Dictionary<string, string> { ["unit_id"] = unitId.ToString() });

    /// <summary>A unit in Scoring's registry copy, as the registry's events would leave it.</summary>
    public async Task<ReplicatedUnit> UnitAsync(string kind = "window", string level = "county", string? divisionCode = null, Guid? parentId = null,
        decimal? floorAreaM2 = null, string status = "active")
    {
        await using var scope = _service!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
        var unit = new ReplicatedUnit
        {
            Id = Guid.CreateVersion7(),
            Kind = Words.Parse<UnitKind>(kind),
            Name = $"测试{kind} {Guid.NewGuid():N}",
            Level = Words.Parse<UnitLevel>(level),
            DivisionCode = divisionCode ?? Random.Shared.Next(510000, 519999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ParentId = parentId,
            FloorAreaM2 = floorAreaM2,
            Status = Words.Parse<UnitStatus>(status),
            ChangedAt = DateTimeOffset.UtcNow,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    /// <summary>Publishes on the broker as another service would (Complaints' findings).</summary>
    public Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        _service!.Services.GetRequiredService<IBus>().Publish(message, context =>
        {
            if (messageId is { } id)
            {
                context.MessageId = id;
            }
        });

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

    /// <summary>Rows of every table a step writes, and outbox messages ever numbered: a refused request changes none.</summary>
    public async Task<string> WrittenAsync() => string.Join(", ",
        $"cycles={await ScalarAsync("select count(*) from cycles")}",
        $"applications={await ScalarAsync("select count(*) from applications")}",
        $"state={await ScalarAsync("select coalesce(sum(hashtext(a::text)), 0) from applications a")}",
        $"sheets={await ScalarAsync("select count(*) from score_sheets")}",
        $"sheetState={await ScalarAsync("select coalesce(sum(hashtext(s::text)), 0) from score_sheets s")}",
        $"changes={await ScalarAsync("select count(*) from score_changes")}",
        $"panel={await ScalarAsync("select coalesce(sum(hashtext(m::text)), 0) from panel_members m")}",
        $"keys={await ScalarAsync("select count(*) from idempotency_records")}",
        $"outbox={await ScalarAsync("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence_number')), 0)")}");
}

[CollectionDefinition(Name)]
public sealed class ScoringCollection : ICollectionFixture<ScoringFixture>
{
    public const string Name = "scoring";
}
