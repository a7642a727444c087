using System.Diagnostics.Metrics;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Ratings;

/// <summary>Ratings' business meter (<see cref="MeterName"/>): transactions and ratings recorded, counted once committed.</summary>
public sealed class RatingsMetrics
{
    public const string MeterName = "StarPlatform.Ratings";

    private readonly Counter<long> _served;
    private readonly Counter<long> _rated;

    public RatingsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _served = meter.CreateCounter<long>("starplatform.ratings.transactions", "{transaction}", "Served transactions recorded.");
        _rated = meter.CreateCounter<long>("starplatform.ratings.ratings", "{rating}", "Ratings recorded, by channel and level.");
    }

    public void Served(int count) => _served.Add(count);

    public void Rated(RatingChannel channel, RatingLevel level) => _rated.Add(1,
        new KeyValuePair<string, object?>("channel", Words.Of(channel)), new KeyValuePair<string, object?>("level", Words.Of(level)));
}
