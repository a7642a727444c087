namespace StarPlatform.Ratings.Model;

/// <summary>The ratings service's settings (<c>Ratings</c> section).</summary>
public sealed class RatingOptions
{
    public const string Section = "Ratings";

    /// <summary>A transaction can be rated for this many days after it was served; later the rating is refused as too old.</summary>
    public int RatingWindowDays { get; set; } = 30;

    /// <summary>A device may report a transaction served at most this many days ago (a device that was offline uploads late).</summary>
    public int ReportWindowDays { get; set; } = 90;

    /// <summary>The most records one device batch may hold.</summary>
    public int MaxBatchRecords { get; set; } = 1000;
}
