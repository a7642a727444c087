using StarPlatform.Contracts;

namespace StarPlatform.Ratings.Model;

/// <summary>
/// A unit's counts for one month (China time), kept current in the transaction that records a transaction
/// or a rating: transactions served, transactions rated (on any channel), and ratings by level.
/// </summary>
public sealed class MonthlyRate : UnitMonthCounts;
