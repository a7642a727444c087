using StarPlatform.Contracts;

namespace StarPlatform.Ratings.Model;

/// <summary>
/// A unit's counts for one month (China time), kept current in the transaction that records a transaction
/// or a rating: transactions served, transactions rated (on any channel), and ratings by level; and the tally
/// last announced to the other services (<see cref="AnnouncedTally"/>), which the month announcer moves.
/// </summary>
public sealed class MonthlyRate : UnitMonthCounts
{
    /// <summary>The row's tally (<see cref="UnitMonthRatingsChanged.Tally"/>) as a column expression.</summary>
    public const string TallySql = "served + rated + very_satisfied + satisfied + fairly_satisfied + dissatisfied + very_dissatisfied";

    /// <summary>The rows whose counts moved since they were last announced (the partial index's filter, repeated word for word by the announcer).</summary>
    public const string Unannounced = $"announced_tally < {TallySql}";

    public const string UnannouncedIndex = "ix_monthly_rates_unannounced";

    /// <summary>
    /// The tally of the counts last announced with <see cref="UnitMonthRatingsChanged"/> (0: never): the counts only
    /// grow, so a row whose tally is larger has changes to announce.
    /// </summary>
    public long AnnouncedTally { get; set; }
}
