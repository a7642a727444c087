using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Model;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Ratings.Data;

/// <summary>
/// The ratings service's own database: served transactions, ratings, the records devices uploaded, each
/// unit's monthly counts, the bad ratings' rectification cases, its copy of the registry's units, the Data Protection keys, the outbox and inbox.
/// </summary>
public sealed class RatingsDbContext(DbContextOptions<RatingsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<ReplicatedUnit> Units => Set<ReplicatedUnit>();
    public DbSet<ServedTransaction> Transactions => Set<ServedTransaction>();
    public DbSet<Rating> Ratings => Set<Rating>();
    public DbSet<DeviceRecord> DeviceRecords => Set<DeviceRecord>();
    public DbSet<MonthlyRate> MonthlyRates => Set<MonthlyRate>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<RectificationCase> RectificationCases => Set<RectificationCase>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddRegistryReplica().Entity<ReplicatedUnit>().HasIndex(u => u.ParentId);

        modelBuilder.Entity<ServedTransaction>(b =>
        {
            b.ToTable("served_transactions");
            b.HasKey(t => new { t.UnitId, t.TransactionId });
            b.Property(t => t.TransactionId).HasMaxLength(ServedTransaction.MaxTransactionIdLength);
            b.Property(t => t.ServiceItem).HasMaxLength(ServedTransaction.MaxServiceItemLength);
        });

        modelBuilder.Entity<Rating>(b =>
        {
            b.ToTable("ratings");
            b.HasAssignedKey(r => r.Id);
            b.Property(r => r.TransactionId).HasMaxLength(ServedTransaction.MaxTransactionIdLength);
            b.Property(r => r.Channel).HasWordConversion(16);
            b.Property(r => r.Level).HasWordConversion(24);
            b.Property(r => r.Comment).HasMaxLength(Rating.MaxCommentLength);
            // One rating per transaction and channel.
            b.HasIndex(r => new { r.UnitId, r.TransactionId, r.Channel }).IsUnique();
            b.HasIndex(r => new { r.UnitId, r.Month });
        });

        modelBuilder.Entity<DeviceRecord>(b =>
        {
            b.ToTable("device_records");
            b.HasKey(r => new { r.DeviceId, r.RecordId });
            b.Property(r => r.RecordId).HasMaxLength(DeviceRecord.MaxRecordIdLength);
            b.Property(r => r.Outcome).HasMaxLength(24);
        });

        modelBuilder.Entity<MonthlyRate>(b =>
        {
            b.ToTable("monthly_rates");
            b.HasKey(r => new { r.UnitId, r.Month });
            b.HasIndex(r => r.Month);
            // The announcer reads only the months whose counts moved since their last announcement (MonthAnnouncer).
            b.HasIndex(r => new { r.UnitId, r.Month }, MonthlyRate.UnannouncedIndex).HasDatabaseName(MonthlyRate.UnannouncedIndex).HasFilter(MonthlyRate.Unannounced);
        });

        modelBuilder.Entity<RectificationCase>(b =>
        {
            b.ToTable("rectification_cases");
            b.HasAssignedKey(c => c.Id);
            b.HasIndex(c => c.RatingId).IsUnique();
            b.HasIndex(c => new { c.UnitId, c.OpenedAt });
            b.Property(c => c.TransactionId).HasMaxLength(ServedTransaction.MaxTransactionIdLength);
            b.Property(c => c.ServiceItem).HasMaxLength(ServedTransaction.MaxServiceItemLength);
            b.Property(c => c.Channel).HasWordConversion(16);
            b.Property(c => c.Level).HasWordConversion(24);
            b.Property(c => c.State).HasWordConversion(24);
            b.Property(c => c.CallbackNote).HasMaxLength(RectificationCase.MaxNoteLength);
            b.Property(c => c.RectificationNote).HasMaxLength(RectificationCase.MaxNoteLength);
            b.Property(c => c.FeedbackNote).HasMaxLength(RectificationCase.MaxNoteLength);
            // The overdue sweep reads only the cases still waiting on a deadline it has not flagged (RectificationSweeper).
            b.HasIndex(c => c.CallbackDueAt).HasDatabaseName(Deadlines.RectificationSweeper.CallbackPendingIndex)
                .HasFilter(Deadlines.RectificationSweeper.CallbackPending);
            b.HasIndex(c => c.RectifyDueAt).HasDatabaseName(Deadlines.RectificationSweeper.RectifyPendingIndex)
                .HasFilter(Deadlines.RectificationSweeper.RectifyPending);
        });

        modelBuilder.AddMessaging();
    }
}
