using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Complaints.Apis;

public sealed record AssignmentRequest(Guid? InvestigatorId);

/// <param name="Offence">required with a confirmed violation: which offence (it decides which veto item fails)</param>
public sealed record FindingRequest(bool? Substantiated, bool? Violation, string? Summary, Offence? Offence = null);

public sealed record ClosureRequest(string? Feedback);

public sealed record AppealRequest(string? Reason);

public sealed record CaseStatusResponse(Guid Id, string CaseNumber, string Status, Guid? InvestigatorId, DateTimeOffset DueAt)
{
    /// <summary>The China day by whose end a finding is due.</summary>
    public DateOnly DueOn => ChinaTime.DayEndingAt(DueAt);
}

/// <summary>
/// The steps of a case. Each handler checks the request's shape (400), then runs the step on the
/// case (<see cref="Complaint"/>'s step methods, which hold the lifecycle's rules) through
/// <see cref="LockedSteps"/>: the case row locked, the step decided, the change and its events
/// (outbox rows) committed together — or a refusal (404, 409, 422) answered at once with nothing
/// written.
/// </summary>
public static class CaseStepsApi
{
    public static IEndpointRouteBuilder MapCaseStepsApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/complaints/{id:guid}").WithTags("Complaints").TagSpanFromRoute("id", SpanTags.CaseId);
        cases.MapPost("/assignment", Assign).WithName(nameof(Assign)).RequireAuthorization(Policies.ComplaintAssignment).WithStepProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        cases.MapPost("/investigation", StartInvestigation).WithName(nameof(StartInvestigation)).RequireAuthorization(Policies.Investigator).WithStepProblems();
        cases.MapPost("/finding", RecordFinding).WithName(nameof(RecordFinding)).RequireAuthorization(Policies.Investigator).WithStepProblems();
        cases.MapPost("/closure", Close).WithName(nameof(Close)).RequireAuthorization(Policies.ComplaintIntake).WithStepProblems();
        cases.MapPost("/appeal", Appeal).WithName(nameof(Appeal)).RequireAuthorization(Policies.ComplaintIntake).WithStepProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// received (or assigned, to hand it to someone else) → assigned; by the operator who logged it, discipline or
    /// the supervisor; to an active investigator of the directory of people (Complaints' copy of it), else 422.
    /// </summary>
    public static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid id, AssignmentRequest request, LockedSteps steps, ComplaintsDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (request.InvestigatorId is not { } investigator || investigator == Guid.Empty)
        {
            return Invalid("investigatorId", "The investigator (their actor id) is required.");
        }

        var at = clock.GetUtcNow();
        return Answer(await steps.RunAsync<Complaint>(id, "case",
            async (complaint, token) => complaint.Assign(investigator, await db.People.FindAsync([investigator], token), at), ct,
            complaint => user.IsInRole(Roles.Supervisor) || VisibleToIntake(user, complaint)));
    }

    /// <summary>assigned → investigating, by the assigned investigator.</summary>
    public static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> StartInvestigation(
        Guid id, LockedSteps steps, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        return Answer(await steps.RunAsync<Complaint>(id, "case",
            (complaint, _) => ValueTask.FromResult(complaint.StartInvestigation(at)), ct, complaint => IsAssignedTo(user, complaint)));
    }

    /// <summary>
    /// investigating → substantiated (属实) or dismissed, by the assigned investigator. Two answers
    /// apart: a substantiated complaint (有效投诉) and a confirmed violation, which names its offence
    /// (<see cref="FindingAnnouncements"/> says what each publishes).
    /// </summary>
    public static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> RecordFinding(
        Guid id, FindingRequest request, LockedSteps steps, TimeProvider clock, ClaimsPrincipal user, ComplaintsMetrics metrics,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Substantiated is null)
        {
            errors.Add("substantiated", "Say whether the complaint is substantiated (true or false).");
        }

        if (request.Violation is null)
        {
            errors.Add("violation", "Say whether a violation of law or discipline is confirmed (true or false).");
        }
        else if (request.Violation == true && request.Offence is null)
        {
            errors.Add("offence", $"A confirmed violation names its offence: one of {string.Join(", ", Words.All<Offence>())}.");
        }
        else if (request.Violation == false && request.Offence is not null)
        {
            errors.Add("offence", "Only a confirmed violation names an offence.");
        }

        if (string.IsNullOrWhiteSpace(request.Summary))
        {
            errors.Add("summary", "The finding's summary is required.");
        }
        else if (request.Summary.Length > ComplaintRules.MaxSummaryLength)
        {
            errors.Add("summary", $"The summary has at most {ComplaintRules.MaxSummaryLength} characters.");
        }

        if (errors.Count > 0)
        {
            return errors.ToProblem("The finding is not valid.");
        }

        var at = clock.GetUtcNow();
        var summary = request.Summary!.Trim();
        var outcome = await steps.RunAsync<Complaint>(id, "case",
            (complaint, _) => ValueTask.FromResult(complaint.RecordFinding(request.Substantiated!.Value, request.Violation!.Value, request.Offence, summary, at)),
            ct, complaint => IsAssignedTo(user, complaint));
        if (outcome.Refusal is null)
        {
            metrics.Finding(outcome.Aggregate!.Status, request.Violation!.Value);
        }

        return Answer(outcome);
    }

    /// <summary>substantiated | dismissed → closed, with the feedback given to the caller.</summary>
    public static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Close(
        Guid id, ClosureRequest request, LockedSteps steps, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Feedback) || request.Feedback.Length > ComplaintRules.MaxSummaryLength)
        {
            return Invalid("feedback", $"The feedback given to the caller is required (at most {ComplaintRules.MaxSummaryLength} characters).");
        }

        var at = clock.GetUtcNow();
        var feedback = request.Feedback.Trim();
        return Answer(await steps.RunAsync<Complaint>(id, "case",
            (complaint, _) => ValueTask.FromResult(complaint.Close(feedback, at)), ct, complaint => VisibleToIntake(user, complaint)));
    }

    /// <summary>
    /// closed → received for a re-review (复核), once, within the appeal period
    /// (<c>Complaints:Deadlines:AppealWorkingDays</c> working days after the day of closure), recorded
    /// by an operator (own cases) or discipline on behalf of the caller. 409 when the case is not
    /// closed or was appealed before; 422 after the period.
    /// </summary>
    public static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Appeal(
        Guid id, AppealRequest request, LockedSteps steps, IOptions<ComplaintDeadlines> deadlines, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > ComplaintRules.MaxSummaryLength)
        {
            return Invalid("reason", $"Why the caller appeals is required (at most {ComplaintRules.MaxSummaryLength} characters).");
        }

        var at = clock.GetUtcNow();
        var reason = request.Reason.Trim();
        return Answer(await steps.RunAsync<Complaint>(id, "case",
            (complaint, _) => ValueTask.FromResult(complaint.Appeal(reason, at, WorkingDayCalendar.China, deadlines.Value)),
            ct, complaint => VisibleToIntake(user, complaint)));
    }

    /// <summary>The step's answer: the case as the step left it, or the refusal as a problem.</summary>
    private static Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult> Answer(StepOutcome<Complaint> outcome)
    {
        SpanTags.Set(SpanTags.CaseNumber, outcome.Aggregate?.CaseNumber);
        return outcome.Refusal is { } refusal
            ? refusal.ToProblem()
            : TypedResults.Ok(new CaseStatusResponse(outcome.Aggregate!.Id, outcome.Aggregate.CaseNumber, outcome.Aggregate.Status,
                outcome.Aggregate.InvestigatorId, outcome.Aggregate.DueAt));
    }

    /// <summary>Discipline handles every case; an operator the cases it logged.</summary>
    private static bool VisibleToIntake(ClaimsPrincipal user, Complaint complaint) =>
        user.IsInRole(Roles.Discipline) || (complaint.FiledBy is { } filer && user.IsActor(filer));

    private static bool IsAssignedTo(ClaimsPrincipal user, Complaint complaint) =>
        complaint.InvestigatorId is { } investigator && user.IsActor(investigator);

    private static ValidationProblem Invalid(string field, string message) =>
        Problems.Invalid(field, message);

    private static RouteHandlerBuilder WithStepProblems(this RouteHandlerBuilder route) => route
        .WithProblems(401, 403, 404, 409);
}
