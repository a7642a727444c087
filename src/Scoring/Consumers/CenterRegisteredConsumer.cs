using MassTransit;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>Keeps Scoring's copy of a newly registered center. Saved by the inbox with the message id.</summary>
public sealed class CenterRegisteredConsumer(ScoringDbContext db) : IConsumer<CenterRegistered>
{
    public async Task Consume(ConsumeContext<CenterRegistered> context)
    {
        var registered = context.Message;
        var unit = await db.Units.FindAsync([registered.CenterId], context.CancellationToken);
        if (unit is null)
        {
            db.Units.Add(new Unit
            {
                Id = registered.CenterId,
                Kind = "center",
                Name = registered.Name,
                Level = registered.Level,
                DivisionCode = registered.DivisionCode,
                ParentId = registered.ParentId,
                FloorAreaM2 = registered.FloorAreaM2,
                Status = "active",
                ChangedAt = registered.RegisteredAt,
            });
        }
    }
}
