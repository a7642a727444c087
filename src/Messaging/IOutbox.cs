using MassTransit;

namespace StarPlatform.Messaging;

/// <summary>
/// Publishes through the transactional outbox: the message is stored in the service's
/// DbContext and leaves with the next <c>SaveChanges</c>, or not at all.
/// </summary>
public interface IOutbox
{
    /// <param name="message">the event or command</param>
    /// <param name="cause">the message being consumed, when there is one (keeps conversation and initiator)</param>
    Guid Publish<T>(T message, ConsumeContext? cause = null) where T : class;
}
