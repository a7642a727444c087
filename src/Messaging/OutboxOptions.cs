namespace StarPlatform.Messaging;

public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for rows when nothing woke it (other replicas, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// After delivering a batch that was not full, how long the relay lets further commits gather
    /// before it claims again: under steady load one claim, delete and commit then serves several
    /// messages instead of one each (measured in bench/IntakeBench: ~0.3 ms of CPU per intake at
    /// 500/s). Costs a message up to this much latency while rows keep coming; a row after a quiet
    /// spell is claimed as soon as its commit signals. Zero turns it off.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The relay vacuums the outbox table after this many rows have been delivered (and deleted)
    /// since its last vacuum, so the claim does not read through dead rows until autovacuum comes
    /// by. Zero leaves the table to autovacuum alone.
    /// </summary>
    public int VacuumAfter { get; set; } = 1000;

    /// <summary>How long one publish may wait for the broker's confirmation.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between two attempts at a row that could not be delivered.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long consumed message ids are kept for duplicate detection.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The outbox health check turns Degraded once the oldest undelivered row is older than this:
    /// messages are waiting on a broker or a relay that is not delivering.
    /// </summary>
    public TimeSpan BacklogAgeThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one sample of the backlog (rows, oldest age) serves metrics and health before it is read again.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delay before the next attempt: 1 s, 2 s, 4 s … up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Pow(2, Math.Clamp(attempts - 1, 0, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryDelay.TotalSeconds));
    }
}
