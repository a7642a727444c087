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
        var messageId = NewId.NextGuid();
        db.Add(Row(message, message.GetType(), clock, messageId,
            cause?.CorrelationId, cause?.ConversationId, cause?.MessageId, destination: null));
        return messageId;
    }

    /// <summary>An outbox row for a message, carrying the trace context of the current activity.</summary>
    /// <param name="destination">null to publish; the endpoint address to send to</param>
    internal static OutboxMessage Row(
        object message, Type type, TimeProvider clock, Guid messageId,
        Guid? correlationId, Guid? conversationId, Guid? initiatorId, Uri? destination)
    {
        var now = clock.GetUtcNow();
        var activity = Activity.Current;
        return new OutboxMessage
        {
            MessageId = messageId,
            MessageType = MessageTypes.NameOf(type),
            Body = JsonSerializer.Serialize(message, type, MessageTypes.JsonOptions),
            DestinationAddress = destination?.ToString(),
            CorrelationId = correlationId,
            ConversationId = conversationId,
            InitiatorId = initiatorId,
            TraceParent = activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null,
            TraceState = activity?.TraceStateString,
            EnqueuedAt = now,
            NextAttemptAt = now,
        };
    }
}
