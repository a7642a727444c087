using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Messaging;

public static class ModelBuilderExtensions
{
    /// <summary>Adds the outbox, inbox and periodic job lease tables to a service's model: the one call a DbContext makes.</summary>
    public static ModelBuilder AddMessaging(this ModelBuilder modelBuilder)
    {
        modelBuilder.AddPeriodicJobLeases();
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_message");
            b.HasKey(m => m.SequenceNumber);
            b.Property(m => m.SequenceNumber).UseIdentityAlwaysColumn();
            b.HasIndex(m => m.MessageId).IsUnique();
            b.HasIndex(m => m.NextAttemptAt);
            b.Property(m => m.MessageType).HasMaxLength(400);
            b.Property(m => m.Body).HasColumnType("jsonb");
            b.Property(m => m.DestinationAddress).HasMaxLength(500);
            b.Property(m => m.TraceParent).HasMaxLength(64);
            b.Property(m => m.TraceState).HasMaxLength(512);
            b.Property(m => m.LastError).HasMaxLength(2000);
        });

        modelBuilder.Entity<InboxState>(b =>
        {
            b.ToTable("inbox_state");
            b.HasKey(m => new { m.MessageId, m.Consumer });
            b.Property(m => m.Consumer).HasMaxLength(200);
            b.HasIndex(m => m.ConsumedAt);
        });

        return modelBuilder;
    }

    /// <summary>
    /// Adds the table of <see cref="PeriodicJobLease"/>s alone, for a service with periodic jobs but no
    /// outbox (Identity); <see cref="AddMessaging"/> includes it.
    /// </summary>
    public static ModelBuilder AddPeriodicJobLeases(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PeriodicJobLease>(b =>
        {
            b.ToTable("periodic_job_lease");
            b.HasKey(l => l.Job);
            b.Property(l => l.Job).HasMaxLength(PeriodicJobLease.MaxNameLength);
            b.Property(l => l.Holder).HasMaxLength(PeriodicJobLease.MaxNameLength);
        });

        return modelBuilder;
    }
}
