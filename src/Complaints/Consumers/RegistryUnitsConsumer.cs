using MassTransit;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Complaints.Consumers;

/// <summary>
/// Keeps Complaints' targets current: windows and outlets become targets, updates rename or
/// move them, a closed unit takes no new complaints. Events may arrive in any order: an update
/// carries the whole unit and is taken only when its revision is newer than the copy's; a
/// closure stays a closure. Saved by the inbox with the message id.
/// </summary>
public sealed class RegistryUnitsConsumer(ComplaintsDbContext db)
    : IConsumer<WindowOpened>, IConsumer<OutletRegistered>, IConsumer<UnitUpdated>, IConsumer<UnitClosed>
{
    public async Task Consume(ConsumeContext<WindowOpened> context)
    {
        var opened = context.Message;
        if (await db.TargetUnits.FindAsync([opened.WindowId], context.CancellationToken) is null)
        {
            db.TargetUnits.Add(new TargetUnit
            {
                Id = opened.WindowId,
                Kind = "window",
                Name = opened.Name,
                DivisionCode = opened.DivisionCode,
                ParentId = opened.CenterId,
                ChangedAt = opened.OpenedAt,
            });
        }
    }

    public async Task Consume(ConsumeContext<OutletRegistered> context)
    {
        var registered = context.Message;
        if (await db.TargetUnits.FindAsync([registered.OutletId], context.CancellationToken) is null)
        {
            db.TargetUnits.Add(new TargetUnit
            {
                Id = registered.OutletId,
                Kind = "outlet",
                Name = registered.Name,
                DivisionCode = registered.DivisionCode,
                ParentId = registered.ParentId,
                ChangedAt = registered.RegisteredAt,
            });
        }
    }

    public async Task Consume(ConsumeContext<UnitUpdated> context)
    {
        var updated = context.Message;
        var unit = await db.TargetUnits.FindAsync([updated.UnitId], context.CancellationToken);
        if (unit is null)
        {
            unit = new TargetUnit { Id = updated.UnitId, Kind = updated.Kind, Name = updated.Name };
            db.TargetUnits.Add(unit);
        }
        else if (updated.Revision <= unit.Revision)
        {
            return;
        }

        unit.Name = updated.Name;
        unit.DivisionCode = updated.DivisionCode;
        unit.ParentId = updated.ParentId;
        unit.AcceptsComplaints = unit.AcceptsComplaints && updated.Status != "closed";
        unit.Revision = updated.Revision;
        unit.ChangedAt = updated.UpdatedAt;
    }

    public async Task Consume(ConsumeContext<UnitClosed> context)
    {
        var closed = context.Message;
        // Unknown yet: the registration is still on its way; the retry brings this back after it.
        var unit = await db.TargetUnits.FindAsync([closed.UnitId], context.CancellationToken)
            ?? throw new InvalidOperationException($"Unit {closed.UnitId} is not known yet.");
        unit.AcceptsComplaints = false;
        unit.ChangedAt = closed.ClosedAt;
    }
}
