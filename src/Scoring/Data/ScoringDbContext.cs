using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<CriteriaVersion> CriteriaVersions => Set<CriteriaVersion>();

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

        modelBuilder.Entity<CriteriaVersion>(b =>
        {
            b.ToTable("criteria_versions");
            b.HasKey(v => new { v.Code, v.Version });
            b.Property(v => v.Code).HasMaxLength(64);
            b.Property(v => v.Name).HasMaxLength(200);
            b.Property(v => v.UnitKind).HasMaxLength(16);
            b.Property(v => v.OwnerDivisionCode).HasMaxLength(6);
            b.Property(v => v.TotalPoints).HasPrecision(6, 1);
            // The items travel and are read as one document with their version.
            b.OwnsMany(v => v.Items, items =>
            {
                items.ToJson();
                items.OwnsMany(i => i.Tiers);
            });
        });

        modelBuilder.AddMessaging();
    }
}
