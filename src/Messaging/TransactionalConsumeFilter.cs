using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StarPlatform.Messaging;

/// <summary>
/// One consume, one transaction. Around every consumer and saga of a service this filter
/// <list type="bullet">
/// <item>skips a message whose (MessageId, endpoint) is already recorded: the inbox;</item>
/// <item>routes whatever the consumer or saga publishes or sends into the outbox (the
/// <see cref="OutboxConsumeContext{TMessage}"/> it passes on);</item>
/// <item>commits the inbox record, the consumer's changes, the saga's state and the outbox rows
/// in one database transaction.</item>
/// </list>
/// Consumers change the service's DbContext and leave saving to this filter.
/// </summary>
public sealed partial class TransactionalConsumeFilter<TMessage>(
    DbContext db, TimeProvider clock, ILogger<TransactionalConsumeFilter<TMessage>> log)
    : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId.");
        var consumer = ConsumerName(context.ReceiveContext.InputAddress);
        var ct = context.CancellationToken;

        // A retry in the same scope must start from a clean unit of work.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (await db.Set<InboxState>().AnyAsync(i => i.MessageId == messageId && i.Consumer == consumer, ct))
            {
                LogDuplicate(messageId, consumer);
                return;
            }

            db.Add(new InboxState { MessageId = messageId, Consumer = consumer, ConsumedAt = clock.GetUtcNow() });
            await next.Send(new OutboxConsumeContext<TMessage>(context, db, clock));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (IsInboxConflict(ex))
        {
            // The same message was consumed concurrently (a redelivery racing the first delivery).
            LogDuplicate(messageId, consumer);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("transactional-consume");

    internal static string ConsumerName(Uri inputAddress) => inputAddress.AbsolutePath.Trim('/');

    private bool IsInboxConflict(DbUpdateException ex)
    {
        var table = db.Model.FindEntityType(typeof(InboxState))?.GetTableName();
        return ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            && pg.TableName == table;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} already consumed by {Consumer}; skipped")]
    private partial void LogDuplicate(Guid messageId, string consumer);
}
