using MassTransit;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Awards.Consumers;

/// <summary>
/// Keeps Awards' copy of every registry unit. Events may arrive in any order: an update carries
/// the whole unit and is taken only when its revision is newer than the copy's; a closure stays
/// a closure. Saved by the inbox with the message id.
/// </summary>
public sealed class RegistryUnitsConsumer(AwardsDbContext db)
    : IConsumer<CenterRegistered>, IConsumer<WindowOpened>, IConsumer<OutletRegistered>, IConsumer<UnitUpdated>, IConsumer<UnitClosed>
{
    public Task Consume(ConsumeContext<CenterRegistered> context)
    {
        var m = context.Message;
        return AddIfNewAsync(new Unit
        {
            Id = m.CenterId, Kind = "center", Name = m.Name, Level = m.Level, DivisionCode = m.DivisionCode,
            ParentId = m.ParentId, Status = "active", ChangedAt = m.RegisteredAt,
        }, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<WindowOpened> context)
    {
        var m = context.Message;
        return AddIfNewAsync(new Unit
        {
            Id = m.WindowId, Kind = "window", Name = m.Name, Level = m.Level, DivisionCode = m.DivisionCode,
            ParentId = m.CenterId, Status = "active", ChangedAt = m.OpenedAt,
        }, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<OutletRegistered> context)
    {
        var m = context.Message;
        return AddIfNewAsync(new Unit
        {
            Id = m.OutletId, Kind = "outlet", Name = m.Name, Level = m.Level, DivisionCode = m.DivisionCode,
            ParentId = m.ParentId, Status = "active", ChangedAt = m.RegisteredAt,
        }, context.CancellationToken);
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

    private async Task AddIfNewAsync(Unit unit, CancellationToken ct)
    {
        if (await db.Units.FindAsync([unit.Id], ct) is null)
        {
            db.Units.Add(unit);
        }
    }
}
