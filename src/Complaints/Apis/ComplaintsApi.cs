using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Apis;

public sealed record CallerRequest(string? Name, string? Phone, string? Email = null);

public sealed record FileComplaintRequest(
    string? Channel, Guid? TargetUnitId, string? Category, string? Description, DateTimeOffset? OccurredAt,
    CallerRequest? Caller, bool? Anonymous, string?[]? Attachments = null);

/// <param name="LookupCode">
/// 查询码: with the case number it lets the caller follow the case (GET /api/complaints/track/{caseNumber});
/// give it to the caller — printed, shown, or read out on the phone. Shown only here.
/// </param>
/// <param name="AcknowledgeDueAt">The end (24:00 China time) of the day by which the case is acknowledged; <see cref="AcknowledgeDueOn"/> is that day.</param>
/// <param name="DueAt">The end (24:00 China time) of the day by which a finding is due; <see cref="DueOn"/> is that day.</param>
public sealed record ComplaintFiledResponse(Guid Id, string CaseNumber, string Status, DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt, string? LookupCode)
{
    /// <summary>The China day by whose end the case is acknowledged.</summary>
    public DateOnly AcknowledgeDueOn => ChinaTime.DayEndingAt(AcknowledgeDueAt);

    /// <summary>The China day by whose end a finding is due.</summary>
    public DateOnly DueOn => ChinaTime.DayEndingAt(DueAt);
}

public sealed record CallerResponse(string? Name, string? Phone, string? Email);

public sealed record ComplaintResponse(
    Guid Id, string CaseNumber, string Channel, Guid TargetUnitId, UnitKind TargetKind, string Category, string Description,
    DateTimeOffset OccurredAt, bool Anonymous, CallerResponse? Caller, IReadOnlyList<string> Attachments, Guid? FiledBy,
    DateTimeOffset ReceivedAt, DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt, string Status, Guid? InvestigatorId,
    AppealResponse? Appeal = null, Offence? Offence = null, CaseProgressResponse? Progress = null)
{
    /// <summary>The China day by whose end the case is acknowledged.</summary>
    public DateOnly AcknowledgeDueOn => ChinaTime.DayEndingAt(AcknowledgeDueAt);

    /// <summary>The China day by whose end a finding is due.</summary>
    public DateOnly DueOn => ChinaTime.DayEndingAt(DueAt);
}

/// <summary>
/// What was done on the case and when: the finding (with its summary), the feedback given to the
/// caller, and until when the caller may appeal (复核) a closed case.
/// </summary>
public sealed record CaseProgressResponse(
    DateTimeOffset? AssignedAt, DateTimeOffset? InvestigationStartedAt, DateTimeOffset? ConcludedAt, bool? Substantiated,
    bool Violation, string? FindingSummary, DateTimeOffset? ClosedAt, string? Feedback, DateTimeOffset? AppealOpenUntil,
    string? PriorFindingSummary, string? PriorFeedback)
{
    /// <summary>The China day by whose end the caller may appeal (the day <c>AppealOpenUntil</c> ends).</summary>
    public DateOnly? AppealOpenUntilOn => AppealOpenUntil is { } until ? ChinaTime.DayEndingAt(until) : null;
}

/// <summary>The appeal that reopened a case, and the finding it was against.</summary>
public sealed record AppealResponse(DateTimeOffset AppealedAt, string? Reason, bool? PriorSubstantiated, bool PriorViolation, DateTimeOffset? PriorClosedAt);

public static class ComplaintsApi
{
    public const string IdempotencyHeader = IdempotencyKey.Header;

    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var complaints = app.MapGroup("/api/complaints").WithTags("Complaints");
        // Open to anyone: the online channel is public (the gateway rate-limits it); the handler
        // refuses the hotline channels without an operator or discipline token.
        // The key is checked by the intake itself (one round trip with the case, decision 0012).
        complaints.MapPost("/", FileComplaint).WithName(nameof(FileComplaint))
            .WithMetadata(IdempotencyKeyMetadata.Instance)
            .WithProblems(401, 403, 409, 422);
        complaints.MapGet("/{id:guid}", GetComplaint).WithName(nameof(GetComplaint))
            .RequireAuthorization(Policies.ComplaintStaff)
            .WithProblems(401, 403);
        return app;
    }

    /// <summary>
    /// Takes a case in (<see cref="Intake"/>): 201 with the case, 400 listing every invalid field,
    /// 401/403 for a hotline channel without staff, 409 for a reused Idempotency-Key, 422 for a
    /// target that is unknown or closed.
    /// </summary>
    public static async Task<Results<Created<ComplaintFiledResponse>, ValidationProblem, ProblemHttpResult>> FileComplaint(
        FileComplaintRequest request, Intake intake, CallerProtection callers, HttpContext http, CancellationToken ct)
    {
        string? key = http.Request.Headers.TryGetValue(IdempotencyHeader, out var keyValues) ? keyValues.ToString() : null;
        switch (await intake.TakeInAsync(request, key, http.User, ct))
        {
            case Intake.Filed filed:
                SpanTags.Set(SpanTags.CaseId, filed.Complaint.Id);
                SpanTags.Set(SpanTags.CaseNumber, filed.Complaint.CaseNumber);
                if (filed.Replayed)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                }

                return TypedResults.Created($"/api/complaints/{filed.Complaint.Id}", Filed(filed.Complaint, callers));
            case Intake.Invalid invalid:
                return Problems.Invalid(invalid.Errors, "The complaint is not valid.");
            case Intake.Refused refused:
                return refused.Problem;
            default:
                throw new InvalidOperationException("An intake ends filed, invalid or refused.");
        }
    }

    /// <summary>
    /// One case. Operators read the cases they logged, investigators the cases assigned to them,
    /// discipline every case; anyone else gets 404, so ids reveal nothing. The caller is shown to
    /// discipline, and to the operator who logged a case unless it came through 12388.
    /// </summary>
    public static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> GetComplaint(
        Guid id, ComplaintsDbContext db, CallerProtection callers, ClaimsPrincipal user, IOptions<ComplaintDeadlines> deadlines,
        CancellationToken ct)
    {
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null)
        {
            return CaseProblems.NotFound();
        }

        SpanTags.Set(SpanTags.CaseId, complaint.Id);
        SpanTags.Set(SpanTags.CaseNumber, complaint.CaseNumber);
        var discipline = user.MaySeeReporterIdentity();
        var ownOperatorCase = user.IsInRole(Roles.Operator) && complaint.FiledBy is { } filer && user.IsActor(filer);
        var assigned = user.IsInRole(Roles.Investigator) && complaint.InvestigatorId is { } investigator && user.IsActor(investigator);
        var supervisor = user.IsInRole(Roles.Supervisor);
        if (!discipline && !ownOperatorCase && !assigned && !supervisor)
        {
            return CaseProblems.NotFound();
        }

        var caller = ComplaintRules.MaySeeCaller(discipline, ownOperatorCase, complaint.Channel)
            ? callers.Unprotect(complaint.ProtectedCaller) is { } c ? new CallerResponse(c.Name, c.Phone, c.Email) : null
            : null;
        return TypedResults.Ok(new ComplaintResponse(complaint.Id, complaint.CaseNumber, complaint.Channel, complaint.TargetUnitId,
            complaint.TargetKind, complaint.Category, complaint.Description, complaint.OccurredAt, complaint.Anonymous, caller,
            complaint.Attachments, complaint.FiledBy, complaint.ReceivedAt, complaint.AcknowledgeDueAt, complaint.DueAt,
            complaint.Status, complaint.InvestigatorId,
            complaint.AppealedAt is { } appealedAt
                ? new AppealResponse(appealedAt, complaint.AppealReason, complaint.PriorSubstantiated, complaint.PriorViolation, complaint.PriorClosedAt)
                : null,
            complaint.Offence,
            new CaseProgressResponse(complaint.AssignedAt, complaint.InvestigationStartedAt, complaint.ConcludedAt, complaint.Substantiated,
                complaint.Violation, complaint.FindingSummary, complaint.ClosedAt, complaint.Feedback,
                complaint.ClosedAt is { } closedAt && complaint.AppealedAt is null
                    ? WorkingDayCalendar.China.DueAt(closedAt, deadlines.Value.AppealWorkingDays)
                    : null,
                complaint.PriorFindingSummary, complaint.PriorFeedback)));
    }

    private static ComplaintFiledResponse Filed(Complaint c, CallerProtection callers) =>
        new(c.Id, c.CaseNumber, c.Status, c.AcknowledgeDueAt, c.DueAt,
            callers.UnprotectCode(c.ProtectedLookupCode) is { } code ? LookupCodes.Display(code) : null);
}
