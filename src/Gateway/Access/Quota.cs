using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace StarPlatform.Gateway.Access;

/// <summary>
/// One partition's fixed window (a client's, an address's): at most <c>limit</c> permits a window. Unlike the
/// framework's fixed window it says what is left and when the window ends (the <c>RateLimit</c> header), and a
/// permit can be given back within its window (a submission refused as invalid does not use up an allowance).
/// </summary>
public sealed class Quota : RateLimiter
{
    private readonly object _gate = new();
    private readonly Action<Quota> _disposed;
    private readonly TimeProvider _time;
    private long _windowStart;
    private long _window;
    private int _used;

    internal Quota(string key, int limit, TimeSpan window, TimeProvider time, Action<Quota> disposed)
    {
        Key = key;
        Limit = limit;
        Window = window;
        _time = time;
        _disposed = disposed;
        _windowStart = time.GetTimestamp();
    }

    public string Key { get; }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Permits left in the current window.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return Limit - _used;
            }
        }
    }

    /// <summary>Until the current window ends, in whole seconds rounded up.</summary>
    public int SecondsToReset
    {
        get
        {
            lock (_gate)
            {
                Roll();
                var left = Window - _time.GetElapsedTime(_windowStart);
                return Math.Max(0, (int)Math.Ceiling(left.TotalSeconds));
            }
        }
    }

    /// <summary>The window a permit taken now belongs to: a refund counts only within it.</summary>
    public long CurrentWindow
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _window;
            }
        }
    }

    /// <summary>Gives a permit back, when it was taken in <paramref name="window"/> and that window still runs.</summary>
    public void Refund(long window)
    {
        lock (_gate)
        {
            Roll();
            if (window == _window && _used > 0)
            {
                _used--;
            }
        }
    }

    /// <summary>Nothing used in a window that has ended: the partition may be dropped.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var elapsed = _time.GetElapsedTime(_windowStart);
                return _used == 0 || elapsed >= Window ? elapsed : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics() => new() { CurrentAvailablePermits = Remaining };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Roll();
            if (_used + permitCount <= Limit)
            {
                _used += permitCount;
                return Lease.Acquired;
            }

            return new Lease(false, Window - _time.GetElapsedTime(_windowStart));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    protected override void Dispose(bool disposing)
    {
        _disposed(this);
        base.Dispose(disposing);
    }

    private void Roll()
    {
        var elapsed = _time.GetElapsedTime(_windowStart);
        if (elapsed >= Window)
        {
            // Windows follow each other from the first request: skip the ones nobody used.
            var windows = (long)(elapsed.Ticks / Window.Ticks);
            _windowStart += (long)(windows * Window.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
            _window += windows;
            _used = 0;
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name && retryAfter is { } wait ? wait : null;
            return metadata is not null;
        }
    }
}

/// <summary>A named quota (<c>per-client</c>, <c>per-address</c>, <c>public-submissions</c>): one <see cref="Quota"/> per partition key.</summary>
public sealed class Quotas(string name, FixedWindow window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Quota> _partitions = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public int Limit { get; } = window.ToOptions().PermitLimit;

    public TimeSpan Window { get; } = window.ToOptions().Window;

    /// <summary>The partition of <paramref name="key"/>, made when the rate limiter first asks for it.</summary>
    public Quota Create(string key) =>
        _partitions.AddOrUpdate(key, k => New(k), (k, _) => New(k));

    /// <summary>The partition of <paramref name="key"/>, if the rate limiter holds one.</summary>
    public Quota? Find(string key) => _partitions.GetValueOrDefault(key);

    /// <summary>The framework's partition for <paramref name="key"/>, backed by this quota.</summary>
    public RateLimitPartition<string> Partition(string key) => RateLimitPartition.Get(key, Create);

    /// <summary><c>"name";q=limit;w=seconds</c>: one item of <c>RateLimit-Policy</c>.</summary>
    public string PolicyItem => string.Create(CultureInfo.InvariantCulture, $"\"{Name}\";q={Limit};w={(int)Window.TotalSeconds}");

    private Quota New(string key) => new(key, Limit, Window, time, q => _partitions.TryRemove(new KeyValuePair<string, Quota>(q.Key, q)));
}
