namespace StarPlatform.Complaints.Model;

/// <summary>
/// A case's states and the steps between them: received → assigned → investigating →
/// substantiated | dismissed → closed. A step from any other state is refused (409).
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

    /// <summary>Steps and the states they are taken from.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedFrom = new Dictionary<string, IReadOnlyList<string>>
    {
        // Re-assigning an assigned case hands it to another investigator before work starts.
        ["assignment"] = [Received, Assigned],
        ["investigation"] = [Assigned],
        ["finding"] = [Investigating],
        ["closure"] = [Substantiated, Dismissed],
    };

    public static bool Allows(string step, string state) => AllowedFrom[step].Contains(state);

    /// <summary>Still waiting for a finding: the conclusion deadline runs.</summary>
    public static bool IsOpen(string state) => state is Received or Assigned or Investigating;

    public static string Refusal(string step, string state) =>
        $"A case that is {state} cannot take a {step}; it needs a case that is {string.Join(" or ", AllowedFrom[step])}.";
}
