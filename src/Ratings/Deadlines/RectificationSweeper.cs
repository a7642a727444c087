using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Data;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Deadlines;

/// <summary>
/// Flags rectification cases past a deadline and publishes <see cref="RectificationOverdue"/> once per case and
/// deadline (<c>callback</c>, <c>rectification</c>), as Complaints' overdue sweep does: a periodic job under its
/// lease, claiming due rows with <c>FOR UPDATE SKIP LOCKED</c>, the flag and the event committed together.
/// </summary>
public sealed class RectificationSweeper(
    IServiceScopeFactory scopes, IOptionsMonitor<SweepOptions> options, TimeProvider clock, ILogger<RectificationSweeper> log)
    : OutboxSweeper<RatingsDbContext>(scopes, options, clock, log)
{
    public const string CallbackDeadline = "callback";
    public const string RectificationDeadline = "rectification";

    protected override string Work => "overdue rectification deadlines flagged";

    protected override Task<int> SweepOnceAsync(RatingsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct) =>
        SweepAsync(db, outbox, now, batchSize, ct);

    /// <summary>Partial index of the cases whose callback is awaited and not yet flagged.</summary>
    public const string CallbackPendingIndex = "ix_rectification_cases_callback_pending";

    /// <summary>Partial index of the cases neither rectified nor explained and not yet flagged.</summary>
    public const string RectifyPendingIndex = "ix_rectification_cases_rectify_pending";

    /// <summary>The rows each partial index holds; the sweep's conditions repeat them word for word, so the planner can use them.</summary>
    public const string CallbackPending = $"state = '{RectificationLifecycle.AwaitingCallback}' AND callback_overdue_at IS NULL";

    public const string RectifyPending =
        $"state IN ('{RectificationLifecycle.AwaitingCallback}', '{RectificationLifecycle.Rectifying}') AND rectify_overdue_at IS NULL";

    /// <summary>The cases due for a flag as of {0}, at most {1} of them, locked (copies of the service share the work).</summary>
    public const string DueSql = $$"""
        select c.* from rectification_cases c
        where ({{CallbackPending}} and callback_due_at < {0})
           or ({{RectifyPending}} and rectify_due_at < {0})
        order by rectify_due_at
        limit {1}
        for update skip locked
        """;

    /// <summary>One sweep: flags up to <paramref name="batchSize"/> cases past a deadline; returns how many deadlines it flagged.</summary>
    public static Task<int> SweepAsync(RatingsDbContext db, IOutbox outbox, DateTimeOffset now, int batchSize, CancellationToken ct) =>
        InOneTransactionAsync(db, async () =>
        {
            var due = await db.RectificationCases.FromSqlRaw(DueSql, now, batchSize).ToListAsync(ct);
            var count = 0;
            foreach (var c in due)
            {
                if (c.State == RectificationState.AwaitingCallback && c.CallbackOverdueAt is null && c.CallbackDueAt is { } callbackDue && callbackDue < now)
                {
                    c.CallbackOverdueAt = now;
                    outbox.Publish(new RectificationOverdue(c.Id, c.RatingId, c.UnitId, CallbackDeadline, callbackDue, now));
                    count++;
                }

                if (c.State is RectificationState.AwaitingCallback or RectificationState.Rectifying && c.RectifyOverdueAt is null && c.RectifyDueAt < now)
                {
                    c.RectifyOverdueAt = now;
                    outbox.Publish(new RectificationOverdue(c.Id, c.RatingId, c.UnitId, RectificationDeadline, c.RectifyDueAt, now));
                    count++;
                }
            }

            return count;
        }, ct);
}
