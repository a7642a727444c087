using MassTransit;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>
/// Keeps Scoring's copy of each published criteria version. Idempotent twice over: the inbox
/// skips a redelivered message, and a version already held (published versions never change) is
/// left as it is. Saved by the transactional consume filter.
/// </summary>
public sealed class CriteriaVersionPublishedConsumer(ScoringDbContext db) : IConsumer<CriteriaVersionPublished>
{
    public async Task Consume(ConsumeContext<CriteriaVersionPublished> context)
    {
        var published = context.Message;
        if (await db.CriteriaVersions.FindAsync([published.Code, published.Version], context.CancellationToken) is not null)
        {
            return;
        }

        db.CriteriaVersions.Add(new CriteriaVersion
        {
            Code = published.Code,
            Version = published.Version,
            Name = published.Name,
            UnitKind = published.UnitKind,
            OwnerDivisionCode = published.OwnerDivisionCode,
            TotalPoints = published.TotalPoints,
            PublishedAt = published.PublishedAt,
            Items = published.Items.Select(i => new CriteriaItem
            {
                Number = i.Number,
                Category = i.Category,
                Text = i.Text,
                MaxPoints = i.MaxPoints,
                Kind = i.Kind,
                Veto = i.Veto,
                Tiers = i.Tiers.Select(t => new CriteriaTier { Level = t.Level, MinFloorAreaM2 = t.MinFloorAreaM2, Points = t.Points }).ToList(),
            }).ToList(),
        });
    }
}
