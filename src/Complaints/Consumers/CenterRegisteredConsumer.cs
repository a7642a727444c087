using MassTransit;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Complaints.Consumers;

/// <summary>Makes a newly registered center a possible complaint target. Saved by the inbox with the message id.</summary>
public sealed class CenterRegisteredConsumer(ComplaintsDbContext db) : IConsumer<CenterRegistered>
{
    public async Task Consume(ConsumeContext<CenterRegistered> context)
    {
        var registered = context.Message;
        if (await db.TargetUnits.FindAsync([registered.CenterId], context.CancellationToken) is not null)
        {
            return;
        }

        db.TargetUnits.Add(new TargetUnit
        {
            Id = registered.CenterId,
            Kind = "center",
            Name = registered.Name,
            DivisionCode = registered.DivisionCode,
            ParentId = registered.ParentId,
            ChangedAt = registered.RegisteredAt,
        });
    }
}
