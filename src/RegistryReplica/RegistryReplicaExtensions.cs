using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;

namespace StarPlatform.RegistryReplica;

/// <summary>The two calls a service makes to keep a copy of the registry.</summary>
public static class RegistryReplicaExtensions
{
    /// <summary>Consumes the registry's events into the service's copy (queue <c>&lt;service&gt;-registry-units</c>).</summary>
    public static IBusRegistrationConfigurator AddRegistryReplica(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RegistryUnitsConsumer>();
        return bus;
    }

    /// <summary>Maps the copy (table <c>units</c>) in the service's DbContext.</summary>
    public static ModelBuilder AddRegistryReplica(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReplicatedUnit>(b =>
        {
            b.ToTable("units");
            b.HasAssignedKey(u => u.Id);
            b.Property(u => u.Kind).HasWordConversion(16);
            b.Property(u => u.Name).HasMaxLength(200);
            b.Property(u => u.Level).HasWordConversion(16);
            b.Property(u => u.DivisionCode).HasMaxLength(12);
            b.Property(u => u.FloorAreaM2).HasPrecision(10, 2);
            b.Property(u => u.Department).HasMaxLength(200);
            b.Property(u => u.Status).HasWordConversion(16);
            b.Ignore(u => u.IsClosed);
            b.HasIndex(u => u.Name);
            b.HasIndex(u => u.ParentId);
        });
        return modelBuilder;
    }
}
