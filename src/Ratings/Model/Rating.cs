using StarPlatform.Contracts;

namespace StarPlatform.Ratings.Model;

/// <summary>
/// One rating of a served transaction on one channel (one per transaction and channel): its level, an
/// optional comment and, when the rater gave their name, their contact — encrypted
/// (<see cref="ContactProtection"/>) and never in events, logs or traces.
/// </summary>
public sealed class Rating
{
    public const int MaxCommentLength = 500;

    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public required string TransactionId { get; set; }
    public RatingChannel Channel { get; set; }
    public RatingLevel Level { get; set; }
    public string? Comment { get; set; }
    public string? ProtectedContact { get; set; }
    public DateTimeOffset RatedAt { get; set; }

    /// <summary>The month (China time) of the transaction's service: the month the rating counts in.</summary>
    public DateOnly Month { get; set; }
}
