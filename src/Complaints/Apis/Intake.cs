using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Apis;

/// <summary>
/// Taking a case in, whatever the door (the JSON API, Open311): validates, checks the channel
/// against the caller's role and the target against the registry copy, numbers the case, counts
/// its deadlines in working days, encrypts the caller, and publishes <see cref="ComplaintReceived"/>
/// in the same transaction. With an <c>Idempotency-Key</c>, a retry — even one arriving at the same
/// moment — gets the same case.
/// </summary>
public sealed class Intake(ComplaintsDbContext db, IOutbox outbox, TimeProvider clock, CallerProtection callers, IOptions<ComplaintDeadlines> deadlines)
{
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(24);

    public abstract record Outcome;

    /// <summary>The case, new or (<paramref name="Replayed"/>) the one an earlier request with the same key made.</summary>
    public sealed record Filed(Complaint Complaint, bool Replayed) : Outcome;

    /// <summary>Invalid fields (400), every one of them.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome;

    /// <summary>Refused: 401, 403, 409 or 422.</summary>
    public sealed record Refused(ProblemHttpResult Problem) : Outcome;

    /// <param name="key">the Idempotency-Key as sent, or null</param>
    /// <param name="sent">what the client sent, when it is not <paramref name="request"/> itself (a retry must
    /// match what was sent, not what the server filled in, such as "now" for a missing time)</param>
    public async Task<Outcome> TakeInAsync(FileComplaintRequest request, string? key, ClaimsPrincipal user, CancellationToken ct, object? sent = null)
    {
        var now = clock.GetUtcNow();
        var errors = ComplaintRules.Validate(request.Channel, request.TargetUnitId, request.Category, request.Description,
            request.OccurredAt, request.Caller?.Name?.Trim(), request.Caller?.Phone?.Trim(), request.Caller?.Email?.Trim(),
            request.Caller is not null, request.Anonymous, request.Attachments, now);
        if (key is not null)
        {
            key = key.Trim();
            if (key.Length is 0 or > MaxKeyLength)
            {
                errors[ComplaintsApi.IdempotencyHeader] = [$"An Idempotency-Key has 1 to {MaxKeyLength} characters."];
            }
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var staff = user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Discipline);
        if (request.Channel != ComplaintRules.OnlineChannel && !staff)
        {
            return new Refused(user.Identity?.IsAuthenticated == true ? Problems.Forbidden() : Problems.Unauthorized());
        }

        var subject = user.FindFirst(StarClaims.Subject)?.Value ?? "";
        var hash = Hash(sent ?? request);
        IdempotencyRecord? expired = null;
        if (key is not null)
        {
            var record = await db.IdempotencyRecords.FindAsync([subject, key], ct);
            if (record is not null && record.CreatedAt > now - IdempotencyRetention)
            {
                return await ReplayAsync(record, hash, ct);
            }

            expired = record;
        }

        var target = await db.TargetUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.TargetUnitId, ct);
        if (target is null)
        {
            return new Refused(Problems.RuleViolation("The target unit is not known.",
                "No center, window or outlet with this id is registered (or its registration has not reached Complaints yet)."));
        }

        if (!target.AcceptsComplaints)
        {
            return new Refused(Problems.RuleViolation("The target unit is closed.", "A closed unit takes no new complaints."));
        }

        var calendar = WorkingDayCalendar.China;
        var number = await db.Database.SqlQueryRaw<long>($"select nextval('{ComplaintsDbContext.CaseNumberSequence}') as \"Value\"").SingleAsync(ct);
        var caller = request.Anonymous == true || request.Caller is null
            ? null
            : new Caller(NullIfBlank(request.Caller.Name), NullIfBlank(request.Caller.Phone), NullIfBlank(request.Caller.Email));
        var complaint = new Complaint
        {
            Id = Guid.CreateVersion7(),
            CaseNumber = ComplaintRules.CaseNumber(now, number),
            Channel = request.Channel!,
            TargetUnitId = target.Id,
            TargetKind = target.Kind,
            Category = request.Category!,
            Description = request.Description!.Trim(),
            OccurredAt = request.OccurredAt!.Value.ToUniversalTime(),
            Anonymous = request.Anonymous!.Value,
            ProtectedCaller = caller is null ? null : callers.Protect(caller),
            Attachments = request.Attachments?.Select(a => a!.Trim()).ToList() ?? [],
            FiledBy = staff ? user.ActorId() : null,
            ReceivedAt = now,
            AcknowledgeDueAt = calendar.DueAt(now, deadlines.Value.AcknowledgeWorkingDays),
            DueAt = calendar.DueAt(now, deadlines.Value.ConcludeWorkingDays),
        };
        db.Complaints.Add(complaint);
        outbox.Publish(new ComplaintReceived(complaint.Id, complaint.CaseNumber, complaint.Channel, complaint.TargetUnitId,
            complaint.TargetKind, complaint.Category, complaint.OccurredAt, complaint.ReceivedAt, complaint.AcknowledgeDueAt, complaint.DueAt));
        if (key is not null)
        {
            var record = expired ?? db.IdempotencyRecords.Add(new IdempotencyRecord { Subject = subject, Key = key, RequestHash = hash }).Entity;
            record.RequestHash = hash;
            record.ComplaintId = complaint.Id;
            record.CreatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (key is not null
            && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ComplaintsDbContext.IdempotencyKeyIndex })
        {
            // The same key arrived at the same moment and the other request committed first
            // (PostgreSQL held this insert until it did): answer with its case.
            db.ChangeTracker.Clear();
            var winner = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Subject == subject && r.Key == key, ct);
            return await ReplayAsync(winner, hash, ct);
        }

        return new Filed(complaint, Replayed: false);
    }

    private async Task<Outcome> ReplayAsync(IdempotencyRecord record, string hash, CancellationToken ct)
    {
        if (record.RequestHash != hash)
        {
            return new Refused(Problems.Conflict("The Idempotency-Key was used for another request.",
                "Within 24 hours a key stands for one complaint; use a new key for a different one."));
        }

        return new Filed(await db.Complaints.AsNoTracking().SingleAsync(c => c.CorrelationId == record.ComplaintId, ct), Replayed: true);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Hash(object sent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(sent, sent.GetType()))));
}
