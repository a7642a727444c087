using StarPlatform.Contracts;

namespace StarPlatform.Ratings.Apis;

/// <summary>
/// A record a device uploads: a transaction it served (its queue or device id for it, the service item and
/// when), and the rating given on the device for it, when one was. <c>unitId</c> is the device's center or a
/// window or outlet under it; left out, the device's own unit.
/// </summary>
public sealed record DeviceRecordRequest(string? RecordId, Guid? UnitId, string? TransactionId, string? ServiceItem, DateTimeOffset? ServedAt,
    RatingLevel? Level, string? Comment);

/// <summary>A batch of up to 1,000 records (JSON; CSV has the same columns with a header row).</summary>
public sealed record DeviceBatchRequest(List<DeviceRecordRequest>? Records);

/// <summary>
/// What became of one record (<c>row</c> counted from 1): <c>recorded</c> (the transaction, and its rating when
/// it had one), <c>already-rated</c> (recorded, but the transaction had a device rating already), or
/// <c>duplicate</c> (this device sent this record id before: nothing changed, <c>firstOutcome</c> says what it got then).
/// </summary>
public sealed record DeviceRecordOutcome(int Row, string RecordId, DeviceRecordStatus Outcome, DeviceRecordStatus? FirstOutcome);

public enum DeviceRecordStatus
{
    Recorded,
    AlreadyRated,
    Duplicate,
}

/// <summary>The batch's answer: counts and each record's outcome, in the order sent.</summary>
public sealed record DeviceBatchResponse(int Received, int Recorded, int AlreadyRated, int Duplicates, IReadOnlyList<DeviceRecordOutcome> Records);

/// <summary>A real-name rater's contact: shown only to the staff who call back.</summary>
public sealed record ContactRequest(string? Name, string? Phone);

/// <summary>
/// A rating given online, on the mobile app, by SMS or on the hotline's callback (one at a time): the
/// transaction it names (its unit and id, as printed on the receipt), the level, an optional comment and,
/// for a real-name rating, the rater's contact.
/// </summary>
public sealed record RatingRequest(Guid? UnitId, string? TransactionId, RatingChannel? Channel, RatingLevel? Level, string? Comment,
    ContactRequest? Contact);

/// <summary>A rating as recorded (without the contact).</summary>
public sealed record RatingResponse(Guid Id, Guid UnitId, string TransactionId, RatingChannel Channel, RatingLevel Level, string? Comment,
    bool RealName, DateTimeOffset RatedAt, string Month);

/// <summary>Counts by level.</summary>
public sealed record LevelCounts(long VerySatisfied, long Satisfied, long FairlySatisfied, long Dissatisfied, long VeryDissatisfied);

/// <summary>
/// One period's figures: transactions served and rated, ratings by level, the evaluation rate (评价率: rated
/// ÷ served, %) and the satisfaction rate (满意率: good ratings ÷ ratings, %), null when there is nothing to divide by.
/// </summary>
public sealed record RateFigures(long Served, long Rated, long Ratings, LevelCounts Levels, decimal? EvaluationRate, decimal? SatisfactionRate);

/// <summary>A month's figures (<c>month</c> as yyyy-MM, China time).</summary>
public sealed record MonthFigures(string Month, RateFigures Figures);

/// <summary>
/// A unit's bad ratings worked (差评整改) over a period, by the cases opened in it: cases opened, real-name cases
/// whose rater was to be called back and was (and on time), cases rectified or explained (and on time), closed, and
/// those that missed a deadline. The callback rate (回访率) is called back ÷ callbacks due; the rectification rate
/// (整改率) is rectified or explained ÷ opened; both in percent, null when there is nothing to divide by.
/// </summary>
public sealed record RectificationFigures(long Opened, long CallbacksDue, long CalledBack, long CalledBackOnTime, long Rectified, long Explained,
    long HandledOnTime, long Closed, long Overdue, decimal? CallbackRate, decimal? RectificationRate);

/// <summary>A unit's figures per month over a period, and over the whole period, with its bad ratings' rectification over the period.</summary>
public sealed record UnitRates(Guid UnitId, string? UnitName, UnitKind? UnitKind, string From, string To, RateFigures Total,
    IReadOnlyList<MonthFigures> Months, RectificationFigures Rectification);

/// <summary>A unit's figures for one month, in the month's list of units.</summary>
public sealed record UnitMonth(Guid UnitId, string? UnitName, UnitKind? UnitKind, string? DivisionCode, RateFigures Figures);
