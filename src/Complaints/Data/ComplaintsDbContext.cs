using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Complaints.Deadlines;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Complaints.Data;

public sealed class ComplaintsDbContext(DbContextOptions<ComplaintsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string CaseNumberSequence = "complaint_case_numbers";
    public const string IdempotencyKeyIndex = "pk_idempotency_records";

    /// <summary>The registry's units, as complaint targets (a closed unit takes no new complaints).</summary>
    public DbSet<ReplicatedUnit> Units => Set<ReplicatedUnit>();
    public DbSet<Complaint> Complaints => Set<Complaint>();

    /// <summary>Identity's directory of people, as the people a case may be assigned to.</summary>
    public DbSet<ReplicatedPerson> People => Set<ReplicatedPerson>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>The key of callers' phone search hashes (one row, encrypted: <see cref="Apis.CallerSearchKey"/>).</summary>
    public DbSet<Apis.CallerSearchKeyRow> CallerSearchKeys => Set<Apis.CallerSearchKeyRow>();

    /// <summary>The Data Protection key ring that encrypts callers' identities (rotated by the framework).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddRegistryReplica();

        modelBuilder.HasSequence<long>(CaseNumberSequence);
        // A case is locked by its row (LockedSteps) while a step decides; xmin stays as the guard
        // against anything that did not take the lock.
        modelBuilder.Entity<Complaint>(b =>
        {
            b.ToTable("complaints");
            b.HasAssignedKey(c => c.Id);
            b.Property<uint>("xmin").IsRowVersion();
            b.Ignore(c => c.State);
            b.Property(c => c.Offence).HasWordConversion();
            b.Property(c => c.PriorOffence).HasWordConversion();
            b.Property(c => c.AppealReason).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.PriorFindingSummary).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.PriorFeedback).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.CaseNumber).HasMaxLength(32);
            b.HasIndex(c => c.CaseNumber).IsUnique();
            b.Property(c => c.Channel).HasMaxLength(16);
            b.Property(c => c.TargetKind).HasWordConversion(16);
            b.Property(c => c.Category).HasMaxLength(16);
            b.Property(c => c.Description).HasMaxLength(ComplaintRules.MaxDescriptionLength);
            b.Property(c => c.Status).HasMaxLength(16);
            b.Property(c => c.FindingSummary).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.Feedback).HasMaxLength(ComplaintRules.MaxSummaryLength);
            b.Property(c => c.CallerPhoneHash).HasMaxLength(64);
            b.HasIndex(c => c.CallerPhoneHash);
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

        modelBuilder.Entity<Apis.CallerSearchKeyRow>(b =>
        {
            b.ToTable("caller_search_keys");
            b.HasAssignedKey(k => k.Id);
        });

        modelBuilder.Entity<ReplicatedPerson>(b =>
        {
            b.ToTable("people");
            b.HasAssignedKey(p => p.Id);
            b.Property(p => p.DisplayName).HasMaxLength(100);
            b.Ignore(p => p.IsActiveInvestigator);
        });

        modelBuilder.Entity<IdempotencyRecord>().HasIdempotencyKey(IdempotencyKeyIndex);

        modelBuilder.AddMessaging();
    }
}
