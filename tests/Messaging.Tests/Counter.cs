using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Messaging.Tests;

public sealed record CounterStarted(Guid CounterId, int Target);

public sealed record CounterIncremented(Guid CounterId);

public sealed record CounterCompleted(Guid CounterId, int Count);

public sealed class CounterState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Count { get; set; }
    public int Target { get; set; }
}

/// <summary>A saga that counts: every increment is a transition; reaching the target publishes CounterCompleted.</summary>
public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(s => s.CurrentState);
        Event(() => Started, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => Incremented, e => e.CorrelateById(m => m.Message.CounterId));

        Initially(When(Started)
            .Then(c => c.Saga.Target = c.Message.Target)
            .TransitionTo(Counting));

        During(Counting, When(Incremented)
            .Then(c => c.Saga.Count++)
            .If(c => c.Saga.Count == c.Saga.Target, then => then
                .Publish(c => new CounterCompleted(c.Saga.CorrelationId, c.Saga.Count))
                .TransitionTo(Done)));

        During(Done, Ignore(Incremented));
    }

    public State Counting { get; private set; } = null!;
    public State Done { get; private set; } = null!;
    public Event<CounterStarted> Started { get; private set; } = null!;
    public Event<CounterIncremented> Incremented { get; private set; } = null!;
}

public sealed class CompletedCounter
{
    public Guid Id { get; set; }
    public int Count { get; set; }
}

/// <summary>Records completions: its effect is a row, saved with the message id by the transactional filter.</summary>
public sealed class CounterCompletedConsumer(CounterDbContext db) : IConsumer<CounterCompleted>
{
    public Task Consume(ConsumeContext<CounterCompleted> context)
    {
        db.Add(new CompletedCounter { Id = context.Message.CounterId, Count = context.Message.Count });
        return Task.CompletedTask;
    }
}

public sealed class CounterDbContext(DbContextOptions<CounterDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddSagaState<CounterState>(b => b.Property(s => s.CurrentState).HasMaxLength(32));
        modelBuilder.Entity<CompletedCounter>().Property(c => c.Id).ValueGeneratedNever();
        modelBuilder.Entity<BatchRow>(b =>
        {
            b.Property(r => r.Id).ValueGeneratedNever();
            b.Property(r => r.Label).HasMaxLength(8);
            b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            b.Property(r => r.Document).HasColumnType("jsonb");
        });
        modelBuilder.Entity<JobTurn>(b => b.Property(t => t.Holder).HasMaxLength(200));
        modelBuilder.AddMessaging();
    }
}

/// <summary>A turn a periodic job took: which copy, and when by PostgreSQL's clock.</summary>
public sealed class JobTurn
{
    public long Id { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset At { get; set; }
}
