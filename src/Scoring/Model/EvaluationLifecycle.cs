using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Scoring.Model;

/// <summary>Where an application's evaluation stands; in the API and the database the kebab-case word.</summary>
public enum EvaluationStage
{
    Applied,
    UnderReview,
    Scored,
    AwaitingApproval,
    Approved,
    Rejected,
}

/// <summary>The steps of an evaluation.</summary>
public enum EvaluationStep
{
    /// <summary>The secretary assigns the panel.</summary>
    EvaluatorAssignment,

    /// <summary>An evaluator submits or corrects a score sheet.</summary>
    Scoring,

    /// <summary>The secretary enters the public-satisfaction points.</summary>
    Satisfaction,

    /// <summary>The secretary reports the result to the city government (报市政府审定).</summary>
    Report,

    /// <summary>The approver decides (审定).</summary>
    Decision,

    /// <summary>A finding from outside (a complaint, a violation, a reversal) changes the vetoes.</summary>
    OutsideFinding,
}

/// <summary>
/// An application's (申报) way through evaluation: applied → under-review (evaluators assigned) →
/// scored (every assigned evaluator submitted; sheets may still be corrected until reported) →
/// awaiting-approval (reported to the city government) → approved | rejected. A failed veto item
/// shows the status <c>vetoed</c> until the decision, whatever the stage: the panel still scores
/// and the approver still decides, so a no-star result is approved like any other and supersedes a
/// held star. The table below is the whole of its transitions; <see cref="Application"/>'s step
/// methods ask it first.
/// </summary>
public static class EvaluationLifecycle
{
    public static readonly Transitions<EvaluationStage, EvaluationStep> Transitions =
        new Transitions<EvaluationStage, EvaluationStep>("application")
            .Step(EvaluationStep.EvaluatorAssignment, EvaluationStage.Applied, EvaluationStage.UnderReview)
            .Step(EvaluationStep.Scoring, EvaluationStage.UnderReview, EvaluationStage.Scored)
            .Step(EvaluationStep.Satisfaction, EvaluationStage.Applied, EvaluationStage.UnderReview, EvaluationStage.Scored)
            .Step(EvaluationStep.Report, EvaluationStage.Scored)
            .Step(EvaluationStep.Decision, EvaluationStage.AwaitingApproval)
            // After the decision a finding is Awards' business (revocation): a decided result stays as it is.
            .Step(EvaluationStep.OutsideFinding,
                EvaluationStage.Applied, EvaluationStage.UnderReview, EvaluationStage.Scored, EvaluationStage.AwaitingApproval);

    // The words, for SQL and filters (the stage column holds them).
    public static readonly string Applied = Words.Of(EvaluationStage.Applied);
    public static readonly string UnderReview = Words.Of(EvaluationStage.UnderReview);
    public static readonly string Scored = Words.Of(EvaluationStage.Scored);
    public static readonly string AwaitingApproval = Words.Of(EvaluationStage.AwaitingApproval);
    public static readonly string Approved = Words.Of(EvaluationStage.Approved);
    public static readonly string Rejected = Words.Of(EvaluationStage.Rejected);
    public const string Vetoed = "vetoed";

    /// <summary>What the API shows: a stage, or vetoed.</summary>
    public static readonly IReadOnlyList<string> Statuses = [.. Words.All<EvaluationStage>(), Vetoed];

    public static bool IsDecided(EvaluationStage stage) => stage is EvaluationStage.Approved or EvaluationStage.Rejected;

    /// <summary>The status the API shows: the decision once made, else vetoed when a veto holds, else the stage.</summary>
    public static string StatusOf(EvaluationStage stage, bool vetoed) => IsDecided(stage) ? Words.Of(stage) : vetoed ? Vetoed : Words.Of(stage);
}
