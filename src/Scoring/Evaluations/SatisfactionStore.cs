using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Evaluations;

/// <summary>
/// What 好差评 says of an application (decision 0019): the unit's counts over the cycle year's months from
/// Scoring's copy of Ratings' figures, and the points and item evidence the newest published mapping gives them.
/// </summary>
public sealed class SatisfactionStore(ScoringDbContext db)
{
    public async Task<DerivedSatisfaction> DeriveAsync(Application application, CancellationToken ct)
    {
        var from = new DateOnly(application.CycleYear, 1, 1);
        var to = new DateOnly(application.CycleYear, 12, 1);
        var months = await db.UnitMonthRatings.AsNoTracking()
            .Where(r => r.UnitId == application.UnitId && r.Month >= from && r.Month <= to).ToListAsync(ct);
        var counts = UnitMonthCounts.Total(months);
        var mapping = (await db.SatisfactionMappings.AsNoTracking().OrderByDescending(m => m.PublishedAt).ThenByDescending(m => m.Version)
            .FirstOrDefaultAsync(ct))?.ToPublished();
        return new DerivedSatisfaction(from, to, counts, mapping, mapping is null ? null : SatisfactionMath.Points(mapping, counts),
            mapping is not null && mapping.EvidenceSetCode == application.CriteriaCode);
    }
}
