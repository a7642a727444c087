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
