using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;

namespace StarPlatform.RegistryReplica;

/// <summary>
/// Keeps the service's copy of the registry (<see cref="ReplicatedUnit"/>) from the registry's
/// events. Events arrive in any order (each type has its own binding, the relay publishes batches
/// concurrently, redeliveries happen), so one rule decides every change:
/// <list type="bullet">
/// <item>a registration adds the unit if the copy does not hold it yet, and changes nothing otherwise;</item>
/// <item>an update carries the whole unit and is taken only when its revision is newer than the
/// copy's (an update for a unit not held yet creates it);</item>
/// <item>a closure is final: nothing reopens a closed copy;</item>
/// <item>a closure for a unit the copy does not hold yet fails, and is retried until its
/// registration has arrived.</item>
/// </list>
/// Runs in the consume's transaction (<c>TransactionalConsumeFilter</c>): the inbox skips redeliveries.
/// </summary>
public sealed class RegistryUnitsConsumer(DbContext db)
    : IConsumer<CenterRegistered>, IConsumer<WindowOpened>, IConsumer<OutletRegistered>, IConsumer<UnitUpdated>, IConsumer<UnitClosed>
{
    private DbSet<ReplicatedUnit> Units => db.Set<ReplicatedUnit>();

    public Task Consume(ConsumeContext<CenterRegistered> context)
    {
        var m = context.Message;
        return AddIfNewAsync(new ReplicatedUnit
        {
            Id = m.CenterId, Kind = UnitKind.Center, Name = m.Name, Level = m.Level, DivisionCode = m.DivisionCode,
            ParentId = m.ParentId, FloorAreaM2 = m.FloorAreaM2, ChangedAt = m.RegisteredAt,
        }, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<WindowOpened> context)
    {
        var m = context.Message;
        return AddIfNewAsync(new ReplicatedUnit
        {
            Id = m.WindowId, Kind = UnitKind.Window, Name = m.Name, Level = m.Level, DivisionCode = m.DivisionCode,
            ParentId = m.CenterId, Department = m.Department, ChangedAt = m.OpenedAt,
        }, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<OutletRegistered> context)
    {
        var m = context.Message;
        return AddIfNewAsync(new ReplicatedUnit
        {
            Id = m.OutletId, Kind = UnitKind.Outlet, Name = m.Name, Level = m.Level, DivisionCode = m.DivisionCode,
            ParentId = m.ParentId, ChangedAt = m.RegisteredAt,
        }, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<UnitUpdated> context)
    {
        var m = context.Message;
        var unit = await Units.FindAsync([m.UnitId], context.CancellationToken);
        if (unit is null)
        {
            unit = new ReplicatedUnit { Id = m.UnitId, Kind = m.Kind, Name = m.Name, Status = m.Status };
            Units.Add(unit);
        }
        else if (m.Revision <= unit.Revision)
        {
            return;
        }

        unit.Name = m.Name;
        unit.Level = m.Level;
        unit.DivisionCode = m.DivisionCode;
        unit.ParentId = m.ParentId;
        unit.FloorAreaM2 = m.FloorAreaM2;
        unit.Department = m.Department;
        unit.Status = unit.IsClosed ? UnitStatus.Closed : m.Status;
        unit.Revision = m.Revision;
        unit.ChangedAt = m.UpdatedAt;
    }

    public async Task Consume(ConsumeContext<UnitClosed> context)
    {
        var m = context.Message;
        // Unknown yet: the registration is still on its way; the retry brings this back after it.
        var unit = await Units.FindAsync([m.UnitId], context.CancellationToken)
            ?? throw new InvalidOperationException($"Unit {m.UnitId} is not known yet.");
        unit.Status = UnitStatus.Closed;
        unit.Revision = Math.Max(unit.Revision, m.Revision);
        unit.ChangedAt = m.ClosedAt;
    }

    private async Task AddIfNewAsync(ReplicatedUnit unit, CancellationToken ct)
    {
        if (await Units.FindAsync([unit.Id], ct) is null)
        {
            Units.Add(unit);
        }
    }
}
