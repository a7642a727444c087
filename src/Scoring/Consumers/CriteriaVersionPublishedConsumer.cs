using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using MassTransit;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
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
        // The catalog announces every version at each start: two announcements of one version may be
        // consumed at once (two deliveries, or two copies of this service). They take turns here.
        await db.Database.LockForTransactionAsync($"criteria-version/{published.Code}/{published.Version}", context.CancellationToken);
        if (await db.CriteriaVersions.FindAsync([published.Code, published.Version], context.CancellationToken) is { } held)
        {
            // A copy made before the catalog said which outside finding fails which veto item takes
            // those ties once (the catalog announces its versions again at every start).
            if (held.Items.All(i => i.OutsideVeto is null) && published.Items.Any(i => i.OutsideVeto is not null))
            {
                var ties = published.Items.Where(i => i.OutsideVeto is not null).ToDictionary(i => i.Number, i => i.OutsideVeto!);
                held.Items = held.Items.Select(i => new CriteriaItem
                {
                    Number = i.Number, Category = i.Category, Text = i.Text, MaxPoints = i.MaxPoints, Kind = i.Kind, Veto = i.Veto,
                    Tiers = i.Tiers,
                    OutsideVeto = ties.TryGetValue(i.Number, out var veto) ? ToOutsideVeto(veto) : null,
                }).ToList();
            }

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
                OutsideVeto = i.OutsideVeto is { } veto ? ToOutsideVeto(veto) : null,
            }).ToList(),
        });
    }

    private static OutsideVeto ToOutsideVeto(PublishedOutsideVeto veto) =>
        new() { Finding = veto.Finding, Offences = veto.Offences.Select(o => Words.Of(o)).ToList() };
}
