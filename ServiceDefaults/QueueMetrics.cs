using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Microsoft.Extensions.Hosting;

/// <summary>How many messages wait in one of the service's queues: its consumer queue, or the <c>_error</c>/<c>_skipped</c> queue beside it.</summary>
/// <param name="Kind"><c>consumer</c>, <c>error</c> or <c>skipped</c></param>
public sealed record QueueDepth(string Queue, string Kind, long Messages);

/// <summary>
/// The queue meter of a service (<see cref="MeterName"/>): the messages ready in each of its queues
/// and in their <c>_error</c> and <c>_skipped</c> queues, read from the broker with the same passive
/// declaration the dead-letter endpoints use, at most every <see cref="Interval"/> over one
/// connection kept open (not one per reading, which the broker would log each time). A dead-letter
/// queue that does not exist yet reports 0. While the broker is away the gauge keeps its last
/// reading (the health check reports the outage).
/// </summary>
public sealed class QueueMetrics : IAsyncDisposable
{
    public const string MeterName = "StarPlatform.Queues";
    public const string Instrument = "starplatform.queue.messages";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly DeadLetters _deadLetters;
    private readonly IConfiguration _configuration;
    private readonly SampledReading<IReadOnlyList<QueueDepth>> _reading;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    public QueueMetrics(IMeterFactory meters, DeadLetters deadLetters, IConfiguration configuration, IServiceScopeFactory scopes, TimeProvider clock)
    {
        _deadLetters = deadLetters;
        _configuration = configuration;
        _reading = new SampledReading<IReadOnlyList<QueueDepth>>(scopes, (_, ct) => ReadAsync(ct), [], Interval, clock);
        meters.Create(MeterName).CreateObservableGauge(Instrument,
            () => _reading.Latest().Select(d => new Measurement<long>(d.Messages,
                new KeyValuePair<string, object?>("messaging.destination.name", d.Queue),
                new KeyValuePair<string, object?>("starplatform.queue.kind", d.Kind))),
            "{message}",
            "Messages ready in each of the service's queues and its _error and _skipped queues, read from the broker (every 10 s).");
    }

    /// <summary>Reads every queue's depth from the broker now.</summary>
    public async Task<IReadOnlyList<QueueDepth>> ReadAsync(CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        var depths = new List<QueueDepth>();
        foreach (var queue in _deadLetters.ServiceQueues().Order(StringComparer.Ordinal))
        {
            depths.Add(new QueueDepth(queue, "consumer", await QuorumQueues.MessageCountAsync(connection, queue, ct) ?? 0));
            depths.Add(new QueueDepth(queue + DeadLetters.ErrorSuffix, "error",
                await QuorumQueues.MessageCountAsync(connection, queue + DeadLetters.ErrorSuffix, ct) ?? 0));
            depths.Add(new QueueDepth(queue + DeadLetters.SkippedSuffix, "skipped",
                await QuorumQueues.MessageCountAsync(connection, queue + DeadLetters.SkippedSuffix, ct) ?? 0));
        }

        return depths;
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken ct)
    {
        await _connecting.WaitAsync(ct);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }

                _connection = await DeadLetters.ConnectAsync(_configuration, "queue-metrics", ct);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }
}
