using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Deadlines;

/// <summary>
/// Flags overdue cases and publishes <see cref="ComplaintOverdue"/> once per deadline. Deadlines
/// are timestamps on the case rows, so they survive restarts with the database.
/// </summary>
public sealed class OverdueSweeper(
    IServiceScopeFactory scopes, IOptionsMonitor<SweepOptions> options, TimeProvider clock, ComplaintsMetrics metrics, ILogger<OverdueSweeper> log)
    : OutboxSweeper<ComplaintsDbContext>(scopes, options, clock, log)
{
    protected override string Work => "overdue deadlines flagged";

    protected override async Task<int> SweepOnceAsync(ComplaintsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct)
    {
        var flagged = new List<string>();
        var count = await SweepAsync(db, outbox, now, batchSize, ct, flagged.Add);
        // Counted once the sweep has committed.
        flagged.ForEach(metrics.Overdue);
        return count;
    }

    /// <summary>Partial index of the cases whose acknowledgement is still awaited (the sweep's first half).</summary>
    public const string AcknowledgePendingIndex = "ix_complaints_acknowledge_pending";

    /// <summary>Partial index of the open cases not yet flagged for their conclusion deadline (the second half).</summary>
    public const string ConcludePendingIndex = "ix_complaints_conclude_pending";

    /// <summary>The rows each partial index holds; the sweep's conditions repeat them word for word, so the planner can use them.</summary>
    public const string AcknowledgePending = $"status = '{ComplaintLifecycle.Received}' AND acknowledge_overdue_at IS NULL";

    public const string ConcludePending =
        $"status IN ('{ComplaintLifecycle.Received}', '{ComplaintLifecycle.Assigned}', '{ComplaintLifecycle.Investigating}') AND conclude_overdue_at IS NULL";

    /// <summary>
    /// The cases due for a flag, as of {0} and at most {1} of them, locked. The statuses are literals, not
    /// parameters, so even a prepared (generic) plan matches the partial indexes: each sweep reads only
    /// the cases past a deadline, not every open case (tens of thousands under load).
    /// </summary>
    public const string DueSql = $$"""
        select c.*, c.xmin from complaints c
        where ({{AcknowledgePending}} and acknowledge_due_at < {0})
           or ({{ConcludePending}} and due_at < {0})
        order by due_at
        limit {1}
        for update skip locked
        """;

    /// <summary>
    /// One sweep: flags up to <paramref name="batchSize"/> cases past a deadline; returns how many deadlines it flagged,
    /// and names each one's deadline (acknowledge, conclude) to <paramref name="flagged"/>.
    /// </summary>
    public static Task<int> SweepAsync(
        ComplaintsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct, Action<string>? flagged = null) =>
        InOneTransactionAsync(db, async () =>
        {
            var due = await db.Complaints.FromSqlRaw(DueSql, now, batchSize).ToListAsync(ct);
            var count = 0;
            foreach (var complaint in due)
            {
                if (complaint.Status == ComplaintLifecycle.Received && complaint.AcknowledgeOverdueAt is null && complaint.AcknowledgeDueAt < now)
                {
                    complaint.AcknowledgeOverdueAt = now;
                    outbox.Publish(new ComplaintOverdue(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, "acknowledge", complaint.AcknowledgeDueAt, now));
                    flagged?.Invoke("acknowledge");
                    count++;
                }

                if (ComplaintLifecycle.IsOpen(complaint.Status) && complaint.ConcludeOverdueAt is null && complaint.DueAt < now)
                {
                    complaint.ConcludeOverdueAt = now;
                    outbox.Publish(new ComplaintOverdue(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, "conclude", complaint.DueAt, now));
                    flagged?.Invoke("conclude");
                    count++;
                }
            }

            return count;
        }, ct);
}
