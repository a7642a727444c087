using Microsoft.EntityFrameworkCore;
using StarPlatform.Complaints.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Data;

public sealed class ComplaintsDbContext(DbContextOptions<ComplaintsDbContext> options) : DbContext(options)
{
    public DbSet<TargetUnit> TargetUnits => Set<TargetUnit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TargetUnit>(b =>
        {
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).ValueGeneratedNever();
            b.Property(u => u.Kind).HasMaxLength(16);
            b.Property(u => u.Name).HasMaxLength(200);
            b.Property(u => u.DivisionCode).HasMaxLength(12);
            b.HasIndex(u => u.Name);
        });

        modelBuilder.AddMessaging();
    }
}
