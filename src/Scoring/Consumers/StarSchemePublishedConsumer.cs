using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using MassTransit;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>
/// Keeps Scoring's copy of each star scheme version the catalog publishes. Published versions never
/// change, so a version already held is left as it is (and the inbox skips redeliveries).
/// </summary>
public sealed class StarSchemePublishedConsumer(ScoringDbContext db) : IConsumer<StarSchemePublished>
{
    public async Task Consume(ConsumeContext<StarSchemePublished> context)
    {
        var m = context.Message;
        // The catalog announces every version at each start: two announcements of one version may be
        // consumed at once (two deliveries, or two copies of this service). They take turns here.
        await db.Database.LockForTransactionAsync($"star-scheme/{m.Code}/{m.Version}", context.CancellationToken);
        if (await db.StarSchemes.FindAsync([m.Code, m.Version], context.CancellationToken) is not null)
        {
            return;
        }

        db.StarSchemes.Add(new StarScheme
        {
            Code = m.Code,
            Version = m.Version,
            Creation = m.Creation,
            Satisfaction = m.Satisfaction,
            Panel = m.Panel,
            Thresholds = m.Thresholds.Select(t => new StarThreshold { Stars = t.Stars, MinTotal = t.MinTotal }).ToList(),
            VetoCancelsStars = m.VetoCancelsStars,
            PublishedAt = m.PublishedAt,
        });
    }
}
