namespace StarPlatform.Complaints.Model;

/// <summary>
/// A case's states (the <c>status</c> of the API): received → assigned → investigating →
/// substantiated | dismissed → closed, and once, on appeal, closed → received for a re-review. The
/// steps between them are the saga's (<see cref="StateMachines.ComplaintStateMachine"/>).
/// </summary>
public static class ComplaintLifecycle
{
    public const string Received = "received";
    public const string Assigned = "assigned";
    public const string Investigating = "investigating";
    public const string Substantiated = "substantiated";
    public const string Dismissed = "dismissed";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> States = [Received, Assigned, Investigating, Substantiated, Dismissed, Closed];

    /// <summary>Still waiting for a finding: the conclusion deadline runs.</summary>
    public static readonly IReadOnlyList<string> Open = [Received, Assigned, Investigating];

    public static bool IsOpen(string state) => Open.Contains(state);

    public static string Refusal(string step, string state, IEnumerable<string> allowedFrom) =>
        $"A case that is {state} cannot take a {step}; it needs a case that is {string.Join(" or ", allowedFrom)}.";
}
