using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Messaging;

/// <summary>
/// The consume context consumers and sagas see: <c>Publish</c>, <c>Send</c> and faults are
/// turned into outbox rows in the service's DbContext instead of going to the broker, so they
/// leave only if the consume's transaction commits. MassTransit's own outbox endpoints build
/// the send context (message id, conversation, initiator), we only store it.
/// </summary>
internal sealed class OutboxConsumeContext<TMessage> : ConsumeContextProxy<TMessage>
    where TMessage : class
{
    public OutboxConsumeContext(ConsumeContext<TMessage> context, DbContext db, TimeProvider clock)
        : base(context)
    {
        context.TryGetPayload<IServiceProvider>(out var services);
        var sends = new OutboxSink(db, clock, services, publish: false);
        var publishes = new OutboxSink(db, clock, services, publish: true);
        ReceiveContext = new OutboxReceiveContext(sends, context.ReceiveContext);
        PublishEndpointProvider = new OutboxPublishEndpointProvider(publishes, context.ReceiveContext.PublishEndpointProvider);
    }

    /// <summary>Stores MassTransit's send contexts as outbox rows.</summary>
    private sealed class OutboxSink(DbContext db, TimeProvider clock, IServiceProvider? services, bool publish) : OutboxSendContext
    {
        public object? GetService(Type serviceType) => services?.GetService(serviceType);

        public Task AddSend<T>(SendContext<T> context) where T : class
        {
            db.Add(Outbox.Row(context.Message, typeof(T), clock,
                context.MessageId ?? NewId.NextGuid(),
                context.CorrelationId, context.ConversationId, context.InitiatorId,
                publish ? null : context.DestinationAddress));
            return Task.CompletedTask;
        }
    }
}
