using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarPlatform.Testing;
using Xunit.Abstractions;

namespace StarPlatform.Messaging.Tests;

/// <summary>
/// The shared loop of sweeps and purges (ServiceDefaults' <see cref="PeriodicJob"/>), and its lease:
/// several copies of a service on one database, each a host wired as the services are
/// (AddServiceDatabase), take one turn per period between them. Real PostgreSQL.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class PeriodicJobTests(MessagingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_turn_is_followed_by_the_next_one_each_in_a_scope_of_its_own()
    {
        var connectionString = await NewDatabaseAsync();
        var job = (FlakyJob?)null;
        using var host = await StartCopyAsync(connectionString, services => services.AddScoped<Turn>()
            .AddSingleton(sp => job = new FlakyJob(sp.GetRequiredService<IServiceScopeFactory>()))
            .AddHostedService(sp => sp.GetRequiredService<FlakyJob>()));
        await Eventually.HoldsAsync(() => Task.FromResult(job!.Turns.Count >= 3), TimeSpan.FromSeconds(10), "three turns");
        await host.StopAsync();

        // The first turn threw; the loop went on, and every turn had a fresh scope.
        Assert.Equal(job!.Turns.Count, job.Turns.Distinct().Count());
        var stopped = job.Turns.Count;
        await Task.Delay(100);
        Assert.Equal(stopped, job.Turns.Count);
    }

    [Fact]
    public async Task Three_copies_of_a_job_take_one_turn_per_period_between_them()
    {
        var period = TimeSpan.FromMilliseconds(400);
        var connectionString = await NewDatabaseAsync();
        var copies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartCopyAsync(connectionString, TurnJob(period))));
        try
        {
            await Eventually.HoldsAsync(async () => (await TurnsAsync(connectionString)).Count >= 8, Within, "eight turns");
        }
        finally
        {
            await Task.WhenAll(copies.Select(c => c.StopAsync()));
            foreach (var copy in copies)
            {
                copy.Dispose();
            }
        }

        var turns = await TurnsAsync(connectionString);
        var gaps = turns.Zip(turns.Skip(1), (a, b) => b.At - a.At).ToList();
        var span = turns[^1].At - turns[0].At;
        Report($"3 copies, period {period.TotalMilliseconds} ms: {turns.Count} turns in {span.TotalMilliseconds:F0} ms, " +
            $"shortest gap {gaps.Min().TotalMilliseconds:F1} ms, turns by copy: {string.Join(", ", turns.GroupBy(t => t.Holder).Select(g => g.Count()))}");

        // One turn per period between them: never two within a period (three unleased copies would
        // take three per period), and no more than the span holds.
        Assert.All(gaps, gap => Assert.True(gap >= period, $"two turns {gap.TotalMilliseconds} ms apart"));
        Assert.True(turns.Count <= span / period + 1);
        Assert.Single(await LeasesAsync(connectionString));
    }

    [Fact]
    public async Task When_the_copy_holding_the_turn_stops_another_copy_takes_the_next_one()
    {
        var period = TimeSpan.FromMilliseconds(300);
        var connectionString = await NewDatabaseAsync();
        var copies = (await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => StartCopyAsync(connectionString, TurnJob(period))))).ToList();
        try
        {
            await Eventually.HoldsAsync(async () => (await TurnsAsync(connectionString)).Count >= 1, Within, "a first turn");
            var first = (await TurnsAsync(connectionString))[0];
            var holder = copies.Single(c => c.Services.GetRequiredService<TurnRecordingJob>().Holder == first.Holder);
            await holder.StopAsync();
            holder.Dispose();
            copies.Remove(holder);

            var other = copies.Single().Services.GetRequiredService<TurnRecordingJob>().Holder;
            await Eventually.HoldsAsync(async () => (await TurnsAsync(connectionString)).Any(t => t.Holder == other), Within,
                "the remaining copy takes a turn");
            var taken = (await TurnsAsync(connectionString)).First(t => t.Holder == other);
            Report($"the holder stopped after its turn at {first.At:HH:mm:ss.fff}; the other copy's first turn came {(taken.At - first.At).TotalMilliseconds:F0} ms later");
            Assert.True(taken.At - first.At >= period);
        }
        finally
        {
            foreach (var copy in copies)
            {
                await copy.StopAsync();
                copy.Dispose();
            }
        }
    }

    [Fact]
    public void A_job_is_named_by_its_type_with_type_arguments() =>
        Assert.Equal("ExpiredRowsPurge<CounterDbContext,BatchRow>", PeriodicJob.NameOf(typeof(ExpiredRowsPurge<CounterDbContext, BatchRow>)));

    private static Action<IServiceCollection> TurnJob(TimeSpan period) => services => services
        .AddSingleton(sp => new TurnRecordingJob(sp.GetRequiredService<IServiceScopeFactory>(), period))
        .AddHostedService(sp => sp.GetRequiredService<TurnRecordingJob>());

    /// <summary>A copy of a service: its database registered as every service registers it, and a job.</summary>
    private static async Task<IHost> StartCopyAsync(string connectionString, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] = connectionString;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<string> NewDatabaseAsync()
    {
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"jobs_{Guid.NewGuid():N}");
        await using var db = new CounterDbContext(new DbContextOptionsBuilder<CounterDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        await db.Database.EnsureCreatedAsync();
        return connectionString;
    }

    private static async Task<List<JobTurn>> TurnsAsync(string connectionString)
    {
        await using var db = Context(connectionString);
        return await db.Set<JobTurn>().AsNoTracking().OrderBy(t => t.At).ToListAsync();
    }

    private static async Task<List<PeriodicJobLease>> LeasesAsync(string connectionString)
    {
        await using var db = Context(connectionString);
        return await db.Set<PeriodicJobLease>().AsNoTracking().ToListAsync();
    }

    private static CounterDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<CounterDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"periodic job: {line}");
    }

    private sealed class Turn;

    private sealed class FlakyJob(IServiceScopeFactory scopes) : PeriodicJob(scopes, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        public List<Turn> Turns { get; } = [];

        public override TimeSpan Period => TimeSpan.FromMilliseconds(10);

        protected override string Work => "turns";

        protected override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
        {
            lock (Turns)
            {
                Turns.Add(services.GetRequiredService<Turn>());
                return Turns.Count == 1 ? throw new InvalidOperationException("the first turn fails") : Task.FromResult(1);
            }
        }
    }
}

/// <summary>A job whose turn is a row: which copy took it, and when (PostgreSQL's clock, as the lease's).</summary>
internal sealed class TurnRecordingJob(IServiceScopeFactory scopes, TimeSpan period)
    : PeriodicJob(scopes, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
{
    public override TimeSpan Period => period;

    protected override string Work => "turns recorded";

    protected override async Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<CounterDbContext>();
        await db.Database.ExecuteSqlAsync($"insert into job_turn (holder, at) values ({Holder}, clock_timestamp())", ct);
        // Some work, so a turn has a length.
        await Task.Delay(20, ct);
        return 1;
    }
}
