using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's queues became quorum queues. RabbitMQ cannot change a queue's type, and declaring a
/// quorum queue where a classic one of that name exists fails, so the migrate step moves a classic
/// queue's messages to a holding queue, deletes it, lets the bus declare the quorum queue with its
/// bindings, and moves the messages back. It runs before the services start, once per broker.
/// </summary>
internal static class QuorumQueues
{
    private const string HoldingSuffix = ".quorum-migration";
    private static readonly Dictionary<string, object?> Quorum = new() { ["x-queue-type"] = "quorum" };

    /// <summary>
    /// Waits until the broker accepts a connection. A migrate step starts as soon as PostgreSQL is
    /// up, so its migrations run while RabbitMQ still boots (~8 s on two idle cores); only its
    /// topology needs the broker.
    /// </summary>
    public static async Task WaitForBrokerAsync(Uri broker, ILogger logger, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = broker };
        var waited = false;
        while (true)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(ct);
                if (waited)
                {
                    logger.LogInformation("The broker answers");
                }

                return;
            }
            catch (BrokerUnreachableException) when (!ct.IsCancellationRequested)
            {
                if (!waited)
                {
                    logger.LogInformation("Waiting for the broker at {Host}:{Port}", broker.Host, broker.Port);
                    waited = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    public static async Task ConvertClassicQueuesAsync(Uri broker, IEnumerable<string> queues, ILogger logger, CancellationToken ct)
    {
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(ct);
        foreach (var queue in queues.Distinct())
        {
            if (!await ExistsAsync(connection, queue, ct) || await IsQuorumAsync(connection, queue, ct))
            {
                continue;
            }

            await using var channel = await OpenAsync(connection, ct);
            await channel.QueueDeclareAsync(queue + HoldingSuffix, durable: true, exclusive: false, autoDelete: false, Quorum, cancellationToken: ct);
            var moved = await MoveAsync(channel, queue, queue + HoldingSuffix, ct);
            await channel.QueueDeleteAsync(queue, cancellationToken: ct);
            logger.LogInformation("Queue {Queue} is now a quorum queue; {Count} message(s) held meanwhile", queue, moved);
        }
    }

    public static async Task RestoreMessagesAsync(Uri broker, IEnumerable<string> queues, ILogger logger, CancellationToken ct)
    {
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync(ct);
        foreach (var queue in queues.Distinct())
        {
            if (!await ExistsAsync(connection, queue + HoldingSuffix, ct))
            {
                continue;
            }

            await using var channel = await OpenAsync(connection, ct);
            var moved = await MoveAsync(channel, queue + HoldingSuffix, queue, ct);
            // Quorum queues refuse if-empty deletes; it was just emptied and has no bindings to fill it.
            await channel.QueueDeleteAsync(queue + HoldingSuffix, cancellationToken: ct);
            logger.LogInformation("{Count} held message(s) back in {Queue}", moved, queue);
        }
    }

    private static Task<IChannel> OpenAsync(IConnection connection, CancellationToken ct) =>
        connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);

    /// <summary>Whether the queue exists on the broker (a passive declaration).</summary>
    internal static async Task<bool> ExistsAsync(IConnection connection, string queue, CancellationToken ct) =>
        await MessageCountAsync(connection, queue, ct) is not null;

    /// <summary>The messages ready in the queue (a passive declaration), or null when it does not exist.</summary>
    internal static async Task<long?> MessageCountAsync(IConnection connection, string queue, CancellationToken ct)
    {
        // A failed declaration closes its channel: each probe gets one of its own.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private static async Task<bool> IsQuorumAsync(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, Quorum, cancellationToken: ct);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
        {
            return false;
        }
    }

    /// <summary>Each message is published (confirmed) to the target before it is acknowledged on the source.</summary>
    private static async Task<int> MoveAsync(IChannel channel, string from, string to, CancellationToken ct)
    {
        var moved = 0;
        while (await channel.BasicGetAsync(from, autoAck: false, ct) is { } message)
        {
            await channel.BasicPublishAsync("", to, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }

        return moved;
    }
}
