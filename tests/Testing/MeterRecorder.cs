using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace StarPlatform.Testing;

/// <summary>
/// Sums what the counters of one meter, created by one host's <see cref="IMeterFactory"/>, record:
/// hosts of other tests in the same process (same meter name, other factory) are not counted.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _sums = new();

    public MeterRecorder(IMeterFactory factory, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = string.Join(",", tags.ToArray().OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"));
            _sums.AddOrUpdate((instrument.Name, key), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include <paramref name="tag"/> (all, if null).</summary>
    public long Sum(string instrument, string? tag = null) =>
        _sums.Where(s => s.Key.Instrument == instrument && (tag is null || s.Key.Tags.Split(',').Contains(tag))).Sum(s => s.Value);

    public void Dispose() => _listener.Dispose();
}
