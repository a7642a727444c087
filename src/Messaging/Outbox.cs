using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Messaging;

internal sealed class Outbox(DbContext db, TimeProvider clock) : IOutbox
{
    public Guid Publish<T>(T message, ConsumeContext? cause = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        var now = clock.GetUtcNow();
        var messageId = NewId.NextGuid();
        var activity = Activity.Current;

        db.Add(new OutboxMessage
        {
            MessageId = messageId,
            MessageType = MessageTypes.NameOf(type),
            Body = JsonSerializer.Serialize(message, type, MessageTypes.JsonOptions),
            CorrelationId = cause?.CorrelationId,
            ConversationId = cause?.ConversationId,
            InitiatorId = cause?.MessageId,
            TraceParent = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            TraceState = activity?.TraceStateString,
            EnqueuedAt = now,
            NextAttemptAt = now,
        });
        return messageId;
    }
}
