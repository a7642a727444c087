using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Data;

/// <summary>The awards service's own database: its copy of the registry's units, the outbox and inbox.</summary>
public sealed class AwardsDbContext(DbContextOptions<AwardsDbContext> options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Unit>(b =>
        {
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).ValueGeneratedNever();
            b.Property(u => u.Kind).HasMaxLength(16);
            b.Property(u => u.Name).HasMaxLength(200);
            b.Property(u => u.Level).HasMaxLength(16);
            b.Property(u => u.DivisionCode).HasMaxLength(12);
            b.Property(u => u.Status).HasMaxLength(16);
            b.HasIndex(u => new { u.Level, u.DivisionCode });
        });

        modelBuilder.AddMessaging();
    }
}
