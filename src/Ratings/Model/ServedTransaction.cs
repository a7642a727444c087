namespace StarPlatform.Ratings.Model;

/// <summary>
/// A transaction (办件) a window served, as its queue system or rating device reported it: the unit's own
/// transaction id, the service item (事项) and when it was served. Ratings name it; the month it was
/// served in is the month its ratings count in.
/// </summary>
public sealed class ServedTransaction
{
    public const int MaxTransactionIdLength = 64;
    public const int MaxServiceItemLength = 200;

    public Guid UnitId { get; set; }
    public required string TransactionId { get; set; }
    public required string ServiceItem { get; set; }
    public DateTimeOffset ServedAt { get; set; }

    /// <summary>The first day of the month (China time) it was served in.</summary>
    public DateOnly Month { get; set; }

    /// <summary>The device (its actor id) that reported it.</summary>
    public Guid ReportedBy { get; set; }

    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>When its first rating arrived, on any channel: it counts as rated from then on.</summary>
    public DateTimeOffset? FirstRatedAt { get; set; }
}
