namespace StarPlatform.Messaging;

/// <summary>
/// A message waiting to be delivered to RabbitMQ. Written in the same transaction as the
/// state change that caused it; removed once the broker has confirmed it.
/// </summary>
public sealed class OutboxMessage
{
    public long SequenceNumber { get; set; }
    public Guid MessageId { get; set; }

    /// <summary>CLR type of the message, "Full.Name, Assembly".</summary>
    public required string MessageType { get; set; }

    /// <summary>The message serialized as JSON.</summary>
    public required string Body { get; set; }

    /// <summary>Null for a publish; the endpoint address for a send.</summary>
    public string? DestinationAddress { get; set; }

    public Guid? CorrelationId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? InitiatorId { get; set; }

    /// <summary>W3C trace context of the write that caused the message, so delivery joins its trace.</summary>
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }

    public DateTimeOffset EnqueuedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// A message a receive endpoint has consumed; stored in the same transaction as the
/// consumer's effect, so a redelivery is recognised and has no second effect.
/// </summary>
public sealed class InboxState
{
    public Guid MessageId { get; set; }

    /// <summary>The receive endpoint (queue) that consumed the message.</summary>
    public required string Consumer { get; set; }

    public DateTimeOffset ConsumedAt { get; set; }
}
