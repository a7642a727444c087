namespace StarPlatform.Contracts;

/// <summary>
/// A bad rating (差评: 不满意 or 非常不满意) was received for a served transaction: the unit is to call
/// the rater back, rectify and answer. Carries no contact of the rater (that stays encrypted in Ratings).
/// </summary>
public sealed record BadRatingReceived(
    Guid RatingId,
    Guid UnitId,
    string TransactionId,
    string ServiceItem,
    RatingChannel Channel,
    RatingLevel Level,
    DateTimeOffset ServedAt,
    DateTimeOffset RatedAt);

/// <summary>
/// A rectification case (差评整改) missed a deadline: <c>callback</c> (a real-name rater not called back within its
/// working days) or <c>rectification</c> (neither rectified nor explained within its working days). Published once
/// per case and deadline. Carries no contact of the rater.
/// </summary>
public sealed record RectificationOverdue(
    Guid CaseId,
    Guid RatingId,
    Guid UnitId,
    string Deadline,
    DateTimeOffset DueAt,
    DateTimeOffset FlaggedAt);

/// <summary>
/// A rectification case was closed: the rater was called back (when real-name), the unit rectified or explained
/// why not, and the rater was answered. <c>Rectified</c> is false when the unit explained why it could not.
/// </summary>
public sealed record RectificationClosed(
    Guid CaseId,
    Guid RatingId,
    Guid UnitId,
    bool Rectified,
    bool CalledBackOnTime,
    bool RectifiedOnTime,
    DateTimeOffset ClosedAt);
