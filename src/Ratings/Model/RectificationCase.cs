using StarPlatform.Contracts;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Ratings.Model;

/// <summary>A rectification case's states; in the API and the database the kebab-case word (<c>awaiting-callback</c>).</summary>
public enum RectificationState
{
    /// <summary>A real-name rater is to be called back (回访核实).</summary>
    AwaitingCallback,

    /// <summary>The unit is to rectify, or explain why it cannot (整改).</summary>
    Rectifying,

    /// <summary>Rectified or explained: the rater is to be answered (反馈).</summary>
    AwaitingFeedback,

    /// <summary>Answered: the case is to be closed.</summary>
    FedBack,

    Closed,
}

/// <summary>The steps a rectification case takes.</summary>
public enum RectificationStep
{
    Callback,
    Rectification,
    Feedback,
    Closure,
}

/// <summary>
/// The lifecycle of a rectification case: awaiting-callback (real-name raters only) → rectifying →
/// awaiting-feedback → fed-back → closed. The table is the whole of its transitions;
/// <see cref="RectificationCase"/>'s step methods ask it first.
/// </summary>
public static class RectificationLifecycle
{
    public static readonly Transitions<RectificationState, RectificationStep> Transitions =
        new Transitions<RectificationState, RectificationStep>("rectification case")
            .Step(RectificationStep.Callback, RectificationState.AwaitingCallback)
            .Step(RectificationStep.Rectification, RectificationState.Rectifying)
            .Step(RectificationStep.Feedback, RectificationState.AwaitingFeedback)
            .Step(RectificationStep.Closure, RectificationState.FedBack);

    // The words, for SQL (the column holds them).
    public const string AwaitingCallback = "awaiting-callback";
    public const string Rectifying = "rectifying";
}

/// <summary>
/// 差评整改 (a bad rating's rectification case): opened for the unit with each 不满意 or 非常不满意 rating, in
/// the rating's transaction. A real-name rater is called back within <see cref="RatingOptions.CallbackWorkingDays"/>
/// working days; the unit rectifies within <see cref="RatingOptions.RectifyWorkingDays"/>, or explains why it
/// cannot (no legal basis, say); the rater is answered; the case closes. Both deadlines are counted from the
/// rating on the working-day calendar. The rater's contact is not here: it stays encrypted on the rating.
/// </summary>
public sealed class RectificationCase : Aggregate
{
    public const int MaxNoteLength = 1000;

    public Guid Id { get; set; }
    public Guid RatingId { get; set; }
    public Guid UnitId { get; set; }
    public required string TransactionId { get; set; }
    public required string ServiceItem { get; set; }
    public RatingChannel Channel { get; set; }
    public RatingLevel Level { get; set; }

    /// <summary>The rater gave a contact: the case starts with the callback.</summary>
    public bool RealName { get; set; }

    public RectificationState State { get; set; }
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>The end of the callback's last working day; null for an anonymous rating (no callback).</summary>
    public DateTimeOffset? CallbackDueAt { get; set; }

    public DateTimeOffset RectifyDueAt { get; set; }

    public DateTimeOffset? CalledBackAt { get; set; }

    /// <summary>Whether the rater was reached on the callback.</summary>
    public bool? RaterReached { get; set; }

    /// <summary>What the callback found (核实情况).</summary>
    public string? CallbackNote { get; set; }

    public DateTimeOffset? RectifiedAt { get; set; }

    /// <summary>True: rectified (整改到位); false: the unit explained why it could not (解释说明).</summary>
    public bool? Rectified { get; set; }

    /// <summary>What was done, or why it could not be done.</summary>
    public string? RectificationNote { get; set; }

    public DateTimeOffset? FedBackAt { get; set; }

    /// <summary>What the rater was told.</summary>
    public string? FeedbackNote { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The actor who took the last step.</summary>
    public Guid? LastActorId { get; set; }

    /// <summary>When the sweep found the callback not made after its deadline.</summary>
    public DateTimeOffset? CallbackOverdueAt { get; set; }

    /// <summary>When the sweep found the case neither rectified nor explained after its deadline.</summary>
    public DateTimeOffset? RectifyOverdueAt { get; set; }

    public bool CalledBackOnTime => CalledBackAt is { } at && CallbackDueAt is { } due && at <= due;

    public bool RectifiedOnTime => RectifiedAt is { } at && at <= RectifyDueAt;

    /// <summary>Opens the case for a bad rating taken at <paramref name="at"/>.</summary>
    public static RectificationCase Open(Guid ratingId, Guid unitId, string transactionId, string serviceItem, RatingChannel channel,
        RatingLevel level, bool realName, DateTimeOffset at, WorkingDayCalendar calendar, RatingOptions options) => new()
    {
        Id = Guid.CreateVersion7(at),
        RatingId = ratingId,
        UnitId = unitId,
        TransactionId = transactionId,
        ServiceItem = serviceItem,
        Channel = channel,
        Level = level,
        RealName = realName,
        State = realName ? RectificationState.AwaitingCallback : RectificationState.Rectifying,
        OpenedAt = at,
        CallbackDueAt = realName ? calendar.DueAt(at, options.CallbackWorkingDays) : null,
        RectifyDueAt = calendar.DueAt(at, options.RectifyWorkingDays),
    };

    /// <summary>awaiting-callback → rectifying: the rater was called (reached or not) and what was found noted.</summary>
    public Refusal? CallBack(bool reached, string note, Guid actor, DateTimeOffset at)
    {
        if (RectificationLifecycle.Transitions.Check(RectificationStep.Callback, State) is { } refusal)
        {
            return refusal;
        }

        CalledBackAt = at;
        RaterReached = reached;
        CallbackNote = note;
        LastActorId = actor;
        State = RectificationState.Rectifying;
        return null;
    }

    /// <summary>rectifying → awaiting-feedback: rectified, or why it could not be (no legal basis …).</summary>
    public Refusal? Rectify(bool rectified, string note, Guid actor, DateTimeOffset at)
    {
        if (RectificationLifecycle.Transitions.Check(RectificationStep.Rectification, State) is { } refusal)
        {
            return refusal;
        }

        RectifiedAt = at;
        Rectified = rectified;
        RectificationNote = note;
        LastActorId = actor;
        State = RectificationState.AwaitingFeedback;
        return null;
    }

    /// <summary>awaiting-feedback → fed-back: what the rater was told (an anonymous rater: where the answer was published).</summary>
    public Refusal? FeedBack(string note, Guid actor, DateTimeOffset at)
    {
        if (RectificationLifecycle.Transitions.Check(RectificationStep.Feedback, State) is { } refusal)
        {
            return refusal;
        }

        FedBackAt = at;
        FeedbackNote = note;
        LastActorId = actor;
        State = RectificationState.FedBack;
        return null;
    }

    /// <summary>fed-back → closed; announces <see cref="RectificationClosed"/>.</summary>
    public Refusal? Close(Guid actor, DateTimeOffset at)
    {
        if (RectificationLifecycle.Transitions.Check(RectificationStep.Closure, State) is { } refusal)
        {
            return refusal;
        }

        ClosedAt = at;
        LastActorId = actor;
        State = RectificationState.Closed;
        Raise(new RectificationClosed(Id, RatingId, UnitId, Rectified == true, CalledBackOnTime, RectifiedOnTime, at));
        return null;
    }
}
