using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StarPlatform.Messaging;

/// <summary>
/// Idempotent consume: records (MessageId, endpoint) in the service's DbContext and saves it
/// together with whatever the consumer changed and published (outbox rows), in one
/// SaveChanges. A message already recorded is acknowledged without running the consumer again.
/// Consumers therefore change the DbContext and leave saving to this filter.
/// </summary>
public sealed partial class InboxFilter<TMessage>(DbContext db, TimeProvider clock, ILogger<InboxFilter<TMessage>> log)
    : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId.");
        var consumer = ConsumerName(context.ReceiveContext.InputAddress);
        var ct = context.CancellationToken;

        if (await db.Set<InboxState>().AnyAsync(i => i.MessageId == messageId && i.Consumer == consumer, ct))
        {
            LogDuplicate(messageId, consumer);
            return;
        }

        db.Add(new InboxState { MessageId = messageId, Consumer = consumer, ConsumedAt = clock.GetUtcNow() });
        try
        {
            await next.Send(context);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsInboxConflict(ex))
        {
            // The same message was consumed concurrently (redelivery racing the first delivery).
            db.ChangeTracker.Clear();
            LogDuplicate(messageId, consumer);
        }
        catch
        {
            // A retry in the same scope must start from a clean unit of work.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

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
