using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StarPlatform.Access;
using StarPlatform.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>A message MassTransit moved aside: to <c>&lt;queue&gt;_error</c> after its consumer kept failing, or to <c>&lt;queue&gt;_skipped</c> when nothing on the queue consumes its type.</summary>
/// <param name="Queue">The dead-letter queue it sits in.</param>
/// <param name="OriginalQueue">The service queue a replay sends it back to.</param>
/// <param name="Reason">MassTransit's <c>MT-Reason</c>: <c>fault</c> or <c>skip</c>.</param>
/// <param name="FaultedAt">When it was moved aside (<c>MT-Fault-Timestamp</c>), for a fault.</param>
public sealed record DeadLetter(
    string Queue,
    string OriginalQueue,
    Guid? MessageId,
    string? MessageType,
    string? Reason,
    string? ExceptionType,
    string? FaultMessage,
    DateTimeOffset? FaultedAt,
    bool Redelivered);

/// <summary>What a replay did: the message went back to <paramref name="Queue"/>.</summary>
public sealed record DeadLetterReplay(Guid MessageId, string From, string Queue);

/// <summary>
/// Lists and replays a service's dead-lettered messages, straight on the broker. Listing takes the
/// messages with <c>basic.get</c> on a channel of its own and never acknowledges them, so closing
/// the channel puts every one back where it was (dead-letter queues are classic queues, which keep
/// the order of requeued messages). A replay publishes the message, headers and all except the
/// fault's, to its original queue with a publisher confirm, and only then acknowledges it on the
/// dead-letter queue: a crash in between leaves it in both places, and the consumer's inbox makes
/// the second copy harmless. A replayed message is gone from the dead-letter queue, so replaying
/// the same id again is refused.
/// </summary>
public sealed class DeadLetters(IServiceProvider services, IConfiguration configuration, ILogger<DeadLetters> log)
{
    public const string ErrorSuffix = "_error";
    public const string SkippedSuffix = "_skipped";

    /// <summary>How many messages a listing reads from each dead-letter queue at most.</summary>
    public const int MaxPerQueue = 500;

    /// <summary>The service's dead-letter queues that exist, with the service queue each belongs to.</summary>
    public async Task<IReadOnlyList<(string DeadLetterQueue, string Queue)>> QueuesAsync(CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        var found = new List<(string, string)>();
        foreach (var queue in ServiceQueues())
        {
            foreach (var deadLetters in new[] { queue + ErrorSuffix, queue + SkippedSuffix })
            {
                if (await QuorumQueues.ExistsAsync(connection, deadLetters, ct))
                {
                    found.Add((deadLetters, queue));
                }
            }
        }

        return found;
    }

    /// <summary>The dead-lettered messages of every service queue, or of <paramref name="queue"/> only (a service queue or its dead-letter queue).</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? queue, int limit, CancellationToken ct)
    {
        var queues = (await QueuesAsync(ct)).Where(q => queue is null || q.DeadLetterQueue == queue || q.Queue == queue).ToList();
        await using var connection = await ConnectAsync(ct);
        var letters = new List<DeadLetter>();
        foreach (var (deadLetterQueue, original) in queues)
        {
            // Closing the channel returns every message taken from it, unacknowledged, to the queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            for (var taken = 0; taken < Math.Min(limit, MaxPerQueue); taken++)
            {
                if (await channel.BasicGetAsync(deadLetterQueue, autoAck: false, ct) is not { } message)
                {
                    break;
                }

                letters.Add(Describe(deadLetterQueue, original, message));
            }
        }

        return letters;
    }

    /// <summary>Sends the message <paramref name="messageId"/> back to its original queue; null when no dead-letter queue of the service holds it.</summary>
    public async Task<DeadLetterReplay?> ReplayAsync(Guid messageId, CancellationToken ct)
    {
        var queues = await QueuesAsync(ct);
        await using var connection = await ConnectAsync(ct);
        foreach (var (deadLetterQueue, original) in queues)
        {
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            while (await channel.BasicGetAsync(deadLetterQueue, autoAck: false, ct) is { } message)
            {
                if (MessageIdOf(message) != messageId)
                {
                    continue;
                }

                var properties = new BasicProperties(message.BasicProperties)
                {
                    Headers = message.BasicProperties.Headers?
                        .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != MessageHeaders.Reason)
                        .ToDictionary(h => h.Key, h => h.Value),
                };
                // Confirmed by the broker (the call waits for it) before the dead letter is acknowledged.
                await channel.BasicPublishAsync("", original, mandatory: true, properties, message.Body, ct);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
                log.LogInformation("Dead letter {MessageId} replayed from {DeadLetterQueue} to {Queue}", messageId, deadLetterQueue, original);
                return new DeadLetterReplay(messageId, deadLetterQueue, original);
            }
        }

        return null;
    }

    /// <summary>The service's own queues (consumer endpoints), named by its bus.</summary>
    internal IEnumerable<string> ServiceQueues()
    {
        // Resolving the bus configures it, and its endpoints name the service's queues.
        services.GetRequiredService<IBusControl>();
        return services.GetRequiredService<BusDeployment>().Queues.Distinct();
    }

    private Task<IConnection> ConnectAsync(CancellationToken ct) => ConnectAsync(configuration, "dead-letters", ct);

    internal static Task<IConnection> ConnectAsync(IConfiguration configuration, string name, CancellationToken ct) =>
        new ConnectionFactory
        {
            Uri = new Uri(configuration.GetConnectionString(ServiceDataExtensions.MessagingConnectionName)!),
            ClientProvidedName = name,
        }.CreateConnectionAsync(ct);

    private static DeadLetter Describe(string queue, string original, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers;
        string? Header(string name) => headers is not null && headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        } : null;

        return new DeadLetter(
            queue,
            original,
            MessageIdOf(message),
            Header(MessageHeaders.FaultMessageType) ?? EnvelopeMessageType(message.Body),
            Header(MessageHeaders.Reason),
            Header(MessageHeaders.FaultExceptionType),
            Header(MessageHeaders.FaultMessage),
            DateTimeOffset.TryParse(Header(MessageHeaders.FaultTimestamp), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            message.Redelivered);
    }

    private static Guid? MessageIdOf(BasicGetResult message) =>
        Guid.TryParse(message.BasicProperties.MessageId, out var id) ? id : null;

    /// <summary>The first message type of a MassTransit JSON envelope (<c>urn:message:…</c>), when the body is one.</summary>
    private static string? EnvelopeMessageType(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var envelope = JsonDocument.Parse(body);
            return envelope.RootElement.ValueKind == JsonValueKind.Object
                && envelope.RootElement.TryGetProperty("messageType", out var types)
                && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                ? types[0].GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The admin endpoints over <see cref="DeadLetters"/>, under <c>/api/&lt;service&gt;/admin/dead-letters</c>.</summary>
public static class DeadLetterEndpoints
{
    /// <summary>Maps the dead-letter endpoints of a service on the bus; a service without one maps none.</summary>
    public static WebApplication MapDeadLetterEndpoints(this WebApplication app)
    {
        if (app.Services.GetService<BusDeployment>() is not { Service: { } service })
        {
            return app;
        }

        var group = app.MapGroup($"/api/{service}/admin/dead-letters").WithTags("Dead letters").RequireAuthorization(Policies.Admin);
        group.MapGet("", ListDeadLetters).WithName(nameof(ListDeadLetters));
        group.MapPost("/{messageId:guid}/replay", ReplayDeadLetter).WithName(nameof(ReplayDeadLetter));
        return app;
    }

    /// <summary>The service's dead-lettered messages (at most <paramref name="limit"/> per dead-letter queue), optionally of one queue.</summary>
    public static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ValidationProblem>> ListDeadLetters(
        DeadLetters deadLetters, string? queue, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > DeadLetters.MaxPerQueue)
        {
            return Problems.Invalid("limit", $"The limit is between 1 and {DeadLetters.MaxPerQueue}.");
        }

        return TypedResults.Ok(await deadLetters.ListAsync(queue, limit ?? 100, ct));
    }

    /// <summary>Sends a dead-lettered message back to the queue it failed on; 404 when no dead-letter queue holds it (any more).</summary>
    public static async Task<Results<Ok<DeadLetterReplay>, ProblemHttpResult>> ReplayDeadLetter(
        DeadLetters deadLetters, Guid messageId, CancellationToken ct) =>
        await deadLetters.ReplayAsync(messageId, ct) is { } replay
            ? TypedResults.Ok(replay)
            : Problems.NotFound("The dead letter was not found.", "No dead-letter queue of this service holds a message with this id; it may have been replayed already.");
}
