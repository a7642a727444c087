using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;
using StarPlatform.Scoring.Model;
using StarPlatform.Scoring.StateMachines;

namespace StarPlatform.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<CriteriaVersion> CriteriaVersions => Set<CriteriaVersion>();
    public DbSet<Cycle> Cycles => Set<Cycle>();
    public DbSet<PanelMember> PanelMembers => Set<PanelMember>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ScoreSheet> ScoreSheets => Set<ScoreSheet>();
    public DbSet<ScoreChange> ScoreChanges => Set<ScoreChange>();
    public DbSet<UnitFinding> UnitFindings => Set<UnitFinding>();

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

        modelBuilder.Entity<Cycle>(b =>
        {
            b.Property(c => c.Id).ValueGeneratedNever();
            b.HasIndex(c => c.Year).IsUnique();
            b.Property(c => c.Status).HasMaxLength(16);
            b.OwnsMany(c => c.Criteria, pinned => pinned.ToJson());
        });

        modelBuilder.Entity<PanelMember>(b =>
        {
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.Name).HasMaxLength(200);
            b.Property(m => m.Organisation).HasMaxLength(200);
            b.Property(m => m.AffiliatedDivisionCode).HasMaxLength(12);
        });

        modelBuilder.Entity<Application>(b =>
        {
            b.Property(a => a.Id).ValueGeneratedNever();
            // One application per unit per cycle; concurrent filings meet here.
            b.HasIndex(a => new { a.CycleId, a.UnitId }).IsUnique();
            b.HasIndex(a => new { a.UnitId, a.CycleYear });
            b.HasIndex(a => new { a.CycleId, a.Status });
            b.Property(a => a.UnitKind).HasMaxLength(16);
            b.Property(a => a.UnitName).HasMaxLength(200);
            b.Property(a => a.UnitLevel).HasMaxLength(16);
            b.Property(a => a.UnitDivisionCode).HasMaxLength(12);
            b.Property(a => a.CriteriaCode).HasMaxLength(64);
            b.Property(a => a.Stage).HasMaxLength(24);
            b.Property(a => a.Status).HasMaxLength(24);
            b.Property(a => a.DecisionComment).HasMaxLength(2000);
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
            // A complaint can be both substantiated and a violation: one row for each.
            b.HasKey(f => new { f.ComplaintId, f.Source });
            b.HasIndex(f => new { f.UnitId, f.Year });
            b.Property(f => f.Source).HasMaxLength(16);
            b.Property(f => f.UnitKind).HasMaxLength(16);
            b.Property(f => f.CaseNumber).HasMaxLength(32);
            b.Property(f => f.Category).HasMaxLength(32);
        });

        modelBuilder.AddSagaState<EvaluationState>(b => b.Property(s => s.CurrentState).HasMaxLength(32));
        modelBuilder.AddMessaging();
    }
}
