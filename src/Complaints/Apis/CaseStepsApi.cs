using System.Security.Claims;
using MassTransit.Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Complaints.StateMachines;

namespace StarPlatform.Complaints.Apis;

public sealed record AssignmentRequest(Guid? InvestigatorId);

public sealed record FindingRequest(bool? Substantiated, bool? Violation, string? Summary);

public sealed record ClosureRequest(string? Feedback);

public sealed record AppealRequest(string? Reason);

public sealed record CaseStatusResponse(Guid Id, string CaseNumber, string Status, Guid? InvestigatorId, DateTimeOffset DueAt);

/// <summary>
/// The steps of a case. Each handler checks the request, then sends the step as a command to the
/// case saga (<see cref="ComplaintStateMachine"/>) through MassTransit's mediator: in-process and
/// awaited, so the saga's refusal (404, 409, 422) is this request's answer. The saga's consume runs
/// in one transaction — the case row locked by the saga repository, the inbox record, the outbox
/// rows of its events — so a step is written with its events or not at all.
/// </summary>
public static class CaseStepsApi
{
    public static IEndpointRouteBuilder MapCaseStepsApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/complaints/{id:guid}").WithTags("Complaints");
        cases.MapPost("/assignment", Assign).WithName(nameof(Assign)).RequireAuthorization(Policies.ComplaintIntake).WithStepProblems();
        cases.MapPost("/investigation", StartInvestigation).WithName(nameof(StartInvestigation)).RequireAuthorization(Policies.Investigator).WithStepProblems();
        cases.MapPost("/finding", RecordFinding).WithName(nameof(RecordFinding)).RequireAuthorization(Policies.Investigator).WithStepProblems();
        cases.MapPost("/closure", Close).WithName(nameof(Close)).RequireAuthorization(Policies.ComplaintIntake).WithStepProblems();
        cases.MapPost("/appeal", Appeal).WithName(nameof(Appeal)).RequireAuthorization(Policies.ComplaintIntake).WithStepProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>received (or assigned, to hand it to someone else) → assigned.</summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid id, AssignmentRequest request, ComplaintsDbContext db, IMediator mediator, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.InvestigatorId is null || request.InvestigatorId == Guid.Empty)
        {
            return Invalid("investigatorId", "The investigator (their actor id) is required.");
        }

        return StepAsync(db, mediator, id, complaint => VisibleToIntake(user, complaint),
            new AssignComplaint(id, request.InvestigatorId.Value, Actor(user), user.IsInRole(Roles.Discipline), clock.GetUtcNow()), ct);
    }

    /// <summary>assigned → investigating, by the assigned investigator.</summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> StartInvestigation(
        Guid id, ComplaintsDbContext db, IMediator mediator, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(db, mediator, id, complaint => IsAssignedTo(user, complaint),
            new StateMachines.StartInvestigation(id, Actor(user), clock.GetUtcNow()), ct);

    /// <summary>
    /// investigating → substantiated (有效投诉) or dismissed, by the assigned investigator
    /// (<see cref="FindingAnnouncements"/> says what it publishes).
    /// </summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> RecordFinding(
        Guid id, FindingRequest request, ComplaintsDbContext db, IMediator mediator, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Substantiated is null)
        {
            errors["substantiated"] = ["Say whether the complaint is substantiated (true or false)."];
        }

        if (request.Violation is null)
        {
            errors["violation"] = ["Say whether a violation of law or discipline is confirmed (true or false)."];
        }
        else if (request.Violation == true && request.Substantiated == false)
        {
            errors["violation"] = ["A confirmed violation makes the complaint substantiated."];
        }

        if (string.IsNullOrWhiteSpace(request.Summary))
        {
            errors["summary"] = ["The finding's summary is required."];
        }
        else if (request.Summary.Length > ComplaintRules.MaxSummaryLength)
        {
            errors["summary"] = [$"The summary has at most {ComplaintRules.MaxSummaryLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Task.FromResult<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>>(
                TypedResults.ValidationProblem(errors, title: "The finding is not valid."));
        }

        return StepAsync(db, mediator, id, complaint => IsAssignedTo(user, complaint),
            new StateMachines.RecordFinding(id, Actor(user), request.Substantiated!.Value, request.Violation!.Value, request.Summary!.Trim(), clock.GetUtcNow()), ct);
    }

    /// <summary>substantiated | dismissed → closed, with the feedback given to the caller.</summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Close(
        Guid id, ClosureRequest request, ComplaintsDbContext db, IMediator mediator, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Feedback) || request.Feedback.Length > ComplaintRules.MaxSummaryLength)
        {
            return Invalid("feedback", $"The feedback given to the caller is required (at most {ComplaintRules.MaxSummaryLength} characters).");
        }

        return StepAsync(db, mediator, id, complaint => VisibleToIntake(user, complaint),
            new CloseComplaint(id, Actor(user), user.IsInRole(Roles.Discipline), request.Feedback.Trim(), clock.GetUtcNow()), ct);
    }

    /// <summary>
    /// closed → received for a re-review (复核), once, within the appeal period
    /// (<c>Complaints:Deadlines:AppealWorkingDays</c> working days after the day of closure), recorded
    /// by an operator (own cases) or discipline on behalf of the caller. 409 when the case is not
    /// closed or was appealed before; 422 after the period.
    /// </summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Appeal(
        Guid id, AppealRequest request, ComplaintsDbContext db, IMediator mediator, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > ComplaintRules.MaxSummaryLength)
        {
            return Invalid("reason", $"Why the caller appeals is required (at most {ComplaintRules.MaxSummaryLength} characters).");
        }

        return StepAsync(db, mediator, id, complaint => VisibleToIntake(user, complaint),
            new AppealComplaint(id, Actor(user), user.IsInRole(Roles.Discipline), request.Reason.Trim(), clock.GetUtcNow()), ct);
    }

    /// <summary>
    /// A case nobody may see answers 404 before the saga is bothered; the saga checks the same rule
    /// again under the row lock (a re-assignment may have happened in between) and decides the rest.
    /// </summary>
    private static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> StepAsync<TCommand>(
        ComplaintsDbContext db, IMediator mediator, Guid id, Func<Complaint, bool> mayAct, TCommand command, CancellationToken ct)
        where TCommand : class
    {
        var seen = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.CorrelationId == id, ct);
        if (seen is null || !mayAct(seen))
        {
            return Problems.NotFound();
        }

        try
        {
            await mediator.Send(command, ct);
        }
        catch (Exception ex) when (CaseStepRefused.Find(ex) is { } refused)
        {
            return TypedResults.Problem(refused.Detail, statusCode: refused.Status, title: refused.Title);
        }

        var complaint = await db.Complaints.AsNoTracking().SingleAsync(c => c.CorrelationId == id, ct);
        return TypedResults.Ok(new CaseStatusResponse(complaint.Id, complaint.CaseNumber, complaint.Status, complaint.InvestigatorId, complaint.DueAt));
    }

    private static Guid Actor(ClaimsPrincipal user) => user.ActorId() ?? Guid.Empty;

    /// <summary>Discipline handles every case; an operator the cases it logged.</summary>
    private static bool VisibleToIntake(ClaimsPrincipal user, Complaint complaint) =>
        user.IsInRole(Roles.Discipline) || (complaint.FiledBy is { } filer && user.IsActor(filer));

    private static bool IsAssignedTo(ClaimsPrincipal user, Complaint complaint) =>
        complaint.InvestigatorId is { } investigator && user.IsActor(investigator);

    private static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Invalid(string field, string message) =>
        Task.FromResult<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>>(
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid."));

    private static RouteHandlerBuilder WithStepProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
