using System.Diagnostics.Metrics;

namespace StarPlatform.Complaints;

/// <summary>
/// Complaints' business meter (<see cref="MeterName"/>): cases taken in by channel, deadlines the
/// overdue sweep flagged, findings by outcome. Each counts once its change has committed.
/// </summary>
public sealed class ComplaintsMetrics
{
    public const string MeterName = "StarPlatform.Complaints";

    private readonly Counter<long> _received;
    private readonly Counter<long> _overdue;
    private readonly Counter<long> _findings;

    public ComplaintsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _received = meter.CreateCounter<long>("starplatform.complaints.received", "{case}",
            "Complaints taken in (new cases; an idempotent replay is not counted), by channel.");
        _overdue = meter.CreateCounter<long>("starplatform.complaints.overdue", "{case}",
            "Cases the overdue sweep flagged past a deadline, by deadline (acknowledge, conclude).");
        _findings = meter.CreateCounter<long>("starplatform.complaints.findings", "{finding}",
            "Investigation findings recorded, by outcome (substantiated, dismissed) and whether a violation was confirmed.");
    }

    public void Received(string channel) => _received.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Overdue(string deadline) => _overdue.Add(1, new KeyValuePair<string, object?>("deadline", deadline));

    public void Finding(string outcome, bool violation) =>
        _findings.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("violation", violation));
}
