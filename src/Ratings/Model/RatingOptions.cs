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

    /// <summary>
    /// A real-name bad rating's rater is called back (回访核实) by the end of this many working days after the rating.
    /// 国办发〔2019〕51号 asks for the callback within 1 working day (docs/api/ratings.md).
    /// </summary>
    public int CallbackWorkingDays { get; set; } = 1;

    /// <summary>
    /// A bad rating is rectified (整改到位), or the unit explains why it cannot, by the end of this many working days after
    /// the rating. 国办发〔2019〕51号 asks for 15 working days for what cannot be put right at once (docs/api/ratings.md).
    /// </summary>
    public int RectifyWorkingDays { get; set; } = 15;
}
