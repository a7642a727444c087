namespace StarPlatform.Complaints.StateMachines;

/// <summary>
/// The saga refused a step: the case is not the actor's to act on (404), not in a state for the
/// step (409), or a rule forbids it (422). Thrown inside the consume, so its transaction — the
/// case, the inbox record, the outbox rows — rolls back and nothing is written.
/// </summary>
public sealed class CaseStepRefused(int status, string title, string detail) : Exception($"{title} {detail}")
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    public static CaseStepRefused NotFound() => new(StatusCodes.Status404NotFound, "The case was not found.", "No case with this id that you may act on.");

    /// <summary>The refusal in <paramref name="exception"/> or in what it wraps, if any.</summary>
    public static CaseStepRefused? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is CaseStepRefused refused)
            {
                return refused;
            }

            if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return Find(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }
}
