using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring;

/// <summary>
/// Scoring's business meter (<see cref="MeterName"/>): applications by evaluation stage, read from
/// the database at most every <see cref="ReadEvery"/> (one grouped count).
/// </summary>
public sealed class ScoringMetrics
{
    public const string MeterName = "StarPlatform.Scoring";
    public static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(10);

    public ScoringMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        var byStage = new SampledReading<IReadOnlyDictionary<EvaluationStage, int>>(scopes, CountByStageAsync,
            new Dictionary<EvaluationStage, int>(), ReadEvery, clock);
        meters.Create(MeterName).CreateObservableGauge("starplatform.scoring.evaluations",
            () => Enum.GetValues<EvaluationStage>().Select(stage => new Measurement<int>(
                byStage.Latest().GetValueOrDefault(stage), new KeyValuePair<string, object?>("stage", Words.Of(stage)))),
            "{application}", "Applications by evaluation stage (applied, under-review, scored, awaiting-approval, approved, rejected).");
    }

    private static async Task<IReadOnlyDictionary<EvaluationStage, int>> CountByStageAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<ScoringDbContext>().Applications.AsNoTracking()
            .GroupBy(a => a.Stage).Select(g => new { Stage = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Stage, g => g.Count, ct);
}
