using Microsoft.EntityFrameworkCore;
using StarPlatform.Criteria.Model;
using StarPlatform.Http;
using StarPlatform.Messaging;

namespace StarPlatform.Criteria.Data;

/// <summary>The criteria service's own database: sets, versions, categories, items, star schemes, outbox and inbox.</summary>
public sealed class CriteriaDbContext(DbContextOptions<CriteriaDbContext> options) : DbContext(options)
{
    public DbSet<CriteriaSet> Sets => Set<CriteriaSet>();
    public DbSet<CriteriaVersion> Versions => Set<CriteriaVersion>();
    public DbSet<CriteriaCategory> Categories => Set<CriteriaCategory>();
    public DbSet<CriteriaItem> Items => Set<CriteriaItem>();
    public DbSet<StarScheme> StarSchemes => Set<StarScheme>();
    public DbSet<SatisfactionMapping> SatisfactionMappings => Set<SatisfactionMapping>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CriteriaSet>(b =>
        {
            b.ToTable("criteria_sets");
            b.HasKey(s => s.Id);
            b.Property(s => s.Code).HasMaxLength(CriteriaRules.MaxCodeLength);
            b.Property(s => s.Name).HasMaxLength(CriteriaRules.MaxNameLength);
            b.Property(s => s.UnitKind).HasConversion<string>().HasMaxLength(16);
            b.Property(s => s.OwnerDivisionCode).HasMaxLength(6).IsFixedLength();
            // One set per code: concurrent seed loads or duplicate creations cannot both insert.
            b.HasIndex(s => s.Code).IsUnique();
            b.HasMany(s => s.Versions).WithOne(v => v.Set).HasForeignKey(v => v.SetId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CriteriaVersion>(b =>
        {
            b.ToTable("criteria_versions");
            b.HasKey(v => v.Id);
            b.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(v => v.TotalPoints).HasPrecision(6, 1);
            b.Property(v => v.Source).HasMaxLength(CriteriaRules.MaxNameLength);
            b.Property(v => v.RowVersion).IsRowVersion();
            b.HasIndex(v => new { v.SetId, v.Number }).IsUnique();
            // At most one draft per set.
            b.HasIndex(v => v.SetId).IsUnique().HasFilter("status = 'Draft'").HasDatabaseName("ix_criteria_versions_one_draft_per_set");
            b.HasMany(v => v.Categories).WithOne().HasForeignKey(c => c.VersionId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(v => v.Items).WithOne().HasForeignKey(i => i.VersionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CriteriaCategory>(b =>
        {
            b.ToTable("criteria_categories");
            b.HasKey(c => c.Id);
            b.Property(c => c.Name).HasMaxLength(CriteriaRules.MaxNameLength);
            b.Property(c => c.Points).HasPrecision(6, 1);
            b.HasIndex(c => new { c.VersionId, c.Number }).IsUnique();
        });

        modelBuilder.Entity<CriteriaItem>(b =>
        {
            b.ToTable("criteria_items");
            b.HasKey(i => i.Id);
            b.Property(i => i.Text).HasMaxLength(CriteriaRules.MaxTextLength);
            b.Property(i => i.Notes).HasMaxLength(CriteriaRules.MaxNotesLength);
            b.Property(i => i.MaxPoints).HasPrecision(6, 1);
            b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(i => new { i.VersionId, i.Number }).IsUnique();
            b.OwnsMany(i => i.Tiers, t => t.ToJson());
            b.OwnsOne(i => i.OutsideVeto, o =>
            {
                o.ToJson();
                o.Property(v => v.Finding).HasConversion<string>();
                o.PrimitiveCollection(v => v.Offences).ElementType().HasConversion<string>();
            });
        });

        modelBuilder.Entity<StarScheme>(b =>
        {
            b.ToTable("star_schemes");
            b.HasKey(s => s.Id);
            b.Property(s => s.Code).HasMaxLength(CriteriaRules.MaxCodeLength);
            b.Property(s => s.CreationPoints).HasPrecision(6, 1);
            b.Property(s => s.SatisfactionPoints).HasPrecision(6, 1);
            b.Property(s => s.PanelPoints).HasPrecision(6, 1);
            b.Property(s => s.Source).HasMaxLength(CriteriaRules.MaxNameLength);
            b.HasIndex(s => new { s.Code, s.Version }).IsUnique();
            b.OwnsMany(s => s.Thresholds, t => t.ToJson());
            b.Ignore(s => s.MaxTotal);
        });

        modelBuilder.Entity<SatisfactionMapping>(b =>
        {
            b.ToTable("satisfaction_mappings");
            b.HasKey(m => m.Id);
            b.Property(m => m.Code).HasMaxLength(CriteriaRules.MaxCodeLength);
            b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(m => m.Points).HasPrecision(6, 1);
            b.Property(m => m.Method).HasMaxLength(16);
            b.Property(m => m.EvidenceSetCode).HasMaxLength(CriteriaRules.MaxCodeLength);
            b.Property(m => m.MinEvaluationRate).HasPrecision(5, 2);
            b.Property(m => m.MinSatisfactionRate).HasPrecision(5, 2);
            b.Property(m => m.Source).HasMaxLength(CriteriaRules.MaxNameLength);
            b.Property(m => m.Notes).HasMaxLength(CriteriaRules.MaxNotesLength);
            b.HasIndex(m => new { m.Code, m.Version }).IsUnique();
            // At most one draft per mapping code.
            b.HasIndex(m => m.Code).IsUnique().HasFilter("status = 'Draft'").HasDatabaseName("ix_satisfaction_mappings_one_draft_per_code");
            b.OwnsMany(m => m.LevelWeights, w =>
            {
                w.ToJson();
                w.Property(x => x.Level).HasConversion<string>();
            });
            b.OwnsMany(m => m.Bands, x => x.ToJson());
        });

        modelBuilder.HasIdempotentResponses<IdempotencyRecord>("pk_idempotency_records");
        modelBuilder.AddMessaging();
    }
}
