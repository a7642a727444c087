namespace StarPlatform.Messaging;

/// <summary>
/// What a consumer does once its consume's transaction has committed (scoped: one per consume),
/// such as counting a business metric: a consume that fails and is retried counts once, not once
/// per attempt. <see cref="TransactionalConsumeFilter{TMessage}"/> runs the actions after its commit
/// and forgets them when the attempt fails.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Action> _actions = [];

    public void Add(Action action) => _actions.Add(action);

    internal void Clear() => _actions.Clear();

    internal void Run()
    {
        foreach (var action in _actions)
        {
            action();
        }

        _actions.Clear();
    }
}
