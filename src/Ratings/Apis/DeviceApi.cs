using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Data;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Apis;

/// <summary>
/// A window's rating device (or queue system) uploads what it served and the ratings given on it, in
/// batches of up to 1,000 records, JSON or CSV. Idempotent by (device, record id): a batch sent again
/// changes nothing and says so for each record. A batch is recorded whole or not at all: a bad record is
/// named (<c>rows[n].field</c>) and nothing is written.
/// </summary>
public static class DeviceApi
{
    public static readonly string[] CsvColumns = ["recordId", "unitId", "transactionId", "serviceItem", "servedAt", "level", "comment"];

    private static readonly RowFile Batch = new("batch", "record", "the batch", "records", BareArray: false, CsvColumns);

    public static IEndpointRouteBuilder MapDeviceApi(this IEndpointRouteBuilder app)
    {
        var ratings = app.MapGroup("/api/ratings").WithTags("Devices");
        ratings.MapPost("/device-batches", UploadDeviceBatch).WithName(nameof(UploadDeviceBatch))
            .WithDescription("Up to 1,000 records as JSON (`{\"records\": [...]}`) or CSV with a header row (columns recordId, unitId, transactionId, serviceItem, servedAt, level, comment). "
                + "Each record is answered: recorded, already-rated (the transaction had a device rating) or duplicate (sent before by this device: nothing changed). "
                + "A malformed record (400) or one that breaks a rule (422: a unit outside the device's center, a closed unit, a time in the future or too old) is named as rows[n].field, and nothing of the batch is written.")
            .Accepts<DeviceBatchRequest>("application/json", "text/csv")
            .RequireAuthorization(Policies.RatingDevice)
            .WithProblems(401, 403, 415, 422);
        return app;
    }

    /// <summary>A record as sent, every value as text; <paramref name="Sent"/> says which fields were not text at all.</summary>
    internal sealed record RawRecord(int Row, string? RecordId, string? UnitId, string? TransactionId, string? ServiceItem, string? ServedAt,
        string? Level, string? Comment, FileRow Sent)
    {
        public IReadOnlyList<string> NotText => Sent.NotText;
    }

    private sealed record CheckedRecord(RawRecord Raw, Guid UnitId, string TransactionId, string ServiceItem, DateTimeOffset ServedAt, RatingLevel? Level,
        string? Comment);

    public static async Task<Results<Ok<DeviceBatchResponse>, ValidationProblem, ProblemHttpResult>> UploadDeviceBatch(
        HttpRequest request, ClaimsPrincipal user, RatingsDbContext db, RatingWriter writer, IOptions<RatingOptions> options,
        RatingsMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var settings = options.Value;
        if (user.ActorId() is not { } deviceId || user.ActingUnitId() is not { } deviceUnit)
        {
            return Problems.Forbidden("A rating device's token names the device and the center it is bound to.");
        }

        var file = await RowFiles.ReadAsync(request, Batch, ct);
        if (file.Unsupported is { } unsupported)
        {
            return unsupported;
        }

        if (file.Unreadable is { } unreadable)
        {
            return unreadable;
        }

        var raw = file.Rows!.Select(f => new RawRecord(f.Row, f["recordId"], f["unitId"], f["transactionId"], f["serviceItem"], f["servedAt"],
            f["level"], f["comment"], f)).ToList();
        if (raw.Count == 0 || raw.Count > settings.MaxBatchRecords)
        {
            return Problems.Invalid("records", $"A batch has 1 to {settings.MaxBatchRecords} records.", "The batch could not be read.");
        }

        var now = clock.GetUtcNow();
        var unitIds = raw.Select(r => Guid.TryParse(r.UnitId, out var u) ? u : deviceUnit).Append(deviceUnit).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .Select(u => new { u.Id, u.ParentId, u.Status }).ToDictionaryAsync(u => u.Id, ct);

        // Every record is checked before anything is written: a batch is recorded whole or not at all, so a device
        // corrects or leaves out what is named and sends it again (the records it sent before are then duplicates).
        var shape = new FieldErrors();
        var rules = new FieldErrors();
        var valid = new List<(int Index, CheckedRecord Record)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Count; i++)
        {
            var prefix = $"rows[{raw[i].Row}]";
            var record = Check(raw[i], deviceUnit, prefix, shape, rules, settings, now);
            if (raw[i].RecordId is { } id && !seen.Add(id))
            {
                shape.Add($"{prefix}.recordId", "The record id appears twice in the batch.");
                record = null;
            }

            if (record is not null)
            {
                if (!units.TryGetValue(record.UnitId, out var unit) || (unit.Id != deviceUnit && unit.ParentId != deviceUnit))
                {
                    rules.Add($"{prefix}.unitId", "The unit is not this device's center or a unit in it.");
                }
                else if (unit.Status == UnitStatus.Closed)
                {
                    rules.Add($"{prefix}.unitId", "The unit is closed.");
                }
                else
                {
                    valid.Add((i, record));
                }
            }
        }

        if (shape.Count > 0)
        {
            foreach (var (field, messages) in rules)
            {
                shape[field] = messages;
            }

            return Problems.Invalid(shape);
        }

        if (rules.Count > 0)
        {
            return Problems.RowErrors(rules, "The batch has records that cannot be recorded.",
                $"{Problems.RowsNamed(rules.Keys)} record(s) cannot be recorded; nothing was recorded. Correct them or leave them out and send the batch again.");
        }

        var outcomes = new DeviceRecordOutcome?[raw.Count];
        await writer.RetryingAsync(async token =>
        {
            await RecordAsync(db, writer, deviceId, valid, outcomes, settings, metrics, now, token);
            return true;
        }, ct);

        var list = outcomes.Select(o => o!).ToList();
        return TypedResults.Ok(new DeviceBatchResponse(list.Count,
            list.Count(o => o.Outcome == DeviceRecordStatus.Recorded), list.Count(o => o.Outcome == DeviceRecordStatus.AlreadyRated),
            list.Count(o => o.Outcome == DeviceRecordStatus.Duplicate), list));
    }

    /// <summary>
    /// Under the device's own lock (its batches take turns, so one sent twice at once is recorded once): the
    /// records it sent before answered as duplicates, the others written together with the transactions and
    /// ratings they carry.
    /// </summary>
    private static async Task RecordAsync(RatingsDbContext db, RatingWriter writer, Guid deviceId, List<(int Index, CheckedRecord Record)> valid,
        DeviceRecordOutcome?[] outcomes, RatingOptions settings, RatingsMetrics metrics, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await writer.BeginAsync(ct);
        await db.Database.LockForTransactionAsync($"rating-device:{deviceId}", ct);
        var ids = valid.Select(v => v.Record.Raw.RecordId!).ToList();
        var before = await db.DeviceRecords.AsNoTracking().Where(r => r.DeviceId == deviceId && ids.Contains(r.RecordId))
            .ToDictionaryAsync(r => r.RecordId, r => r.Outcome, StringComparer.Ordinal, ct);
        var fresh = valid.Where(v => !before.ContainsKey(v.Record.Raw.RecordId!)).ToList();
        var ordered = fresh.Select(f => f.Record).OrderBy(r => r.UnitId).ThenBy(r => r.TransactionId, StringComparer.Ordinal).ToList();
        var served = ordered.Select(r => new ServedRecord(r.UnitId, r.TransactionId, r.ServiceItem, r.ServedAt)).ToList();
        var given = ordered.Where(r => r.Level is not null)
            .Select(r => new GivenRating(r.UnitId, r.TransactionId, RatingChannel.Device, r.Level!.Value, r.Comment, null)).ToList();
        var result = await writer.WriteAsync(deviceId, served, given, now.AddDays(-settings.RatingWindowDays), ct);

        var kept = new List<(string RecordId, string Outcome)>(fresh.Count);
        foreach (var (index, record) in valid)
        {
            if (before.TryGetValue(record.Raw.RecordId!, out var first))
            {
                outcomes[index] = new DeviceRecordOutcome(record.Raw.Row, record.Raw.RecordId!, DeviceRecordStatus.Duplicate,
                    Words.Parse<DeviceRecordStatus>(first));
                continue;
            }

            var status = record.Level is not null && !result.RatingsRecorded.Contains((record.UnitId, record.TransactionId, RatingChannel.Device))
                ? DeviceRecordStatus.AlreadyRated
                : DeviceRecordStatus.Recorded;
            outcomes[index] = new DeviceRecordOutcome(record.Raw.Row, record.Raw.RecordId!, status, null);
            kept.Add((record.Raw.RecordId!, Words.Of(status)));
        }

        await writer.KeepDeviceRecordsAsync(deviceId, kept, now, ct);
        await transaction.CommitAsync(ct);
        metrics.Served(result.TransactionsRecorded);
        foreach (var rating in given.Where(g => result.RatingsRecorded.Contains((g.UnitId, g.TransactionId, g.Channel))))
        {
            metrics.Rated(rating.Channel, rating.Level);
        }
    }

    /// <summary>
    /// A record's fields: what is malformed goes to <paramref name="shape"/> (400), what breaks a rule of the
    /// programme to <paramref name="rules"/> (422), each as <c>rows[n].field</c>.
    /// </summary>
    private static CheckedRecord? Check(RawRecord r, Guid deviceUnit, string prefix, FieldErrors shape, FieldErrors rules, RatingOptions settings,
        DateTimeOffset now)
    {
        var before = shape.Count + rules.Count;
        r.Sent.AddShapeErrors(prefix, shape);
        if (r.Sent.NotAnObject)
        {
            return null;
        }

        if (!r.NotText.Contains("recordId") && r.RecordId is not { Length: > 0 and <= DeviceRecord.MaxRecordIdLength })
        {
            shape.Add($"{prefix}.recordId", $"The record id has 1 to {DeviceRecord.MaxRecordIdLength} characters.");
        }

        var unitId = deviceUnit;
        if (!r.NotText.Contains("unitId") && r.UnitId is not null && (!Guid.TryParse(r.UnitId, out unitId) || unitId == Guid.Empty))
        {
            shape.Add($"{prefix}.unitId", "The unit id is a UUID.");
        }

        var transactionId = r.TransactionId?.Trim();
        if (!r.NotText.Contains("transactionId") && transactionId is not { Length: > 0 and <= ServedTransaction.MaxTransactionIdLength })
        {
            shape.Add($"{prefix}.transactionId", $"The transaction id has 1 to {ServedTransaction.MaxTransactionIdLength} characters.");
        }

        var serviceItem = r.ServiceItem?.Trim();
        if (!r.NotText.Contains("serviceItem") && serviceItem is not { Length: > 0 and <= ServedTransaction.MaxServiceItemLength })
        {
            shape.Add($"{prefix}.serviceItem", $"The service item has 1 to {ServedTransaction.MaxServiceItemLength} characters.");
        }

        var servedAt = default(DateTimeOffset);
        var timeKnown = false;
        if (!r.NotText.Contains("servedAt"))
        {
            if (r.ServedAt is null || !HasOffset(r.ServedAt)
                || !DateTimeOffset.TryParse(r.ServedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out servedAt))
            {
                shape.Add($"{prefix}.servedAt", "The service time is an ISO 8601 time with its offset (2026-12-02T09:30:00+08:00).");
            }
            else if (servedAt > now.AddMinutes(5))
            {
                rules.Add($"{prefix}.servedAt", "The service time is in the future.");
            }
            else if (servedAt < now.AddDays(-settings.ReportWindowDays))
            {
                rules.Add($"{prefix}.servedAt", $"A transaction is reported at most {settings.ReportWindowDays} days after it was served.");
            }
            else
            {
                timeKnown = true;
            }
        }

        RatingLevel? level = null;
        if (!r.NotText.Contains("level") && !string.IsNullOrEmpty(r.Level))
        {
            if (Words.TryParse<RatingLevel>(r.Level, out var parsed))
            {
                level = parsed;
                if (timeKnown && servedAt < now.AddDays(-settings.RatingWindowDays))
                {
                    rules.Add($"{prefix}.level", $"A transaction can be rated for {settings.RatingWindowDays} days after it was served.");
                }
            }
            else
            {
                shape.Add($"{prefix}.level", $"The level is one of {string.Join(", ", Words.All<RatingLevel>())}.");
            }
        }

        var comment = string.IsNullOrWhiteSpace(r.Comment) ? null : r.Comment.Trim();
        if (comment is { Length: > Rating.MaxCommentLength })
        {
            shape.Add($"{prefix}.comment", $"The comment has at most {Rating.MaxCommentLength} characters.");
        }
        else if (comment is not null && level is null && !r.NotText.Contains("level"))
        {
            shape.Add($"{prefix}.comment", "A comment comes with a rating's level.");
        }

        return shape.Count + rules.Count > before
            ? null
            : new CheckedRecord(r, unitId, transactionId!, serviceItem!, servedAt.ToUniversalTime(), level, comment);
    }

    private static bool HasOffset(string time) =>
        time.EndsWith('Z') || time.EndsWith('z') || (time.Length > 6 && time[^6] is '+' or '-' && time[^3] == ':');
}
