namespace StarPlatform.Scoring.Model;

/// <summary>
/// An application's (申报) way through evaluation. The stage moves applied → under-review (evaluators
/// assigned) → scored (every assigned evaluator submitted) → awaiting-approval (reported to the city
/// government, 报市政府审定) → approved | rejected. A failed veto item shows the status
/// <c>vetoed</c> until the decision, whatever the stage: the panel still scores and the approver
/// still decides, so a no-star result is approved like any other and supersedes a held star.
/// </summary>
public static class EvaluationLifecycle
{
    public const string Applied = "applied";
    public const string UnderReview = "under-review";
    public const string Scored = "scored";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Vetoed = "vetoed";

    public static readonly IReadOnlyList<string> Statuses = [Applied, UnderReview, Scored, AwaitingApproval, Approved, Rejected, Vetoed];

    public const string AssignEvaluators = "evaluator assignment";
    public const string Score = "scoring";
    public const string Satisfaction = "satisfaction";
    public const string Report = "report for approval";
    public const string Decide = "decision";

    private static readonly Dictionary<string, string[]> StagesAllowing = new()
    {
        [AssignEvaluators] = [Applied, UnderReview],
        [Score] = [UnderReview, Scored],
        [Satisfaction] = [Applied, UnderReview, Scored],
        [Report] = [Scored],
        [Decide] = [AwaitingApproval],
    };

    public static bool IsDecided(string stage) => stage is Approved or Rejected;

    public static bool Allows(string step, string stage) => StagesAllowing[step].Contains(stage);

    public static string Refusal(string step, string stage) => IsDecided(stage)
        ? $"The application is {stage}; its result is final."
        : $"The {step} is open while the application is {string.Join(" or ", StagesAllowing[step])}; it is {stage}.";

    /// <summary>The status the API shows: the decision once made, else vetoed when a veto holds, else the stage.</summary>
    public static string StatusOf(string stage, bool vetoed) => IsDecided(stage) ? stage : vetoed ? Vetoed : stage;
}
