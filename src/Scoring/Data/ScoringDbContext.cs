using Microsoft.EntityFrameworkCore;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : DbContext(options)
{
    /// <summary>The registry's units (who may apply; appendix 1 item 3's floor area).</summary>
    public DbSet<ReplicatedUnit> Units => Set<ReplicatedUnit>();
    public DbSet<CriteriaVersion> CriteriaVersions => Set<CriteriaVersion>();
    public DbSet<StarScheme> StarSchemes => Set<StarScheme>();
    public DbSet<SatisfactionMapping> SatisfactionMappings => Set<SatisfactionMapping>();
    public DbSet<UnitMonthRatings> UnitMonthRatings => Set<UnitMonthRatings>();
    public DbSet<Cycle> Cycles => Set<Cycle>();
    public DbSet<PanelMember> PanelMembers => Set<PanelMember>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ScoreSheet> ScoreSheets => Set<ScoreSheet>();
    public DbSet<ScoreChange> ScoreChanges => Set<ScoreChange>();
    public DbSet<UnitFinding> UnitFindings => Set<UnitFinding>();
    public DbSet<FindingReversal> FindingReversals => Set<FindingReversal>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddRegistryReplica();

        modelBuilder.Entity<CriteriaVersion>(b =>
        {
            b.ToTable("criteria_versions");
            b.HasKey(v => new { v.Code, v.Version });
            b.Property(v => v.Code).HasMaxLength(64);
            b.Property(v => v.Name).HasMaxLength(200);
            b.Property(v => v.UnitKind).HasWordConversion(16);
            b.Property(v => v.OwnerDivisionCode).HasMaxLength(6);
            b.Property(v => v.TotalPoints).HasPrecision(6, 1);
            // The items travel and are read as one document with their version.
            b.OwnsMany(v => v.Items, items =>
            {
                items.ToJson();
                items.OwnsMany(i => i.Tiers);
                items.OwnsOne(i => i.OutsideVeto, veto => veto.Property(o => o.Finding).HasWordConversion());
            });
        });

        modelBuilder.Entity<StarScheme>(b =>
        {
            b.ToTable("star_schemes");
            b.HasKey(s => new { s.Code, s.Version });
            b.Property(s => s.Code).HasMaxLength(64);
            b.Property(s => s.Creation).HasPrecision(6, 2);
            b.Property(s => s.Satisfaction).HasPrecision(6, 2);
            b.Property(s => s.Panel).HasPrecision(6, 2);
            b.OwnsMany(s => s.Thresholds, t => t.ToJson());
        });

        modelBuilder.Entity<SatisfactionMapping>(b =>
        {
            b.ToTable("satisfaction_mappings");
            b.HasKey(m => new { m.Code, m.Version });
            b.Property(m => m.Code).HasMaxLength(64);
            b.Property(m => m.Points).HasPrecision(6, 2);
            b.Property(m => m.Method).HasMaxLength(16);
            b.Property(m => m.EvidenceSetCode).HasMaxLength(64);
            b.Property(m => m.MinEvaluationRate).HasPrecision(5, 2);
            b.Property(m => m.MinSatisfactionRate).HasPrecision(5, 2);
            b.OwnsMany(m => m.LevelWeights, w =>
            {
                w.ToJson();
                w.Property(x => x.Level).HasWordConversion();
            });
            b.OwnsMany(m => m.Bands, x => x.ToJson());
        });

        modelBuilder.Entity<UnitMonthRatings>(b =>
        {
            b.ToTable("unit_month_ratings");
            b.HasKey(r => new { r.UnitId, r.Month });
        });

        modelBuilder.Entity<Cycle>(b =>
        {
            b.HasAssignedKey(c => c.Id);
            b.HasIndex(c => c.Year).IsUnique();
            b.Property(c => c.Status).HasMaxLength(16);
            b.Property(c => c.SchemeCode).HasMaxLength(64);
            b.OwnsMany(c => c.Criteria, pinned =>
            {
                pinned.ToJson();
                pinned.Property(p => p.UnitKind).HasWordConversion(16);
            });
        });

        modelBuilder.Entity<PanelMember>(b =>
        {
            b.HasAssignedKey(m => m.Id);
            b.Property(m => m.Name).HasMaxLength(200);
            b.Property(m => m.Organisation).HasMaxLength(200);
            b.Property(m => m.AffiliatedDivisionCode).HasMaxLength(12);
        });

        modelBuilder.Entity<Application>(b =>
        {
            b.HasAssignedKey(a => a.Id);
            // One application per unit per cycle; concurrent filings meet here.
            b.HasIndex(a => new { a.CycleId, a.UnitId }).IsUnique();
            b.HasIndex(a => new { a.UnitId, a.CycleYear });
            b.HasIndex(a => new { a.CycleId, a.Status });
            b.Property(a => a.UnitKind).HasWordConversion(16);
            b.Property(a => a.UnitName).HasMaxLength(200);
            b.Property(a => a.UnitLevel).HasWordConversion(16);
            b.Property(a => a.UnitDivisionCode).HasMaxLength(12);
            b.Property(a => a.CriteriaCode).HasMaxLength(64);
            b.Property(a => a.Stage).HasWordConversion(24);
            b.Ignore(a => a.IsDecided);
            b.Property(a => a.Status).HasMaxLength(24);
            b.Property(a => a.DecisionComment).HasMaxLength(2000);
            b.Property(a => a.RevocationCaseNumber).HasMaxLength(64);
            b.Property(a => a.SatisfactionPoints).HasPrecision(6, 2);
            b.Property(a => a.CreationPoints).HasPrecision(6, 2);
            b.Property(a => a.PanelPoints).HasPrecision(6, 2);
            b.Property(a => a.Total).HasPrecision(6, 2);
            b.OwnsMany(a => a.Materials, m => m.ToJson());
            b.OwnsMany(a => a.Vetoes, v => v.ToJson());
        });

        modelBuilder.Entity<ScoreSheet>(b =>
        {
            b.HasKey(s => new { s.ApplicationId, s.EvaluatorId });
            b.Property(s => s.PanelJudgement).HasPrecision(4, 1);
            b.OwnsMany(s => s.Items, items => items.ToJson());
        });

        modelBuilder.Entity<ScoreChange>(b =>
        {
            b.HasIndex(c => new { c.ApplicationId, c.Id });
            b.Property(c => c.ActorRole).HasMaxLength(16);
            b.Property(c => c.Subject).HasMaxLength(24);
            b.Property(c => c.OldPoints).HasPrecision(6, 2);
            b.Property(c => c.NewPoints).HasPrecision(6, 2);
            b.Property(c => c.Reason).HasMaxLength(2000);
        });

        modelBuilder.Entity<UnitFinding>(b =>
        {
            // A complaint can be both substantiated and a violation: one row for each; a re-review may
            // confirm another offence: one row per offence.
            b.HasKey(f => new { f.ComplaintId, f.Source, f.Offence });
            b.HasIndex(f => new { f.UnitId, f.Year });
            b.Property(f => f.Source).HasMaxLength(16);
            b.Property(f => f.Offence).HasMaxLength(32);
            b.Property(f => f.UnitKind).HasWordConversion(16);
            b.Property(f => f.CaseNumber).HasMaxLength(32);
            b.Property(f => f.Category).HasMaxLength(32);
        });

        modelBuilder.Entity<FindingReversal>(b =>
        {
            b.HasKey(r => new { r.ComplaintId, r.Source, r.Offence });
            b.Property(r => r.Source).HasMaxLength(16);
            b.Property(r => r.Offence).HasMaxLength(32);
            b.Property(r => r.CaseNumber).HasMaxLength(32);
            b.Property(r => r.Summary).HasMaxLength(2000);
        });

        modelBuilder.HasIdempotentResponses<IdempotencyRecord>("pk_idempotency_records");
        modelBuilder.AddMessaging();
    }
}
