using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Contracts;
using StarPlatform.Scoring.StateMachines;

namespace StarPlatform.Scoring.Tests;

/// <summary>The evaluation saga's transitions alone (MassTransit's in-memory harness; the durable path is in the service tests).</summary>
public sealed class EvaluationStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task An_evaluation_goes_from_applied_to_approved_and_ignores_a_veto_after_approval()
    {
        await using var provider = Harness();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var saga = harness.GetSagaStateMachineHarness<EvaluationStateMachine, EvaluationState>();
        var machine = saga.StateMachine;
        var id = Guid.NewGuid();

        await harness.Bus.Publish(new ApplicationSubmitted(id, Guid.NewGuid(), "window", Guid.NewGuid(), 2026, "meishan-2012-window", 1, T0));
        Assert.NotNull(await saga.Exists(id, machine.Applied));
        await harness.Bus.Publish(new EvaluationReviewStarted(id, [Guid.NewGuid()], T0.AddHours(1)));
        Assert.NotNull(await saga.Exists(id, machine.UnderReview));
        await harness.Bus.Publish(new EvaluationScored(id, Guid.NewGuid(), 75, 9, T0.AddHours(2)));
        Assert.NotNull(await saga.Exists(id, machine.Scored));
        await harness.Bus.Publish(new EvaluationReported(id, 93, 4, T0.AddHours(3)));
        Assert.NotNull(await saga.Exists(id, machine.AwaitingApproval));
        await harness.Bus.Publish(Approved(id));
        Assert.NotNull(await saga.Exists(id, machine.Approved));

        await harness.Bus.Publish(new EvaluationVetoesChanged(id, Guid.NewGuid(), [new EvaluationVeto(7, "late", "complaint", "TS-2026-000009")], T0.AddDays(2)));
        Assert.True(await harness.Consumed.Any<EvaluationVetoesChanged>());
        Assert.NotNull(await saga.Exists(id, machine.Approved));
        Assert.False(saga.Sagas.Contains(id)!.Vetoed);
    }

    [Fact]
    public async Task Events_arriving_out_of_order_only_move_the_saga_forward_and_a_veto_shows_until_lifted()
    {
        await using var provider = Harness();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var saga = harness.GetSagaStateMachineHarness<EvaluationStateMachine, EvaluationState>();
        var machine = saga.StateMachine;
        var id = Guid.NewGuid();

        // Scored overtakes the review's start and the submission.
        await harness.Bus.Publish(new EvaluationScored(id, Guid.NewGuid(), 75, 9, T0.AddHours(2)));
        Assert.NotNull(await saga.Exists(id, machine.Scored));
        await harness.Bus.Publish(new EvaluationReviewStarted(id, [Guid.NewGuid()], T0.AddHours(1)));
        await harness.Bus.Publish(new ApplicationSubmitted(id, Guid.NewGuid(), "window", Guid.NewGuid(), 2026, "meishan-2012-window", 1, T0));
        Assert.True(await harness.Consumed.Any<ApplicationSubmitted>());
        Assert.NotNull(await saga.Exists(id, machine.Scored));

        var veto = new EvaluationVeto(7, "有效投诉", "complaint", "TS-2026-000010");
        await harness.Bus.Publish(new EvaluationVetoesChanged(id, Guid.NewGuid(), [veto], T0.AddHours(3)));
        Assert.NotNull(await saga.Exists(id, machine.Vetoed));
        // An older veto change arriving late does not undo the newer one.
        await harness.Bus.Publish(new EvaluationVetoesChanged(id, Guid.NewGuid(), [], T0.AddHours(2.5)));
        Assert.NotNull(await saga.Exists(id, machine.Vetoed));
        await harness.Bus.Publish(new EvaluationVetoesChanged(id, Guid.NewGuid(), [], T0.AddHours(4)));
        Assert.NotNull(await saga.Exists(id, machine.Scored));
    }

    private static EvaluationApproved Approved(Guid id) => new(id, Guid.NewGuid(), "window", Guid.NewGuid(), 2026, 4, 93m,
        new EvaluationBreakdown(75, 9, 9, [], []), T0.AddDays(1), "approver");

    private static ServiceProvider Harness() => new ServiceCollection()
        .AddMassTransitTestHarness(x => x.AddSagaStateMachine<EvaluationStateMachine, EvaluationState>())
        .BuildServiceProvider(true);
}
