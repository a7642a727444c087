using Microsoft.EntityFrameworkCore;
using StarPlatform.Awards.Model;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Awards.Data;

/// <summary>
/// The awards service's own database: awards and the results that granted them, plaque counters,
/// substantiated complaints, revocations, its copy of the registry's units, the outbox and inbox.
/// </summary>
public sealed class AwardsDbContext(DbContextOptions<AwardsDbContext> options) : DbContext(options)
{
    /// <summary>The registry's units: names, kinds, levels and divisions for the public registry.</summary>
    public DbSet<ReplicatedUnit> Units => Set<ReplicatedUnit>();
    public DbSet<Award> Awards => Set<Award>();
    public DbSet<ApprovedResult> ApprovedResults => Set<ApprovedResult>();
    public DbSet<PlaqueCounter> PlaqueCounters => Set<PlaqueCounter>();
    public DbSet<SubstantiatedComplaint> SubstantiatedComplaints => Set<SubstantiatedComplaint>();
    public DbSet<Revocation> Revocations => Set<Revocation>();
    public DbSet<FindingReversal> FindingReversals => Set<FindingReversal>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddRegistryReplica().Entity<ReplicatedUnit>().HasIndex(u => new { u.Level, u.DivisionCode });

        modelBuilder.Entity<Award>(b =>
        {
            b.ToTable("awards");
            b.HasAssignedKey(a => a.Id);
            b.Property(a => a.UnitKind).HasWordConversion(16);
            b.Property(a => a.PlaqueNumber).HasMaxLength(32);
            b.HasIndex(a => a.PlaqueNumber).IsUnique();
            b.HasIndex(a => a.ApplicationId).IsUnique();
            b.Property(a => a.Total).HasPrecision(5, 2);
            b.Property(a => a.FundingAmount).HasPrecision(14, 2);
            b.Property(a => a.FundingStatus).HasMaxLength(16);
            b.Property(a => a.Status).HasMaxLength(16);
            b.Property(a => a.RevocationReason).HasMaxLength(2400);
            b.Property(a => a.RevocationCaseNumber).HasMaxLength(32);
            b.Property(a => a.RevokedBy).HasMaxLength(100);
            // A unit holds at most one star at a time.
            b.HasIndex(a => a.UnitId).IsUnique().HasFilter("status = 'active'").HasDatabaseName("ix_awards_unit_id_active");
            b.HasIndex(a => new { a.UnitId, a.AwardedAt });
            b.HasIndex(a => new { a.CycleYear, a.Stars });
            // The expiry sweep: active awards by their due time.
            b.HasIndex(a => new { a.Status, a.ExpiresAt });
        });

        modelBuilder.Entity<ApprovedResult>(b =>
        {
            b.HasAssignedKey(r => r.ApplicationId);
            b.Property(r => r.Total).HasPrecision(5, 2);
            b.HasIndex(r => new { r.UnitId, r.CycleYear });
        });

        modelBuilder.Entity<PlaqueCounter>(b =>
        {
            b.ToTable("plaque_counters");
            b.HasKey(c => new { c.CycleYear, c.Stars });
        });

        modelBuilder.Entity<SubstantiatedComplaint>(b =>
        {
            b.HasAssignedKey(c => c.ComplaintId);
            b.Property(c => c.CaseNumber).HasMaxLength(32);
            b.Property(c => c.Category).HasMaxLength(16);
            b.Property(c => c.ReversalSummary).HasMaxLength(FindingReversal.MaxSummaryLength);
            b.HasIndex(c => c.UnitId);
            b.HasIndex(c => c.AwardId);
        });

        modelBuilder.Entity<FindingReversal>(b =>
        {
            b.HasAssignedKey(r => r.ComplaintId);
            b.Property(r => r.CaseNumber).HasMaxLength(32);
            b.Property(r => r.Summary).HasMaxLength(FindingReversal.MaxSummaryLength);
            b.Property(r => r.ReversedOffence).HasWordConversion();
        });

        // A revocation is locked by its row (LockedSteps) while a step decides.
        modelBuilder.Entity<Revocation>(b =>
        {
            b.ToTable("revocations");
            b.HasAssignedKey(r => r.Id);
            b.Property(r => r.Status).HasWordConversion();
            b.Property(r => r.Offence).HasWordConversion();
            b.Property(r => r.CaseNumber).HasMaxLength(32);
            b.Property(r => r.Category).HasMaxLength(16);
            b.Property(r => r.DecidedBy).HasMaxLength(100);
            b.Property(r => r.ReversalSummary).HasMaxLength(FindingReversal.MaxSummaryLength);
            b.Property(r => r.Comment).HasMaxLength(2000);
            b.HasIndex(r => r.ComplaintId);
            b.HasIndex(r => new { r.AwardId, r.Status });
            b.HasIndex(r => new { r.Status, r.OpenedAt });
        });

        modelBuilder.AddMessaging();
    }
}
