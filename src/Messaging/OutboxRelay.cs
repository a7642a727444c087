using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace StarPlatform.Messaging;

/// <summary>
/// Delivers outbox rows to RabbitMQ. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so
/// several replicas share the work; a row is deleted only after the broker confirmed it
/// (at-least-once: consumers dedupe through the inbox). Failed rows are retried with backoff.
/// </summary>
internal sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    MessagingMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TDbContext>> log) : BackgroundService
    where TDbContext : DbContext
{
    private static readonly TimeSpan InboxCleanupEvery = TimeSpan.FromMinutes(10);
    private string? _claimSql;
    private string? _tableName;
    private DateTimeOffset _nextInboxCleanup;
    private int _deliveredSinceVacuum;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = Batch.Empty;
            try
            {
                // The relay's own polling is not worth a trace: only deliveries are traced,
                // each under the trace of the write that caused it.
                using (SuppressInstrumentationScope.Begin())
                {
                    batch = await DeliverBatchAsync(settings, stoppingToken);
                    await VacuumIfDueAsync(settings, stoppingToken);
                    await CleanInboxAsync(settings, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRelayFailed(ex);
            }

            if (batch == Batch.Full)
            {
                continue;
            }

            if (batch == Batch.Delivered && settings.Linger > TimeSpan.Zero)
            {
                // Rows keep coming: let the next few commits gather (their signal stays pending),
                // so one claim, delete and commit serves several of them.
                await Task.Delay(settings.Linger, clock, stoppingToken);
            }

            await signal.WaitAsync(settings.PollInterval, stoppingToken);
        }
    }

    internal enum Batch
    {
        /// <summary>Nothing to deliver.</summary>
        Empty,

        /// <summary>Fewer rows than a batch holds, all delivered: the backlog is drained.</summary>
        Delivered,

        /// <summary>Some rows failed and wait for their retry.</summary>
        Failed,

        /// <summary>A full batch went out: more rows may be waiting.</summary>
        Full,
    }

    internal async Task<Batch> DeliverBatchAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var batch = await db.Set<OutboxMessage>()
            .FromSqlRaw(ClaimSql(db), now, settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return Batch.Empty;
        }

        // Publishes of a batch go out together, so broker confirmations overlap instead of
        // queueing one behind the other; order within a batch is not kept (consumers never rely on it).
        var outcomes = await Task.WhenAll(batch.Select(async message =>
        {
            try
            {
                await PublishAsync(message, settings, cancellationToken);
                return (Message: message, Error: (Exception?)null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return (Message: message, Error: ex);
            }
        }));

        var delivered = 0;
        Exception? firstError = null;
        foreach (var (message, error) in outcomes)
        {
            var typeName = ShortTypeName(message.MessageType);
            if (error is null)
            {
                metrics.Published(typeName);
                db.Remove(message);
                delivered++;
                _deliveredSinceVacuum++;
                continue;
            }

            metrics.PublishFailed(typeName);
            firstError ??= error;
            message.Attempts++;
            message.LastError = Truncate(error.Message, 2000);
            message.NextAttemptAt = clock.GetUtcNow() + settings.RetryDelay(message.Attempts);
        }

        if (firstError is not null)
        {
            LogDeliveryFailed(firstError, batch.Count - delivered, batch.Count);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return delivered < batch.Count ? Batch.Failed
            : batch.Count == settings.BatchSize ? Batch.Full
            : Batch.Delivered;
    }

    private async Task PublishAsync(OutboxMessage message, OutboxOptions settings, CancellationToken cancellationToken)
    {
        var type = MessageTypes.Resolve(message.MessageType);
        var body = JsonSerializer.Deserialize(message.Body, type, MessageTypes.JsonOptions)
            ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty body.");

        using var traced = SuppressInstrumentationScope.Begin(false);
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity(
            $"outbox deliver {type.Name}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("starplatform.outbox.attempts", message.Attempts);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        if (message.DestinationAddress is null)
        {
            await bus.Publish(body, type, Pipe.Execute<PublishContext>(Stamp), timeout.Token);
        }
        else
        {
            var endpoint = await bus.GetSendEndpoint(new Uri(message.DestinationAddress));
            await endpoint.Send(body, type, Pipe.Execute<SendContext>(Stamp), timeout.Token);
        }

        void Stamp(SendContext context)
        {
            context.MessageId = message.MessageId;
            context.CorrelationId = message.CorrelationId;
            context.ConversationId = message.ConversationId;
            context.InitiatorId = message.InitiatorId;
            context.Durable = true;
        }
    }

    /// <summary>
    /// Vacuums the outbox table once <see cref="OutboxOptions.VacuumAfter"/> rows have left it.
    /// Every delivered row is a dead tuple until a vacuum, and the claim reads past all of them:
    /// under steady load, between two of autovacuum's visits (a minute apart by default), the claim
    /// grew from a few microseconds to a millisecond and was PostgreSQL's most expensive statement
    /// at 400 intakes/s (bench/IntakeBench, pg_stat_statements). A vacuum of a table this small
    /// takes a few milliseconds and blocks no reader or writer. Where the service's role does not
    /// own the table, PostgreSQL skips it with a warning and autovacuum remains in charge.
    /// </summary>
    internal async Task VacuumIfDueAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        if (settings.VacuumAfter <= 0 || _deliveredSinceVacuum < settings.VacuumAfter)
        {
            return;
        }

        _deliveredSinceVacuum = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // VACUUM runs outside a transaction block; the table name comes from the EF model.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync($"VACUUM {TableName(db)}", cancellationToken);
#pragma warning restore EF1002
    }

    private async Task CleanInboxAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _nextInboxCleanup)
        {
            return;
        }

        _nextInboxCleanup = now + InboxCleanupEvery;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var before = now - settings.InboxRetention;
        await db.Set<InboxState>().Where(i => i.ConsumedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private string ClaimSql(DbContext db)
    {
        if (_claimSql is not null)
        {
            return _claimSql;
        }

        var entity = OutboxEntity(db);
        var table = TableName(db);
        string Column(string property) => entity.FindProperty(property)!.GetColumnName();
        return _claimSql =
            $"SELECT * FROM {table} WHERE \"{Column(nameof(OutboxMessage.NextAttemptAt))}\" <= {{0}} " +
            $"ORDER BY \"{Column(nameof(OutboxMessage.SequenceNumber))}\" LIMIT {{1}} FOR UPDATE SKIP LOCKED";
    }

    private string TableName(DbContext db) =>
        _tableName ??= OutboxEntity(db).GetSchemaQualifiedTableName()!;

    private static Microsoft.EntityFrameworkCore.Metadata.IEntityType OutboxEntity(DbContext db) =>
        db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{typeof(TDbContext).Name} does not call modelBuilder.AddMessaging().");

    /// <summary>"Full.Name, Assembly" to "Name": a tag of few values.</summary>
    private static string ShortTypeName(string messageType)
    {
        var fullName = messageType.Split(',', 2)[0];
        return fullName[(fullName.LastIndexOf('.') + 1)..];
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} of {Batch} outbox messages not delivered; they will be retried")]
    private partial void LogDeliveryFailed(Exception exception, int failed, int batch);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay round failed; retrying")]
    private partial void LogRelayFailed(Exception exception);
}
