namespace StarPlatform.Ratings.Model;

/// <summary>
/// A unit's counts for one month (China time), kept current in the transaction that records a transaction
/// or a rating: transactions served, transactions rated (on any channel), and ratings by level.
/// </summary>
public sealed class MonthlyRate
{
    public Guid UnitId { get; set; }
    public DateOnly Month { get; set; }
    public long Served { get; set; }
    public long Rated { get; set; }
    public long VerySatisfied { get; set; }
    public long Satisfied { get; set; }
    public long FairlySatisfied { get; set; }
    public long Dissatisfied { get; set; }
    public long VeryDissatisfied { get; set; }
}
