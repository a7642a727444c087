using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Complaints.Deadlines;
using StarPlatform.Complaints.Model;
using MassTransit;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Data;

public sealed class ComplaintsDbContext(DbContextOptions<ComplaintsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string CaseNumberSequence = "complaint_case_numbers";
    public const string IdempotencyKeyIndex = "pk_idempotency_records";

    public DbSet<TargetUnit> TargetUnits => Set<TargetUnit>();
    public DbSet<Complaint> Complaints => Set<Complaint>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>The Data Protection key ring that encrypts callers' identities (rotated by the framework).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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

        modelBuilder.HasSequence<long>(CaseNumberSequence);
        // The case row is also the saga's state: keyed by CorrelationId (column id), xmin as its
        // concurrency token, CurrentState a view of Status.
        modelBuilder.AddSagaState<Complaint>(b =>
        {
            b.ToTable("complaints");
            b.Property(c => c.CorrelationId).HasColumnName("id");
            b.Ignore(c => c.Id);
            b.Ignore(c => c.CurrentState);
            b.Property(c => c.AppealReason).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.PriorFindingSummary).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.PriorFeedback).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.CaseNumber).HasMaxLength(32);
            b.HasIndex(c => c.CaseNumber).IsUnique();
            b.Property(c => c.Channel).HasMaxLength(16);
            b.Property(c => c.TargetKind).HasMaxLength(16);
            b.Property(c => c.Category).HasMaxLength(16);
            b.Property(c => c.Description).HasMaxLength(ComplaintRules.MaxDescriptionLength);
            b.Property(c => c.Status).HasMaxLength(16);
            b.Property(c => c.FindingSummary).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.Feedback).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.HasIndex(c => c.TargetUnitId);
            b.HasIndex(c => c.FiledBy);
            b.HasIndex(c => c.InvestigatorId);
            b.HasIndex(c => new { c.Status, c.DueAt });
            // What the overdue sweep reads each minute: only cases still waiting for a flag.
            b.HasIndex(c => c.AcknowledgeDueAt).HasDatabaseName(OverdueSweeper.AcknowledgePendingIndex)
                .HasFilter(OverdueSweeper.AcknowledgePending);
            b.HasIndex(c => c.DueAt).HasDatabaseName(OverdueSweeper.ConcludePendingIndex)
                .HasFilter(OverdueSweeper.ConcludePending);
        });

        modelBuilder.Entity<IdempotencyRecord>(b =>
        {
            b.HasKey(r => new { r.Subject, r.Key }).HasName(IdempotencyKeyIndex);
            b.Property(r => r.Subject).HasMaxLength(200);
            b.Property(r => r.Key).HasMaxLength(200);
            b.Property(r => r.RequestHash).HasMaxLength(64);
            b.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.AddMessaging();
    }
}
