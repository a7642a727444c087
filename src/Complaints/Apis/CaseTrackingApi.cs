using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Http;

namespace StarPlatform.Complaints.Apis;

/// <param name="Step">received, assigned, investigating, concluded, closed or appealed.</param>
/// <param name="Text">The step in the caller's language (Chinese unless Accept-Language prefers English).</param>
public sealed record CaseTrackStep(string Step, string Text, DateTimeOffset At);

/// <summary>A case as its caller follows it.</summary>
/// <param name="Status">The case's state word; for a 12388 report only <c>received</c> or <c>closed</c>.</param>
/// <param name="StatusText">Where the case stands, in the caller's language.</param>
/// <param name="DueOn">The China day by whose end a finding is due.</param>
/// <param name="Finding">The finding's summary once there is one (never for a 12388 report).</param>
/// <param name="Feedback">What the caller was told at closure (never for a 12388 report).</param>
/// <param name="AppealUntil">Until when the caller may ask for a re-review (复核), once the case is closed and was never appealed.</param>
public sealed record CaseTrackResponse(
    string CaseNumber, string Channel, string Status, string StatusText, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, DateOnly DueOn,
    IReadOnlyList<CaseTrackStep> Timeline, string? Finding, string? Feedback, DateTimeOffset? AppealUntil, DateOnly? AppealUntilOn);

/// <summary>
/// The caller follows their own case with its number and the lookup code the intake answered with
/// (查询码, <see cref="LookupCodes"/>). The code travels in a header, not the URL, so that it stays
/// out of access logs and browser history. A wrong or missing code and an unknown number get the
/// same 404: a case number alone reveals nothing.
/// </summary>
public static class CaseTrackingApi
{
    public const string CodeHeader = "Lookup-Code";

    public static IEndpointRouteBuilder MapCaseTrackingApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/complaints").WithTags("Complaints")
            .MapGet("/track/{caseNumber}", TrackCase).WithName(nameof(TrackCase))
            .WithSummary("查询办理进度 Follow a case with its number and lookup code")
            .WithDescription("The caller's view of a case: status, timeline, finding and feedback (12388 reports: status only). " +
                "Send the lookup code in the Lookup-Code header; Accept-Language: en for English.")
            .AllowAnonymous()
            .WithProblems(404);
        return app;
    }

    public static async Task<Results<Ok<CaseTrackResponse>, ProblemHttpResult>> TrackCase(
        string caseNumber, HttpRequest request, ComplaintsDbContext db, CallerProtection callers, IOptions<ComplaintDeadlines> deadlines,
        CancellationToken ct)
    {
        var code = request.Headers[CodeHeader].ToString();
        var complaint = caseNumber.Length <= 32 && LookupCodes.Normalise(code) is not null
            ? await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.CaseNumber == caseNumber, ct)
            : null;
        if (complaint is null || !callers.CodeMatches(complaint.ProtectedLookupCode, code))
        {
            return Problems.NotFound("The case was not found.", "No case with this number and lookup code.");
        }

        var english = ProblemLanguage.PrefersEnglish(request);
        var details = CaseProgress.ShowsDetails(complaint);
        DateTimeOffset? appealUntil = complaint is { ClosedAt: { } closedAt, AppealedAt: null }
            ? WorkingDayCalendar.China.DueAt(closedAt, deadlines.Value.AppealWorkingDays)
            : null;
        return TypedResults.Ok(new CaseTrackResponse(
            complaint.CaseNumber, complaint.Channel, CaseProgress.Status(complaint), CaseProgress.StatusText(complaint, english),
            complaint.ReceivedAt, complaint.DueAt, ChinaTime.DayEndingAt(complaint.DueAt),
            CaseProgress.Timeline(complaint, english).Select(s => new CaseTrackStep(s.Name, s.Text, s.At)).ToList(),
            details ? complaint.FindingSummary : null,
            details ? complaint.Feedback : null,
            appealUntil, appealUntil is { } until ? ChinaTime.DayEndingAt(until) : null));
    }
}
