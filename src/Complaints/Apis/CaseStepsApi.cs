using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Apis;

public sealed record AssignmentRequest(Guid? InvestigatorId);

public sealed record FindingRequest(bool? Substantiated, bool? Violation, string? Summary);

public sealed record ClosureRequest(string? Feedback);

public sealed record CaseStatusResponse(Guid Id, string CaseNumber, string Status, Guid? InvestigatorId, DateTimeOffset DueAt);

/// <summary>
/// The steps of a case (<see cref="ComplaintLifecycle"/>). Each locks the case's row for its
/// transaction, so two steps on one case never both pass the state check; the events leave
/// through the outbox with the change or not at all.
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
        return app;
    }

    /// <summary>received (or assigned, to hand it to someone else) → assigned.</summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid id, AssignmentRequest request, ComplaintsDbContext db, IOutbox outbox, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.InvestigatorId is null || request.InvestigatorId == Guid.Empty)
        {
            return Invalid("investigatorId", "The investigator (their actor id) is required.");
        }

        return StepAsync(db, id, "assignment", complaint => VisibleToIntake(user, complaint), complaint =>
        {
            var now = clock.GetUtcNow();
            complaint.Status = ComplaintLifecycle.Assigned;
            complaint.InvestigatorId = request.InvestigatorId;
            complaint.AssignedAt = now;
            outbox.Publish(new ComplaintAssigned(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, request.InvestigatorId.Value, now));
        }, ct);
    }

    /// <summary>assigned → investigating, by the assigned investigator.</summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> StartInvestigation(
        Guid id, ComplaintsDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(db, id, "investigation", complaint => IsAssignedTo(user, complaint), complaint =>
        {
            complaint.Status = ComplaintLifecycle.Investigating;
            complaint.InvestigationStartedAt = clock.GetUtcNow();
        }, ct);

    /// <summary>
    /// investigating → substantiated (有效投诉) or dismissed, by the assigned investigator. A
    /// substantiated case publishes <see cref="ComplaintSubstantiated"/>; a confirmed violation also
    /// <see cref="ViolationConfirmed"/>.
    /// </summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> RecordFinding(
        Guid id, FindingRequest request, ComplaintsDbContext db, IOutbox outbox, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
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

        return StepAsync(db, id, "finding", complaint => IsAssignedTo(user, complaint), complaint =>
        {
            var now = clock.GetUtcNow();
            complaint.FindingSummary = request.Summary!.Trim();
            complaint.Violation = request.Violation!.Value;
            complaint.Substantiated = request.Substantiated!.Value;
            complaint.ConcludedAt = now;
            if (request.Substantiated!.Value)
            {
                complaint.Status = ComplaintLifecycle.Substantiated;
                outbox.Publish(new ComplaintSubstantiated(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, complaint.TargetKind,
                    complaint.Category, complaint.OccurredAt, now, complaint.FindingSummary));
                if (complaint.Violation)
                {
                    outbox.Publish(new ViolationConfirmed(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, complaint.TargetKind,
                        complaint.Category, now));
                }
            }
            else
            {
                complaint.Status = ComplaintLifecycle.Dismissed;
                outbox.Publish(new ComplaintDismissed(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, now));
            }
        }, ct);
    }

    /// <summary>substantiated | dismissed → closed, with the feedback given to the caller.</summary>
    public static Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> Close(
        Guid id, ClosureRequest request, ComplaintsDbContext db, IOutbox outbox, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Feedback) || request.Feedback.Length > ComplaintRules.MaxSummaryLength)
        {
            return Invalid("feedback", $"The feedback given to the caller is required (at most {ComplaintRules.MaxSummaryLength} characters).");
        }

        return StepAsync(db, id, "closure", complaint => VisibleToIntake(user, complaint), complaint =>
        {
            var now = clock.GetUtcNow();
            var outcome = complaint.Status;
            complaint.Status = ComplaintLifecycle.Closed;
            complaint.Feedback = request.Feedback.Trim();
            complaint.ClosedAt = now;
            outbox.Publish(new ComplaintClosed(complaint.Id, complaint.CaseNumber, complaint.TargetUnitId, outcome, now));
        }, ct);
    }

    private static async Task<Results<Ok<CaseStatusResponse>, ValidationProblem, ProblemHttpResult>> StepAsync(
        ComplaintsDbContext db, Guid id, string step, Func<Complaint, bool> mayAct, Action<Complaint> apply, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var complaint = await db.Complaints.FromSql($"select * from complaints where id = {id} for update").SingleOrDefaultAsync(ct);
        if (complaint is null || !mayAct(complaint))
        {
            return Problems.NotFound();
        }

        if (!ComplaintLifecycle.Allows(step, complaint.Status))
        {
            return Problems.Conflict("The case is not in a state for this step.", ComplaintLifecycle.Refusal(step, complaint.Status));
        }

        apply(complaint);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new CaseStatusResponse(complaint.Id, complaint.CaseNumber, complaint.Status, complaint.InvestigatorId, complaint.DueAt));
    }

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
