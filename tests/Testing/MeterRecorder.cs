using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace StarPlatform.Testing;

/// <summary>
/// Sums what the counters of one meter, created by one host's <see cref="IMeterFactory"/>, record,
/// and keeps the last value each gauge reported (<see cref="Observe"/>): hosts of other tests in the
/// same process (same meter name, other factory) are not counted.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _sums = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), double> _gauges = new();

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
            if (instrument.IsObservable)
            {
                _gauges[(instrument.Name, Key(tags))] = value;
                return;
            }

            _sums.AddOrUpdate((instrument.Name, Key(tags)), value, (_, sum) => sum + value);
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _gauges[(instrument.Name, Key(tags))] = value);
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _gauges[(instrument.Name, Key(tags))] = value);
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include <paramref name="tag"/> (all, if null).</summary>
    public long Sum(string instrument, string? tag = null) =>
        _sums.Where(s => s.Key.Instrument == instrument && (tag is null || s.Key.Tags.Split(',').Contains(tag))).Sum(s => s.Value);

    /// <summary>Asks every gauge for its value now; read them with <see cref="Gauge"/>.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>The value <paramref name="instrument"/> last reported with <paramref name="tag"/> among its tags, or null.</summary>
    public double? Gauge(string instrument, string? tag = null) =>
        _gauges.Where(g => g.Key.Instrument == instrument && (tag is null || g.Key.Tags.Split(',').Contains(tag)))
            .Select(g => (double?)g.Value).FirstOrDefault();

    private static string Key(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        string.Join(",", tags.ToArray().OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"));

    public void Dispose() => _listener.Dispose();
}
