using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : DbContext(options)
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
            b.Property(u => u.FloorAreaM2).HasPrecision(10, 2);
        });

        modelBuilder.AddMessaging();
    }
}
