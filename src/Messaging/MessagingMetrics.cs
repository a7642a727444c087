using System.Diagnostics.Metrics;

namespace StarPlatform.Messaging;

/// <summary>
/// The messaging meter of a service (<see cref="MeterName"/>): what its relay delivered or failed
/// to deliver, duplicates its inbox skipped, and its outbox backlog (rows waiting, age of the
/// oldest) as sampled by <see cref="OutboxBacklog"/>. Each service reports under its own
/// OpenTelemetry resource name, so the instruments carry no service tag.
/// </summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "StarPlatform.Messaging";

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _duplicates;

    public MessagingMetrics(IMeterFactory meters, OutboxBacklog backlog)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("starplatform.outbox.published", "{message}",
            "Outbox messages the relay delivered to the broker (confirmed).");
        _publishFailures = meter.CreateCounter<long>("starplatform.outbox.publish_failures", "{message}",
            "Outbox deliveries that failed and wait for a retry.");
        _duplicates = meter.CreateCounter<long>("starplatform.inbox.duplicates", "{message}",
            "Messages the inbox recognised as already consumed by the endpoint and skipped.");
        meter.CreateObservableGauge("starplatform.outbox.backlog", () => backlog.Latest().Rows, "{row}",
            "Outbox rows not yet delivered (sampled every few seconds).");
        meter.CreateObservableGauge("starplatform.outbox.oldest_age", () => backlog.Latest().OldestAge.TotalSeconds, "s",
            "Age of the oldest undelivered outbox row; 0 when the outbox is empty (sampled every few seconds).");
    }

    internal void Published(string messageType) =>
        _published.Add(1, new KeyValuePair<string, object?>("messaging.message.type", messageType));

    internal void PublishFailed(string messageType) =>
        _publishFailures.Add(1, new KeyValuePair<string, object?>("messaging.message.type", messageType));

    internal void DuplicateSkipped(string consumer) =>
        _duplicates.Add(1, new KeyValuePair<string, object?>("messaging.consumer.group.name", consumer));
}
