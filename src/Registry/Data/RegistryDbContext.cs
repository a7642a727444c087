using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Data;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public DbSet<Center> Centers => Set<Center>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Center>(b =>
        {
            b.HasKey(c => c.Id);
            b.Property(c => c.Name).HasMaxLength(CenterRules.MaxNameLength);
            b.Property(c => c.DivisionCode).HasMaxLength(6).IsFixedLength();
            b.Property(c => c.Address).HasMaxLength(CenterRules.MaxAddressLength);
            b.Property(c => c.FloorAreaM2).HasPrecision(10, 2);
            b.Property(c => c.Level).HasConversion<string>().HasMaxLength(16);
            b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(c => c.Version).IsRowVersion();
            // One service center per division and level.
            b.HasIndex(c => new { c.DivisionCode, c.Level }).IsUnique();
            b.HasIndex(c => c.ParentId);
            b.HasIndex(c => c.Name);
        });

        modelBuilder.AddMessaging();
    }
}
