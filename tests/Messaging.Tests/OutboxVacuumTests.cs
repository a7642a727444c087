using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>The relay vacuums the outbox table itself, against real PostgreSQL and RabbitMQ.</summary>
[Collection(MessagingCollection.Name)]
public sealed class OutboxVacuumTests(MessagingFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public void By_default_the_relay_vacuums_after_1000_delivered_rows() =>
        Assert.Equal(1000, new OutboxOptions().VacuumAfter);

    [Fact]
    public async Task The_relay_vacuums_the_outbox_table_once_VacuumAfter_rows_have_been_delivered()
    {
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}");
        using var host = await CounterHost.StartAsync(fixture.Infrastructure, connectionString,
            services => services.Configure<OutboxOptions>(o => o.VacuumAfter = 20));
        try
        {
            // 15 rows delivered: fewer than 20, so no vacuum yet (autovacuum's runs count apart).
            // (Counted by their ids: the counter queue may still hold other tests' completions.)
            var ids = await CompleteCountersAsync(host, 15);
            await Eventually.HoldsAsync(async () => await CompletedAsync(host, ids) == 15, Within, "the first 15 rows are delivered and consumed");
            Assert.Equal(0, await ManualVacuumsAsync(connectionString));

            // 10 more: 25 delivered since the start, so the relay vacuums once.
            ids.AddRange(await CompleteCountersAsync(host, 10));
            await Eventually.HoldsAsync(async () => await CompletedAsync(host, ids) == 25, Within, "all 25 rows are delivered and consumed");
            await Eventually.HoldsAsync(async () => await ManualVacuumsAsync(connectionString) == 1, Within, "the relay vacuumed the outbox table");
            Assert.Equal(0, await CounterHost.QueryAsync(host, db => db.Set<OutboxMessage>().CountAsync()));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<List<Guid>> CompleteCountersAsync(IHost host, int count)
    {
        var ids = new List<Guid>();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(Guid.NewGuid());
            outbox.Publish(new CounterCompleted(ids[^1], 1));
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static Task<int> CompletedAsync(IHost host, List<Guid> ids) =>
        CounterHost.QueryAsync(host, db => db.Set<CompletedCounter>().CountAsync(c => ids.Contains(c.Id)));

    /// <summary>VACUUMs run on the outbox table by a client (the relay), not by autovacuum.</summary>
    private static async Task<long> ManualVacuumsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select vacuum_count from pg_stat_user_tables where relname = 'outbox_message'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
