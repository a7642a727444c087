using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace StarPlatform.Messaging;

/// <summary>
/// One consume, one transaction. Around every consumer and saga of a service this filter
/// <list type="bullet">
/// <item>skips a message whose (MessageId, endpoint) is already recorded: the inbox, claimed with
/// <c>INSERT … ON CONFLICT DO NOTHING</c> as the transaction's first statement;</item>
/// <item>routes whatever the consumer or saga publishes or sends into the outbox (the
/// <see cref="OutboxConsumeContext{TMessage}"/> it passes on);</item>
/// <item>commits the inbox record, the consumer's changes, the saga's state and the outbox rows
/// in one database transaction, written by one <c>SaveChanges</c> (the saga repository leaves
/// its changes to it);</item>
/// <item>then runs what the consumer left to <see cref="AfterCommit"/> (metrics of what it did).</item>
/// </list>
/// Consumers change the service's DbContext and leave saving to this filter.
/// </summary>
public sealed partial class TransactionalConsumeFilter<TMessage>(
    DbContext db, TimeProvider clock, MessagingMetrics metrics, AfterCommit afterCommit, ILogger<TransactionalConsumeFilter<TMessage>> log)
    : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId.");
        var consumer = ConsumerName(context.ReceiveContext.InputAddress);
        SpanTags.SetFromMessage(context.Message);
        var ct = context.CancellationToken;

        // A retry in the same scope must start from a clean unit of work.
        db.ChangeTracker.Clear();
        afterCommit.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Whatever fails rolls the whole transaction back (and the message is retried from the
        // start), so SaveChanges needs no savepoint of its own: saves a round trip per save.
        var autoSavepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            // Claim the message for this endpoint. A concurrent duplicate waits here for the first
            // delivery's transaction and then finds the row; a committed one is found at once.
            var claimed = await db.Database.ExecuteSqlRawAsync(ClaimSql(db), [messageId, consumer, clock.GetUtcNow()], ct);
            if (claimed == 0)
            {
                LogDuplicate(messageId, consumer);
                metrics.DuplicateSkipped(consumer);
                return;
            }

            await next.Send(new OutboxConsumeContext<TMessage>(context, db, clock));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            afterCommit.Run();
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = autoSavepoints;
            db.ChangeTracker.Clear();
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("transactional-consume");

    internal static string ConsumerName(Uri inputAddress) => inputAddress.AbsolutePath.Trim('/');

    private static string ClaimSql(DbContext db) => ClaimStatements.GetOrAdd(db.GetType(), _ => BuildClaimSql(db));

    private static string BuildClaimSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxState))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not call modelBuilder.AddMessaging().");
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        return
            $"INSERT INTO {entity.GetSchemaQualifiedTableName()} ({Column(nameof(InboxState.MessageId))}, " +
            $"{Column(nameof(InboxState.Consumer))}, {Column(nameof(InboxState.ConsumedAt))}) " +
            "VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING";
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> ClaimStatements = new();

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} already consumed by {Consumer}; skipped")]
    private partial void LogDuplicate(Guid messageId, string consumer);
}
