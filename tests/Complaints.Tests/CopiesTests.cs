using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Deadlines;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;
using StarPlatform.Testing;
using Xunit.Abstractions;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// Two copies of Complaints on one database (as replicas behind the gateway): an Idempotency-Key
/// holds across them, the overdue sweep's row locks keep two copies sweeping at once from flagging
/// a deadline twice, and each periodic job holds its lease in the service's own table.
/// Real PostgreSQL and RabbitMQ.
/// </summary>
[Collection(ComplaintsCollection.Name)]
public sealed class CopiesTests(ComplaintsFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<InProcessService<Program>> _copies = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"complaints_copies_{Guid.NewGuid():N}"[..40]);
        for (var i = 0; i < 2; i++)
        {
            _copies.Add(new InProcessService<Program>(InProcessService<Program>.Connections("complaints-db", _connectionString, fixture.Infrastructure)));
        }

        await using var scope = _copies[0].Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var copy in _copies)
        {
            await copy.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_key_sent_to_two_copies_at_once_files_one_case_and_every_answer_names_it()
    {
        var window = await TargetAsync();
        var subject = Guid.NewGuid().ToString();
        var clients = _copies.Select(c => c.Client("operator", subject)).ToList();
        var body = Api.Intake(window);
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => clients[i % 2].FileAsync(body, key)));

        var ids = new HashSet<Guid>();
        foreach (var answer in answers)
        {
            ids.Add((await answer.CreatedAsync()).Id());
        }

        output.WriteLine($"12 intakes with one key over two copies: {answers.Count(a => a.Headers.Contains("Idempotent-Replayed"))} replayed");
        Assert.Single(ids);
        Assert.Equal(1, await Sql.ScalarAsync(_connectionString, "select count(*) from complaints where target_unit_id = $1", window));
    }

    [Fact]
    public async Task Two_copies_sweeping_at_once_flag_each_overdue_deadline_once()
    {
        var window = await TargetAsync();
        var client = _copies[0].Client("operator");
        var cases = new List<Guid>();
        for (var i = 0; i < 120; i++)
        {
            cases.Add((await (await client.FileAsync(Api.Intake(window))).CreatedAsync()).Id());
        }

        // Both deadlines of every case are past 60 days on: four sweeps at once, two in each copy,
        // each taking 25 cases at a time until nothing is left.
        var now = DateTimeOffset.UtcNow.AddDays(60);
        var flagged = await Task.WhenAll(_copies.Concat(_copies).Select(copy => SweepUntilDoneAsync(copy, now)));

        var overdue = await Sql.ScalarAsync(_connectionString,
            "select count(*) from outbox_message where message_type like '%ComplaintOverdue%' and (body->>'complaintId')::uuid = any($1)", cases.ToArray());
        var distinct = await Sql.ScalarAsync(_connectionString,
            "select count(distinct (body->>'complaintId', body->>'deadline')) from outbox_message where message_type like '%ComplaintOverdue%' and (body->>'complaintId')::uuid = any($1)",
            cases.ToArray());
        output.WriteLine($"{cases.Count} cases, four sweeps at once flagged {string.Join(" + ", flagged)} deadlines; {overdue} ComplaintOverdue events");
        Assert.Equal(2 * cases.Count, flagged.Sum());
        Assert.Equal(2 * cases.Count, overdue);
        // However the four sweeps split the work (on a loaded machine one may take it all), nothing is flagged twice.
        Assert.Equal(overdue, distinct);
    }

    [Fact]
    public async Task Each_periodic_job_of_the_service_takes_its_turns_under_a_lease_in_the_services_database()
    {
        foreach (var copy in _copies)
        {
            copy.Start();
        }

        string[] jobs = [nameof(OverdueSweeper), "ExpiredRowsPurge<ComplaintsDbContext,IdempotencyRecord>"];
        await Eventually.HoldsAsync(async () =>
                await Sql.ScalarAsync(_connectionString, "select count(*) from periodic_job_lease where job = any($1) and expires_at > now()", (object)jobs) == jobs.Length,
            TimeSpan.FromSeconds(30), "both jobs hold a lease");
        var holders = _copies.SelectMany(c => c.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Microsoft.Extensions.Hosting.PeriodicJob>())
            .Select(j => j.Holder).ToHashSet();
        Assert.Equal(4, holders.Count);
        Assert.Equal(jobs.Length, await Sql.ScalarAsync(_connectionString, "select count(*) from periodic_job_lease where holder = any($1)", (object)holders.ToArray()));
    }

    private static async Task<int> SweepUntilDoneAsync(InProcessService<Program> copy, DateTimeOffset now)
    {
        var total = 0;
        int flagged;
        do
        {
            await using var scope = copy.Services.CreateAsyncScope();
            flagged = await OverdueSweeper.SweepAsync(scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>(),
                scope.ServiceProvider.GetRequiredService<IOutbox>(), now, 25, CancellationToken.None);
            total += flagged;
        }
        while (flagged > 0);

        return total;
    }

    private async Task<Guid> TargetAsync()
    {
        await using var scope = _copies[0].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>();
        var unit = new ReplicatedUnit
        {
            Id = Guid.CreateVersion7(),
            Kind = UnitKind.Window,
            Name = $"两副本窗口 {Guid.NewGuid():N}",
            Level = UnitLevel.County,
            DivisionCode = "511402",
            Status = UnitStatus.Active,
            ChangedAt = DateTimeOffset.UtcNow,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    }
}
