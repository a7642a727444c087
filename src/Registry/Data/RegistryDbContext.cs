using Microsoft.EntityFrameworkCore;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Data;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    /// <summary>Unique constraints, named so a violation can be told apart (409 with the right words).</summary>
    public const string CenterDivisionIndex = "ix_centers_division_code_level";
    public const string WindowNameIndex = "ix_windows_center_id_department_name";
    public const string OutletDivisionIndex = "ix_outlets_division_code";
    public const string OutletNameIndex = "ix_outlets_parent_id_name";
    public const string IdempotencyKeyIndex = "pk_idempotency_records";

    public DbSet<Center> Centers => Set<Center>();
    public DbSet<Window> Windows => Set<Window>();
    public DbSet<Outlet> Outlets => Set<Outlet>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

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
            b.Property(c => c.Hotlines).HasColumnType("text[]");
            b.Property(c => c.Version).IsRowVersion();
            // One service center per division and level.
            b.HasIndex(c => new { c.DivisionCode, c.Level }).IsUnique().HasDatabaseName(CenterDivisionIndex);
            b.HasIndex(c => c.ParentId);
            b.HasIndex(c => c.Name);
        });

        modelBuilder.Entity<Window>(b =>
        {
            b.HasKey(w => w.Id);
            b.Property(w => w.Department).HasMaxLength(UnitRules.MaxNameLength);
            b.Property(w => w.Name).HasMaxLength(UnitRules.MaxNameLength);
            b.Property(w => w.Level).HasConversion<string>().HasMaxLength(16);
            b.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(w => w.Version).IsRowVersion();
            // A department has one window of a name in a center.
            b.HasIndex(w => new { w.CenterId, w.Department, w.Name }).IsUnique().HasDatabaseName(WindowNameIndex);
        });

        modelBuilder.Entity<Outlet>(b =>
        {
            b.HasKey(o => o.Id);
            b.Property(o => o.Name).HasMaxLength(UnitRules.MaxNameLength);
            b.Property(o => o.DivisionCode).HasMaxLength(12);
            b.Property(o => o.Address).HasMaxLength(UnitRules.MaxAddressLength);
            b.Property(o => o.Level).HasConversion<string>().HasMaxLength(16);
            b.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(o => o.Version).IsRowVersion();
            b.HasIndex(o => o.DivisionCode).IsUnique().HasFilter("division_code IS NOT NULL").HasDatabaseName(OutletDivisionIndex);
            // Siblings have different names.
            b.HasIndex(o => new { o.ParentId, o.Name }).IsUnique().HasDatabaseName(OutletNameIndex);
            b.HasIndex(o => o.Name);
        });

        modelBuilder.HasIdempotentResponses<IdempotencyRecord>(IdempotencyKeyIndex);

        modelBuilder.AddMessaging();
    }
}
