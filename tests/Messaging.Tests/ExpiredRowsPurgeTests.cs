using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>The shared purge of expired rows (ServiceDefaults), against real PostgreSQL.</summary>
[Collection(MessagingCollection.Name)]
public sealed class ExpiredRowsPurgeTests(MessagingFixture fixture)
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    [Fact]
    public void It_deletes_1000_rows_per_statement_and_runs_every_10_minutes_unless_told()
    {
        Assert.Equal(1000, ExpiredRowsPurge<CounterDbContext, BatchRow>.BatchSize);
        var services = new ServiceCollection().AddLogging()
            .AddExpiredRowsPurge<CounterDbContext, BatchRow>(r => r.At, Retention).BuildServiceProvider();
        var purge = services.GetRequiredService<ExpiredRowsPurge<CounterDbContext, BatchRow>>();
        Assert.Equal(TimeSpan.FromMinutes(10), purge.Period);
        Assert.Equal(Retention, purge.Retention);
        Assert.Contains(services.GetServices<IHostedService>(), h => ReferenceEquals(h, purge));
    }

    [Fact]
    public async Task Rows_at_or_before_the_cutoff_go_in_batches_and_newer_rows_stay()
    {
        using var host = await StartAsync(every: TimeSpan.FromHours(1));
        // Stopped, not only disposed: a host left running would go on consuming the shared counter queue
        // and take other tests' messages.
        try
        {
            // Whole microseconds, as PostgreSQL stores them, so the row at the cutoff is stored at it exactly.
            var now = DateTimeOffset.UnixEpoch.AddTicks((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10 * 10);
            var cutoff = now - Retention;
            var old = Enumerable.Range(0, 2500).Select(i => new BatchRow { Id = Guid.NewGuid(), At = cutoff.AddMinutes(-i) }).ToList();
            var atCutoff = new BatchRow { Id = Guid.NewGuid(), At = cutoff };
            var justKept = new BatchRow { Id = Guid.NewGuid(), At = cutoff.AddTicks(10) };
            var fresh = new BatchRow { Id = Guid.NewGuid(), At = now };
            await CounterHost.QueryAsync(host, db =>
            {
                db.AddRange(old);
                db.AddRange(atCutoff, justKept, fresh);
                return db.SaveChangesAsync();
            });

            var purge = host.Services.GetRequiredService<ExpiredRowsPurge<CounterDbContext, BatchRow>>();
            var deleted = await CounterHost.QueryAsync(host, db => purge.PurgeAsync(db, now, CancellationToken.None));

            Assert.Equal(2501, deleted);
            var left = await CounterHost.QueryAsync(host, db => db.Set<BatchRow>().Select(r => r.Id).ToListAsync());
            Assert.Equal(new[] { justKept.Id, fresh.Id }.Order(), left.Order());
            Assert.Equal(0, await CounterHost.QueryAsync(host, db => purge.PurgeAsync(db, now, CancellationToken.None)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_hosted_purge_removes_expired_rows_by_itself()
    {
        using var host = await StartAsync(every: TimeSpan.FromMilliseconds(200));
        var expired = new BatchRow { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow - Retention - TimeSpan.FromMinutes(1) };
        var kept = new BatchRow { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow };
        await CounterHost.QueryAsync(host, db =>
        {
            db.AddRange(expired, kept);
            return db.SaveChangesAsync();
        });

        await Eventually.HoldsAsync(async () => !await CounterHost.QueryAsync(host, db => db.Set<BatchRow>().AnyAsync(r => r.Id == expired.Id)),
            TimeSpan.FromSeconds(30), "the expired row is purged");
        Assert.True(await CounterHost.QueryAsync(host, db => db.Set<BatchRow>().AnyAsync(r => r.Id == kept.Id)));
        await host.StopAsync();
    }

    private async Task<IHost> StartAsync(TimeSpan every) =>
        await CounterHost.StartAsync(fixture.Infrastructure, await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}"),
            services => services.AddExpiredRowsPurge<CounterDbContext, BatchRow>(r => r.At, Retention, every));
}
