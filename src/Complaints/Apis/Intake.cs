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
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Complaints.Apis;

/// <summary>
/// Taking a case in, whatever the door (the JSON API, Open311): validates, checks the channel
/// against the caller's role and the target against the registry copy, numbers the case, counts
/// its deadlines in working days, encrypts the caller, and publishes <see cref="ComplaintReceived"/>
/// in the same transaction. With an <c>Idempotency-Key</c>, a retry — even one arriving at the same
/// moment — gets the same case.
/// </summary>
public sealed class Intake(
    ComplaintsDbContext db, InsertBatch batch, TimeProvider clock, CallerProtection callers, IOptions<ComplaintDeadlines> deadlines,
    ComplaintsMetrics metrics, CallerSearchKey searchKey)
{
    public const int MaxKeyLength = IdempotentRequest.MaxKeyLength;
    public static readonly TimeSpan IdempotencyRetention = IdempotencyKey.Retention;

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
                errors.Add(ComplaintsApi.IdempotencyHeader, IdempotencyKey.InvalidKeyMessage);
            }
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var staff = user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Discipline);
        if (request.Channel != ComplaintRules.OnlineChannel && !staff)
        {
            return new Refused(user.Identity?.IsAuthenticated == true ? CaseProblems.Forbidden() : CaseProblems.Unauthorized());
        }

        var subject = user.FindFirst(StarClaims.Subject)?.Value ?? "";
        var hash = Hash(sent ?? request);
        var keptSince = now - IdempotencyRetention;
        var lookup = await LookUpAsync(subject, key, request.TargetUnitId!.Value, keptSince, ct);
        if (lookup.Record is { } earlier && earlier.CreatedAt > keptSince)
        {
            return await ReplayAsync(earlier, hash, ct);
        }

        if (lookup.TargetKind is null)
        {
            return new Refused(Problems.RuleViolation("The target unit is not known.",
                "No center, window or outlet with this id is registered (or its registration has not reached Complaints yet)."));
        }

        if (!lookup.AcceptsComplaints)
        {
            return new Refused(Problems.RuleViolation("The target unit is closed.", "A closed unit takes no new complaints."));
        }

        var calendar = WorkingDayCalendar.China;
        var number = lookup.Number!.Value;
        var caller = request.Anonymous == true || request.Caller is null
            ? null
            : new Caller(NullIfBlank(request.Caller.Name), NullIfBlank(request.Caller.Phone), NullIfBlank(request.Caller.Email));
        var complaint = new Complaint
        {
            Id = Guid.CreateVersion7(),
            CaseNumber = ComplaintRules.CaseNumber(now, number),
            Channel = request.Channel!,
            TargetUnitId = request.TargetUnitId!.Value,
            TargetKind = lookup.TargetKind.Value,
            Category = request.Category!,
            Description = request.Description!.Trim(),
            OccurredAt = request.OccurredAt!.Value.ToUniversalTime(),
            Anonymous = request.Anonymous!.Value,
            ProtectedCaller = caller is null ? null : callers.Protect(caller),
            CallerPhoneHash = await searchKey.HashAsync(caller?.Phone, ct),
            ProtectedLookupCode = callers.ProtectCode(LookupCodes.New()),
            Attachments = request.Attachments?.Select(a => a!.Trim()).ToList() ?? [],
            FiledBy = staff ? user.ActorId() : null,
            ReceivedAt = now,
            AcknowledgeDueAt = calendar.DueAt(now, deadlines.Value.AcknowledgeWorkingDays),
            DueAt = calendar.DueAt(now, deadlines.Value.ConcludeWorkingDays),
        };
        // One round trip, all or nothing (InsertBatch): the key first, so a request racing another
        // with the same key waits on it there and, once the other commits, writes nothing at all.
        if (key is not null)
        {
            if (lookup.Record is not null)
            {
                // Older than the retention: the key is free again (a racer that renewed it first keeps it).
                batch.Statement(IntakeSql.DeleteExpiredRecord(db), subject, key, keptSince);
            }

            batch.Insert(new IdempotencyRecord { Subject = subject, Key = key, RequestHash = hash, ComplaintId = complaint.Id, CreatedAt = now });
        }

        batch.Insert(complaint);
        batch.Publish(new ComplaintReceived(complaint.Id, complaint.CaseNumber, complaint.Channel, complaint.TargetUnitId,
            complaint.TargetKind, complaint.Category, complaint.OccurredAt, complaint.ReceivedAt, complaint.AcknowledgeDueAt, complaint.DueAt));
        try
        {
            await batch.ExecuteAsync(ct);
        }
        catch (PostgresException ex) when (key is not null
            && ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ComplaintsDbContext.IdempotencyKeyIndex })
        {
            // The same key arrived at the same moment and the other request committed first
            // (PostgreSQL held this insert until it did): answer with its case.
            var winner = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Subject == subject && r.Key == key, ct);
            return await ReplayAsync(winner, hash, ct);
        }

        metrics.Received(complaint.Channel);
        return new Filed(complaint, Replayed: false);
    }

    private sealed record Lookup(IdempotencyRecord? Record, UnitKind? TargetKind, bool AcceptsComplaints, long? Number);

    /// <summary>
    /// Everything an intake reads, in one round trip: the caller's earlier record for the key (if
    /// any), the target unit from the registry copy, and — only when there is no record still kept
    /// and the unit is known — the next case number. A number drawn for a closed unit is skipped (case
    /// numbers are unique, not gapless). This is the busiest statement of the service.
    /// </summary>
    private async Task<Lookup> LookUpAsync(string subject, string? key, Guid targetUnitId, DateTimeOffset keptSince, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(IntakeSql.Lookup(db), connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subject });
            // No key: an empty one, which no record has (keys are 1 to 200 characters).
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key ?? "" });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = targetUnitId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = keptSince });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var record = reader.IsDBNull(0)
                ? null
                : new IdempotencyRecord
                {
                    Subject = subject,
                    Key = key!,
                    RequestHash = reader.GetString(0),
                    ComplaintId = reader.GetGuid(1),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
                };
            return new Lookup(record,
                reader.IsDBNull(3) ? null : Words.Parse<UnitKind>(reader.GetString(3)),
                !reader.IsDBNull(4) && reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Outcome> ReplayAsync(IdempotencyRecord record, string hash, CancellationToken ct)
    {
        if (record.RequestHash != hash)
        {
            return new Refused(IdempotencyKey.Reused("complaint"));
        }

        return new Filed(await db.Complaints.AsNoTracking().SingleAsync(c => c.Id == record.ComplaintId, ct), Replayed: true);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Hash(object sent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(sent, sent.GetType()))));
}

/// <summary>The intake's own statements, with table and column names taken from the EF model.</summary>
internal static class IntakeSql
{
    private static string? _lookup;
    private static string? _deleteExpired;

    public static string Lookup(ComplaintsDbContext db) => _lookup ??= BuildLookup(db);

    /// <summary>Deletes the record of a key ($1 subject, $2 key) if it is older than the retention ($3).</summary>
    public static string DeleteExpiredRecord(ComplaintsDbContext db) => _deleteExpired ??= BuildDeleteExpired(db);

    private static string BuildDeleteExpired(ComplaintsDbContext db)
    {
        var records = db.Model.FindEntityType(typeof(IdempotencyRecord))!;
        string R(string property) => "\"" + records.FindProperty(property)!.GetColumnName() + "\"";
        return $"""
            DELETE FROM {records.GetSchemaQualifiedTableName()}
            WHERE {R(nameof(IdempotencyRecord.Subject))} = $1 AND {R(nameof(IdempotencyRecord.Key))} = $2 AND {R(nameof(IdempotencyRecord.CreatedAt))} <= $3
            """;
    }

    private static string BuildLookup(ComplaintsDbContext db)
    {
        var records = db.Model.FindEntityType(typeof(IdempotencyRecord))!;
        var units = db.Model.FindEntityType(typeof(ReplicatedUnit))!;
        string R(string property) => "r.\"" + records.FindProperty(property)!.GetColumnName() + "\"";
        string U(string property) => "u.\"" + units.FindProperty(property)!.GetColumnName() + "\"";
        return $"""
            SELECT {R(nameof(IdempotencyRecord.RequestHash))}, {R(nameof(IdempotencyRecord.ComplaintId))}, {R(nameof(IdempotencyRecord.CreatedAt))},
                   {U(nameof(ReplicatedUnit.Kind))}, {U(nameof(ReplicatedUnit.Status))} <> '{Words.Of(UnitStatus.Closed)}',
                   CASE WHEN ({R(nameof(IdempotencyRecord.Subject))} IS NULL OR {R(nameof(IdempotencyRecord.CreatedAt))} <= $4)
                             AND {U(nameof(ReplicatedUnit.Id))} IS NOT NULL
                        THEN nextval('{ComplaintsDbContext.CaseNumberSequence}') END
            FROM (SELECT 1) AS one
            LEFT JOIN {records.GetSchemaQualifiedTableName()} AS r ON {R(nameof(IdempotencyRecord.Subject))} = $1 AND {R(nameof(IdempotencyRecord.Key))} = $2
            LEFT JOIN {units.GetSchemaQualifiedTableName()} AS u ON {U(nameof(ReplicatedUnit.Id))} = $3
            """;
    }
}
