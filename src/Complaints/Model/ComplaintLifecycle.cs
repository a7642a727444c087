using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Complaints.Model;

/// <summary>A case's states; in the API and the database the kebab-case word (<c>received</c>).</summary>
public enum CaseState
{
    Received,
    Assigned,
    Investigating,
    Substantiated,
    Dismissed,
    Closed,
}

/// <summary>The steps a case takes.</summary>
public enum CaseStep
{
    Assignment,
    Investigation,
    Finding,
    Closure,
    Appeal,
}

/// <summary>
/// A case's lifecycle (投诉件办理): received → assigned → investigating → substantiated | dismissed →
/// closed, and once, on appeal (复核), closed → received for a re-review. The table below is the
/// whole of its transitions; <see cref="Complaint"/>'s step methods ask it first.
/// </summary>
public static class ComplaintLifecycle
{
    public static readonly Transitions<CaseState, CaseStep> Transitions = new Transitions<CaseState, CaseStep>("case")
        // Re-assigning an assigned case hands it to another investigator before work starts.
        .Step(CaseStep.Assignment, CaseState.Received, CaseState.Assigned)
        .Step(CaseStep.Investigation, CaseState.Assigned)
        .Step(CaseStep.Finding, CaseState.Investigating)
        .Step(CaseStep.Closure, CaseState.Substantiated, CaseState.Dismissed)
        .Step(CaseStep.Appeal, CaseState.Closed);

    // The words, for SQL and filters (the column holds them).
    public const string Received = "received";
    public const string Assigned = "assigned";
    public const string Investigating = "investigating";
    public const string Substantiated = "substantiated";
    public const string Dismissed = "dismissed";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> States = Words.All<CaseState>();

    /// <summary>Still waiting for a finding: the conclusion deadline runs.</summary>
    public static readonly IReadOnlyList<string> Open = [Received, Assigned, Investigating];

    public static bool IsOpen(string state) => Open.Contains(state);

    public static CaseState StateOf(string status) =>
        Words.Parse<CaseState>(status);
}
