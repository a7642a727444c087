using MassTransit;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>
/// Keeps Scoring's copy of windows, outlets and every change to a unit (floor area scores
/// appendix 1 item 3). Events may arrive in any order: an update carries the whole unit and is
/// taken only when its revision is newer than the copy's; a closure stays a closure. Saved by the
/// inbox with the message id.
/// </summary>
public sealed class RegistryUnitsConsumer(ScoringDbContext db)
    : IConsumer<WindowOpened>, IConsumer<OutletRegistered>, IConsumer<UnitUpdated>, IConsumer<UnitClosed>
{
    public async Task Consume(ConsumeContext<WindowOpened> context)
    {
        var opened = context.Message;
        if (await db.Units.FindAsync([opened.WindowId], context.CancellationToken) is null)
        {
            db.Units.Add(new Unit
            {
                Id = opened.WindowId,
                Kind = "window",
                Name = opened.Name,
                Level = opened.Level,
                DivisionCode = opened.DivisionCode,
                ParentId = opened.CenterId,
                Status = "active",
                ChangedAt = opened.OpenedAt,
            });
        }
    }

    public async Task Consume(ConsumeContext<OutletRegistered> context)
    {
        var registered = context.Message;
        if (await db.Units.FindAsync([registered.OutletId], context.CancellationToken) is null)
        {
            db.Units.Add(new Unit
            {
                Id = registered.OutletId,
                Kind = "outlet",
                Name = registered.Name,
                Level = registered.Level,
                DivisionCode = registered.DivisionCode,
                ParentId = registered.ParentId,
                Status = "active",
                ChangedAt = registered.RegisteredAt,
            });
        }
    }

    public async Task Consume(ConsumeContext<UnitUpdated> context)
    {
        var updated = context.Message;
        var unit = await db.Units.FindAsync([updated.UnitId], context.CancellationToken);
        if (unit is null)
        {
            unit = new Unit { Id = updated.UnitId, Kind = updated.Kind, Name = updated.Name, Level = updated.Level, Status = updated.Status };
            db.Units.Add(unit);
        }
        else if (updated.Revision <= unit.Revision)
        {
            return;
        }

        unit.Name = updated.Name;
        unit.Level = updated.Level;
        unit.DivisionCode = updated.DivisionCode;
        unit.ParentId = updated.ParentId;
        unit.FloorAreaM2 = updated.FloorAreaM2;
        unit.Status = unit.Status == "closed" ? "closed" : updated.Status;
        unit.Revision = updated.Revision;
        unit.ChangedAt = updated.UpdatedAt;
    }

    public async Task Consume(ConsumeContext<UnitClosed> context)
    {
        var closed = context.Message;
        // Unknown yet: the registration is still on its way; the retry brings this back after it.
        var unit = await db.Units.FindAsync([closed.UnitId], context.CancellationToken)
            ?? throw new InvalidOperationException($"Unit {closed.UnitId} is not known yet.");
        unit.Status = "closed";
        unit.ChangedAt = closed.ClosedAt;
    }
}
