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

public sealed record CallerRequest(string? Name, string? Phone);

public sealed record FileComplaintRequest(
    string? Channel, Guid? TargetUnitId, string? Category, string? Description, DateTimeOffset? OccurredAt,
    CallerRequest? Caller, bool? Anonymous, string?[]? Attachments = null);

public sealed record ComplaintFiledResponse(Guid Id, string CaseNumber, string Status, DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt);

public sealed record CallerResponse(string? Name, string? Phone);

public sealed record ComplaintResponse(
    Guid Id, string CaseNumber, string Channel, Guid TargetUnitId, string TargetKind, string Category, string Description,
    DateTimeOffset OccurredAt, bool Anonymous, CallerResponse? Caller, IReadOnlyList<string> Attachments, Guid? FiledBy,
    DateTimeOffset ReceivedAt, DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt, string Status, Guid? InvestigatorId,
    AppealResponse? Appeal = null);

/// <summary>The appeal that reopened a case, and the finding it was against.</summary>
public sealed record AppealResponse(DateTimeOffset AppealedAt, string? Reason, bool? PriorSubstantiated, bool PriorViolation, DateTimeOffset? PriorClosedAt);

public static class ComplaintsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(24);

    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var complaints = app.MapGroup("/api/complaints").WithTags("Complaints");
        // Open to anyone: the online channel is public (the gateway rate-limits it); the handler
        // refuses the hotline channels without an operator or discipline token.
        complaints.MapPost("/", FileComplaint).WithName(nameof(FileComplaint))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        complaints.MapGet("/{id:guid}", GetComplaint).WithName(nameof(GetComplaint))
            .RequireAuthorization(Policies.ComplaintStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>
    /// Takes a case in: checks the target against the registry copy, numbers the case, counts its
    /// deadlines in working days, encrypts the caller, and publishes <see cref="ComplaintReceived"/>
    /// in the same transaction. With an <c>Idempotency-Key</c>, a retry — even one arriving at the
    /// same moment — gets the same case.
    /// </summary>
    public static async Task<Results<Created<ComplaintFiledResponse>, ValidationProblem, ProblemHttpResult>> FileComplaint(
        FileComplaintRequest request, ComplaintsDbContext db, IOutbox outbox, TimeProvider clock, CallerProtection callers,
        IOptions<ComplaintDeadlines> deadlines, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = ComplaintRules.Validate(request.Channel, request.TargetUnitId, request.Category, request.Description,
            request.OccurredAt, request.Caller?.Name?.Trim(), request.Caller?.Phone?.Trim(), request.Caller is not null,
            request.Anonymous, request.Attachments, now);
        string? key = null;
        if (http.Request.Headers.TryGetValue(IdempotencyHeader, out var keyValues))
        {
            key = keyValues.ToString().Trim();
            if (key.Length is 0 or > MaxKeyLength)
            {
                errors[IdempotencyHeader] = [$"An Idempotency-Key has 1 to {MaxKeyLength} characters."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The complaint is not valid.");
        }

        var user = http.User;
        var staff = user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Discipline);
        if (request.Channel != ComplaintRules.OnlineChannel && !staff)
        {
            return user.Identity?.IsAuthenticated == true ? Problems.Forbidden() : Problems.Unauthorized();
        }

        var subject = user.FindFirst(StarClaims.Subject)?.Value ?? "";
        var hash = Hash(request);
        IdempotencyRecord? expired = null;
        if (key is not null)
        {
            var record = await db.IdempotencyRecords.FindAsync([subject, key], ct);
            if (record is not null && record.CreatedAt > now - IdempotencyRetention)
            {
                return await ReplayAsync(db, record, hash, http, ct);
            }

            expired = record;
        }

        var target = await db.TargetUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.TargetUnitId, ct);
        if (target is null)
        {
            return Problems.RuleViolation("The target unit is not known.",
                "No center, window or outlet with this id is registered (or its registration has not reached Complaints yet).");
        }

        if (!target.AcceptsComplaints)
        {
            return Problems.RuleViolation("The target unit is closed.", "A closed unit takes no new complaints.");
        }

        var calendar = WorkingDayCalendar.China;
        var number = await db.Database.SqlQueryRaw<long>($"select nextval('{ComplaintsDbContext.CaseNumberSequence}') as \"Value\"").SingleAsync(ct);
        var caller = request.Anonymous == true || request.Caller is null
            ? null
            : new Caller(NullIfBlank(request.Caller.Name), NullIfBlank(request.Caller.Phone));
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
            return await ReplayAsync(db, winner, hash, http, ct);
        }

        return TypedResults.Created($"/api/complaints/{complaint.Id}", Filed(complaint));
    }

    /// <summary>
    /// One case. Operators read the cases they logged, investigators the cases assigned to them,
    /// discipline every case; anyone else gets 404, so ids reveal nothing. The caller is shown to
    /// discipline, and to the operator who logged a case unless it came through 12388.
    /// </summary>
    public static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> GetComplaint(
        Guid id, ComplaintsDbContext db, CallerProtection callers, ClaimsPrincipal user, CancellationToken ct)
    {
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.CorrelationId == id, ct);
        if (complaint is null)
        {
            return Problems.NotFound();
        }

        var discipline = user.MaySeeReporterIdentity();
        var ownOperatorCase = user.IsInRole(Roles.Operator) && complaint.FiledBy is { } filer && user.IsActor(filer);
        var assigned = user.IsInRole(Roles.Investigator) && complaint.InvestigatorId is { } investigator && user.IsActor(investigator);
        if (!discipline && !ownOperatorCase && !assigned)
        {
            return Problems.NotFound();
        }

        var caller = ComplaintRules.MaySeeCaller(discipline, ownOperatorCase, complaint.Channel)
            ? callers.Unprotect(complaint.ProtectedCaller) is { } c ? new CallerResponse(c.Name, c.Phone) : null
            : null;
        return TypedResults.Ok(new ComplaintResponse(complaint.Id, complaint.CaseNumber, complaint.Channel, complaint.TargetUnitId,
            complaint.TargetKind, complaint.Category, complaint.Description, complaint.OccurredAt, complaint.Anonymous, caller,
            complaint.Attachments, complaint.FiledBy, complaint.ReceivedAt, complaint.AcknowledgeDueAt, complaint.DueAt,
            complaint.Status, complaint.InvestigatorId,
            complaint.AppealedAt is { } appealedAt
                ? new AppealResponse(appealedAt, complaint.AppealReason, complaint.PriorSubstantiated, complaint.PriorViolation, complaint.PriorClosedAt)
                : null));
    }

    private static async Task<Results<Created<ComplaintFiledResponse>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        ComplaintsDbContext db, IdempotencyRecord record, string hash, HttpContext http, CancellationToken ct)
    {
        if (record.RequestHash != hash)
        {
            return Problems.Conflict("The Idempotency-Key was used for another request.",
                "Within 24 hours a key stands for one complaint; use a new key for a different one.");
        }

        var complaint = await db.Complaints.AsNoTracking().SingleAsync(c => c.CorrelationId == record.ComplaintId, ct);
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/complaints/{complaint.Id}", Filed(complaint));
    }

    private static ComplaintFiledResponse Filed(Complaint c) => new(c.Id, c.CaseNumber, c.Status, c.AcknowledgeDueAt, c.DueAt);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Hash(FileComplaintRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}
