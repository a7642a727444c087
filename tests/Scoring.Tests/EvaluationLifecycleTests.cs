using StarPlatform.Messaging;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// The evaluation's lifecycle as plain C#: the transition table, and the application's step methods,
/// which refuse out of turn without changing anything and announce what they change.
/// </summary>
public sealed class EvaluationLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void The_transition_table_is_the_seeds_way_through_evaluation()
    {
        string Row(EvaluationStep step) => string.Join(",", EvaluationLifecycle.Transitions.From(step).Select(s => Words.Of(s)));

        Assert.Equal("applied,under-review", Row(EvaluationStep.EvaluatorAssignment));
        Assert.Equal("under-review,scored", Row(EvaluationStep.Scoring));
        Assert.Equal("applied,under-review,scored", Row(EvaluationStep.Satisfaction));
        Assert.Equal("scored", Row(EvaluationStep.Report));
        Assert.Equal("awaiting-approval", Row(EvaluationStep.Decision));
        Assert.Equal("applied,under-review,scored,awaiting-approval", Row(EvaluationStep.OutsideFinding));
        Assert.Equal(Enum.GetValues<EvaluationStep>().Length, EvaluationLifecycle.Transitions.Table.Count);
    }

    [Theory]
    [InlineData(EvaluationStage.Applied)]
    [InlineData(EvaluationStage.UnderReview)]
    [InlineData(EvaluationStage.AwaitingApproval)]
    public void A_report_out_of_turn_is_refused_with_409_and_changes_nothing(EvaluationStage stage)
    {
        var application = Application(stage, satisfaction: 9m);
        var before = Snapshot(application);

        var refusal = application.Report(Inputs(), Now);

        Assert.NotNull(refusal);
        Assert.Equal(409, refusal.Status);
        Assert.Equal("out-of-turn", refusal.Code);
        Assert.Equal(before, Snapshot(application));
        Assert.Empty(application.TakeEvents());
    }

    [Fact]
    public void A_decided_application_refuses_every_step_and_a_finding_leaves_its_result_as_decided()
    {
        foreach (var stage in new[] { EvaluationStage.Approved, EvaluationStage.Rejected })
        {
            var application = Application(stage, satisfaction: 9m);
            var before = Snapshot(application);
            var findings = new List<UnitFinding> { Finding() };

            Assert.Equal(409, application.ReconsiderFindings(Inputs(findings), Now)?.Status);
            Assert.Equal(409, application.EnterSatisfaction(1m, Inputs(), Now)?.Status);
            Assert.Equal(409, application.Decide(true, Guid.NewGuid(), null, Inputs(), Now)?.Status);
            Assert.Equal(409, application.AssignEvaluators([Guid.NewGuid()], [], Inputs(), Now)?.Status);
            Assert.Equal("decided", application.CheckStep(EvaluationStep.Scoring)?.Code);
            Assert.Equal(before, Snapshot(application));
            Assert.Empty(application.TakeEvents());
        }
    }

    [Fact]
    public void A_finding_vetoes_an_undecided_application_and_announces_the_change_once()
    {
        var application = Application(EvaluationStage.Scored, satisfaction: 10m);
        var findings = new List<UnitFinding> { Finding() };

        Assert.Null(application.ReconsiderFindings(Inputs(findings), Now));
        Assert.Equal("vetoed", application.Status);
        Assert.Equal(0, application.Stars);
        Assert.Equal([7], application.Vetoes.Select(v => v.Item));
        Assert.IsType<Contracts.EvaluationVetoesChanged>(Assert.Single(application.TakeEvents()));

        // The same findings again: nothing changed, nothing announced.
        Assert.Null(application.ReconsiderFindings(Inputs(findings), Now));
        Assert.Empty(application.TakeEvents());
    }

    [Fact]
    public void Reporting_needs_the_satisfaction_points()
    {
        var application = Application(EvaluationStage.Scored, satisfaction: null);
        Assert.Equal("satisfaction-missing", application.Report(Inputs(), Now)?.Code);
        Assert.Equal(EvaluationStage.Scored, application.Stage);

        application.SatisfactionPoints = 9m;
        Assert.Null(application.Report(Inputs(), Now));
        Assert.Equal(EvaluationStage.AwaitingApproval, application.Stage);
        Assert.Contains(application.TakeEvents(), e => e is Contracts.EvaluationReported);
    }

    [Fact]
    public void An_approval_announces_the_result_with_its_breakdown()
    {
        var application = Application(EvaluationStage.AwaitingApproval, satisfaction: 10m);
        var approver = Guid.NewGuid();

        Assert.Null(application.Decide(true, approver, "同意", Inputs(), Now));

        Assert.Equal(EvaluationStage.Approved, application.Stage);
        Assert.Equal("approved", application.Status);
        var approved = Assert.IsType<Contracts.EvaluationApproved>(Assert.Single(application.TakeEvents()));
        Assert.Equal(5, approved.Stars);
        Assert.Equal(100m, approved.Total);
        Assert.Equal(4, approved.Breakdown.Categories.Count);
    }

    private static readonly Guid Evaluator = Guid.NewGuid();

    private static Application Application(EvaluationStage stage, decimal? satisfaction) => new()
    {
        Id = Guid.NewGuid(), CycleId = Guid.NewGuid(), CycleYear = 2026, UnitId = Guid.NewGuid(), UnitKind = UnitKind.Window,
        UnitName = "测试窗口", UnitLevel = UnitLevel.County, CriteriaCode = Seed.Window.Code, CriteriaVersion = Seed.Window.Version,
        Stage = stage, Status = Words.Of(stage), EvaluatorIds = [Evaluator], SatisfactionPoints = satisfaction,
    };

    private static EvaluationInputs Inputs(List<UnitFinding>? findings = null) => new(
        Seed.Window, Seed.Scheme(),
        [new ScoreSheet
        {
            EvaluatorId = Evaluator, PanelJudgement = 10m,
            Items = Seed.FullMarks(Seed.Window).Select(i => new SheetItem { Number = i.Number, Points = i.Points }).ToList(),
        }],
        findings ?? [], null);

    private static UnitFinding Finding() => new()
    {
        ComplaintId = Guid.NewGuid(), Source = VetoSources.Complaint, UnitId = Guid.NewGuid(), UnitKind = UnitKind.Window, Year = 2026,
        CaseNumber = "TS-2026-000042", Category = "attitude", At = Now,
    };

    private static string Snapshot(Application a) =>
        $"{a.Stage}|{a.Status}|{a.SatisfactionPoints}|{a.Total}|{a.Stars}|{string.Join(",", a.EvaluatorIds)}|{a.Vetoes.Count}|{a.DecidedAt}";
}
