using System.Diagnostics.Metrics;

namespace StarPlatform.Awards;

/// <summary>Awards' business meter (<see cref="MeterName"/>): stars granted and revoked, by star level, counted once committed.</summary>
public sealed class AwardsMetrics
{
    public const string MeterName = "StarPlatform.Awards";

    private readonly Counter<long> _granted;
    private readonly Counter<long> _revoked;

    public AwardsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _granted = meter.CreateCounter<long>("starplatform.awards.granted", "{award}",
            "Star awards granted on an approved result, by stars (5, 4, 3).");
        _revoked = meter.CreateCounter<long>("starplatform.awards.revoked", "{award}",
            "Star awards revoked on a confirmed revocation, by stars.");
    }

    public void Granted(int stars) => _granted.Add(1, new KeyValuePair<string, object?>("stars", stars));

    public void Revoked(int stars) => _revoked.Add(1, new KeyValuePair<string, object?>("stars", stars));
}
