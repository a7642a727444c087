namespace StarPlatform.Messaging.Lifecycles;

/// <summary>
/// A lifecycle's transition table: for each step, the states it may be taken from. Written once
/// per lifecycle, next to its aggregate; the aggregate's step methods ask it before they change
/// anything, so a step out of turn is refused (409) the same way from an HTTP request and from a
/// consumer.
/// </summary>
/// <typeparam name="TState">the lifecycle's states</typeparam>
/// <typeparam name="TStep">the lifecycle's steps</typeparam>
public sealed class Transitions<TState, TStep>(string lifecycle)
    where TState : struct, Enum
    where TStep : struct, Enum
{
    private readonly Dictionary<TStep, TState[]> _from = [];

    /// <summary>Declares that <paramref name="step"/> may be taken from any of <paramref name="from"/>.</summary>
    public Transitions<TState, TStep> Step(TStep step, params TState[] from)
    {
        _from.Add(step, from);
        return this;
    }

    /// <summary>The states <paramref name="step"/> may be taken from.</summary>
    public IReadOnlyList<TState> From(TStep step) =>
        _from.TryGetValue(step, out var from) ? from : throw new InvalidOperationException($"The {lifecycle} lifecycle has no step {step}.");

    public bool Allows(TStep step, TState state) => From(step).Contains(state);

    /// <summary>Every step the lifecycle knows, with the states it is taken from.</summary>
    public IReadOnlyDictionary<TStep, TState[]> Table => _from;

    /// <summary>Null when <paramref name="step"/> may be taken in <paramref name="state"/>; otherwise the 409 that says from where it may.</summary>
    public Refusal? Check(TStep step, TState state) => Allows(step, state)
        ? null
        : Refusal.Conflict("out-of-turn", $"The {lifecycle} is not in a state for this step.",
            $"A {lifecycle} that is {Words.Of(state)} cannot take the step '{Words.Of(step)}'; it needs a {lifecycle} that is {string.Join(" or ", From(step).Select(s => Words.Of(s)))}.");
}
