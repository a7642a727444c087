using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StarPlatform.Messaging;

/// <summary>Outbox rows waiting for delivery and the age of the oldest, as of <see cref="SampledAt"/>.</summary>
public sealed record OutboxBacklogSample(long Rows, TimeSpan OldestAge, DateTimeOffset SampledAt)
{
    public static readonly OutboxBacklogSample None = new(0, TimeSpan.Zero, DateTimeOffset.MinValue);
}

/// <summary>
/// Samples the service's outbox backlog with one cheap query (count and oldest enqueue time), at most
/// once per <see cref="OutboxOptions.BacklogSampleInterval"/>: metrics scrapes and health probes share
/// the sample, so neither adds load however often they ask.
/// </summary>
public sealed class OutboxBacklog(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _sampling = new(1, 1);
    private volatile OutboxBacklogSample _latest = OutboxBacklogSample.None;
    private string? _sql;

    /// <summary>A sample no older than the sample interval: the cached one, or a fresh one from the database.</summary>
    public async Task<OutboxBacklogSample> SampleAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_latest))
        {
            return _latest;
        }

        await _sampling.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh(_latest))
            {
                return _latest;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Sql(db);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var rows = reader.GetInt64(0);
                DateTimeOffset? oldest = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
                var now = clock.GetUtcNow();
                var age = oldest is { } o && o < now ? now - o : TimeSpan.Zero;
                return _latest = new OutboxBacklogSample(rows, age, now);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            _sampling.Release();
        }
    }

    /// <summary>
    /// The last sample, for synchronous readers (observable gauges); starts a new sample in the
    /// background when it is stale, so the next reading is current.
    /// </summary>
    public OutboxBacklogSample Latest()
    {
        var latest = _latest;
        if (!IsFresh(latest) && _sampling.CurrentCount > 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await SampleAsync(CancellationToken.None);
                }
                catch (Exception)
                {
                    // The database is away: the gauges keep the last sample, the health check reports the outage.
                }
            });
        }

        return latest;
    }

    private bool IsFresh(OutboxBacklogSample sample) =>
        clock.GetUtcNow() - sample.SampledAt < options.Value.BacklogSampleInterval;

    private string Sql(DbContext db)
    {
        if (_sql is not null)
        {
            return _sql;
        }

        var entity = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not call modelBuilder.AddMessaging().");
        var enqueuedAt = entity.FindProperty(nameof(OutboxMessage.EnqueuedAt))!.GetColumnName();
        return _sql = $"SELECT count(*), min(\"{enqueuedAt}\") FROM {entity.GetSchemaQualifiedTableName()}";
    }
}
