namespace StarPlatform.Messaging.Lifecycles;

/// <summary>
/// The root of a lifecycle (a complaint case, an application's evaluation, a revocation): its
/// state and the rules of its steps live on it. A step method checks first and changes second —
/// it returns a <see cref="Refusal"/> without touching anything, or changes the aggregate and
/// <see cref="Raise"/>s the events the change announces. <see cref="LockedSteps"/> runs a step
/// under the aggregate's row lock and writes the change and its events in one transaction.
/// </summary>
public abstract class Aggregate
{
    private readonly List<object> _events = [];

    /// <summary>Announces an event of the current step; it leaves through the outbox with the change, or not at all.</summary>
    protected void Raise(object @event) => _events.Add(@event);

    /// <summary>The events raised since the last call (the runner publishes them).</summary>
    public IReadOnlyList<object> TakeEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }
}
