using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>
/// 取消星级资格: Awards revoked the star an approved result gave (<see cref="StarRevoked"/>: the unit and the
/// cycle's year). The result is marked revoked, so the league table and Awards agree: it is no longer ranked
/// and shows no star. Idempotent: the inbox skips a redelivery, and a result already marked keeps its first mark.
/// </summary>
public sealed class StarRevokedConsumer(ScoringDbContext db) : IConsumer<StarRevoked>
{
    public async Task Consume(ConsumeContext<StarRevoked> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        // A decided result takes no other step, so nothing else writes these rows meanwhile.
        var results = await db.Applications
            .Where(a => a.UnitId == m.UnitId && a.CycleYear == m.CycleYear && a.Stage == EvaluationStage.Approved && a.RevokedAt == null)
            .ToListAsync(ct);
        foreach (var result in results)
        {
            result.RevokedAt = m.RevokedAt;
            result.RevocationCaseNumber = m.CaseNumber;
        }
    }
}
