using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;

namespace StarPlatform.Bench;

/// <summary>One count on a tally; the first one creates the tally (so no ordering is needed).</summary>
public sealed record TallyCounted(Guid TallyId, int Target, long ScheduledTicks);

public sealed record TallyReached(Guid TallyId, long ScheduledTicks);

public sealed class TallyState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Count { get; set; }
    public int Target { get; set; }
    public long ScheduledTicks { get; set; }
}

/// <summary>Every TallyCounted is one saga transition; reaching the target publishes TallyReached.</summary>
public sealed class TallyStateMachine : MassTransitStateMachine<TallyState>
{
    public TallyStateMachine()
    {
        InstanceState(s => s.CurrentState);
        Event(() => Counted, e => e.CorrelateById(m => m.Message.TallyId));

        Initially(When(Counted).Then(Count).TransitionTo(Counting).If(IsReached, Reach));
        During(Counting, When(Counted).Then(Count).If(IsReached, Reach));
        During(Reached, Ignore(Counted));
    }

    public State Counting { get; private set; } = null!;
    public State Reached { get; private set; } = null!;
    public Event<TallyCounted> Counted { get; private set; } = null!;

    private static void Count(BehaviorContext<TallyState, TallyCounted> context)
    {
        context.Saga.Target = context.Message.Target;
        context.Saga.ScheduledTicks = context.Message.ScheduledTicks;
        context.Saga.Count++;
    }

    private static bool IsReached(BehaviorContext<TallyState, TallyCounted> context) => context.Saga.Count == context.Saga.Target;

    private EventActivityBinder<TallyState, TallyCounted> Reach(EventActivityBinder<TallyState, TallyCounted> then) => then
        .Publish(c => new TallyReached(c.Saga.CorrelationId, c.Saga.ScheduledTicks))
        .TransitionTo(Reached);
}

/// <summary>A message no one consumes: what the relay moves in the relay benchmark.</summary>
public sealed record RelayProbe(int Number);

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddSagaState<TallyState>(b => b.Property(s => s.CurrentState).HasMaxLength(32));
        modelBuilder.AddMessaging();
    }
}

/// <summary>Where the bench hears that a tally reached its target.</summary>
public sealed class ReachedObserver
{
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected;
    private int _seen;

    public Action<TallyReached>? OnReached { get; set; }

    public Task Expect(int count)
    {
        _seen = 0;
        _expected = count;
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _all.Task;
    }

    public void Seen(TallyReached reached)
    {
        OnReached?.Invoke(reached);
        if (Interlocked.Increment(ref _seen) == _expected)
        {
            _all.TrySetResult();
        }
    }
}
