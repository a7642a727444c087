namespace StarPlatform.Complaints.Model;

/// <summary>One unit's cases received in a period.</summary>
public sealed record UnitCaseStatistics(
    Guid UnitId, int Received, int Concluded, int Substantiated, int Violations, int OnTime, int Late, int OpenOverdue,
    decimal? SubstantiationRate, decimal? OnTimeRate);

/// <summary>The arithmetic of the statistics, without a database.</summary>
public static class CaseStatistics
{
    /// <summary>What a case contributes: concluded (with its finding and whether it was on time) or still open.</summary>
    public sealed record CaseFacts(Guid UnitId, bool? Substantiated, bool Violation, DateTimeOffset? ConcludedAt, DateTimeOffset DueAt);

    /// <summary>
    /// Substantiation rate = substantiated / concluded; on-time rate = concluded by the deadline /
    /// (concluded + open cases already past it): an open overdue case counts as late. Rates are
    /// null when there is nothing to divide by; rounded to four places.
    /// </summary>
    public static UnitCaseStatistics For(Guid unitId, IReadOnlyCollection<CaseFacts> cases, DateTimeOffset now)
    {
        var concluded = cases.Where(c => c.ConcludedAt is not null).ToList();
        var substantiated = concluded.Count(c => c.Substantiated == true);
        var onTime = concluded.Count(c => c.ConcludedAt <= c.DueAt);
        var late = concluded.Count - onTime;
        var openOverdue = cases.Count(c => c.ConcludedAt is null && c.DueAt < now);
        return new UnitCaseStatistics(unitId, cases.Count, concluded.Count, substantiated, concluded.Count(c => c.Violation),
            onTime, late, openOverdue,
            concluded.Count == 0 ? null : Math.Round((decimal)substantiated / concluded.Count, 4),
            concluded.Count + openOverdue == 0 ? null : Math.Round((decimal)onTime / (concluded.Count + openOverdue), 4));
    }
}
