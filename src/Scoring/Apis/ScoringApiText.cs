using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.OpenApi;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Apis;

/// <summary>What the scoring document says of each operation and parameter (<see cref="ApiText"/>).</summary>
public static class ScoringApiText
{
    /// <summary>A criteria item's kind as Scoring keeps it (the catalog's words).</summary>
    private static readonly IReadOnlyList<string> ItemKinds = ["graded", "tiered"];

    private static readonly IReadOnlyList<string> CycleStatusWords = [CycleStatuses.Open, CycleStatuses.Evaluating, CycleStatuses.Closed];

    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["OpenCycle"] = ("开启年度考评周期", "Open a yearly evaluation cycle"),
            ["ListCycles"] = ("查询考评周期", "List evaluation cycles"),
            ["GetCycle"] = ("读取一个考评周期", "Read an evaluation cycle"),
            ["ChangeCycleStatus"] = ("改变考评周期的状态", "Change a cycle's status"),
            ["RecomputeResults"] = ("重新计算周期内的结果", "Recompute the cycle's results"),
            ["LeagueTable"] = ("周期排名表", "The cycle's league table"),
            ["FileApplication"] = ("提交星级申报", "File an application for a star"),
            ["ListCycleApplications"] = ("列出周期内的申报", "List a cycle's applications"),
            ["AssignEvaluators"] = ("指定考评小组成员", "Assign the panel's evaluators"),
            ["SubmitScores"] = ("提交考评员的评分表", "Submit an evaluator's score sheet"),
            ["EnterSatisfaction"] = ("录入群众满意度得分", "Enter the satisfaction points"),
            ["ReportForApproval"] = ("报请审定", "Report the result for approval"),
            ["Decide"] = ("审定结果（批准或驳回）", "Approve or reject the result"),
            ["GetApplication"] = ("读取一份申报", "Read an application"),
            ["GetBreakdown"] = ("读取申报的逐项得分", "Read an application's item-by-item breakdown"),
            ["GetHistory"] = ("读取申报的评分变更记录", "Read an application's score changes"),
            ["GetDerivedSatisfaction"] = ("读取好差评推算的满意度得分与窗口第6项佐证", "Read the satisfaction points derived from 好差评 and window item 6's evidence"),
            ["AcceptDerivedSatisfaction"] = ("采用好差评推算的满意度得分", "Accept the satisfaction points derived from 好差评"),
            ["PutPanelMember"] = ("登记或修改考评小组成员", "Register or change a panel member"),
            ["ListPanelMembers"] = ("列出考评小组成员", "List the panel members"),
        },
        Parameters =
        {
            ["FileApplication.id"] = ("考评周期的标识", "The cycle's id"),
            ["ListCycleApplications.id"] = ("考评周期的标识", "The cycle's id"),
            ["GetCycle.id"] = ("考评周期的标识", "The cycle's id"),
            ["ChangeCycleStatus.id"] = ("考评周期的标识", "The cycle's id"),
            ["RecomputeResults.id"] = ("考评周期的标识", "The cycle's id"),
            ["LeagueTable.id"] = ("考评周期的标识", "The cycle's id"),
            ["PutPanelMember.id"] = ("考评员的标识（其令牌的 sub）", "The evaluator's id (their token's sub)"),
            ["evaluatorId"] = ("考评员的标识（其令牌的 sub）", "The evaluator's id (their token's sub)"),
            ["year"] = ("考评年度", "The cycle's year"),
            ["ListCycles.status"] = ("周期状态", "The cycle's status"),
            ["status"] = ("申报状态", "The application's status"),
            ["unitKind"] = ("单位类别", "Unit kind"),
        },
        ClosedSets =
        {
            ["status"] = EvaluationLifecycle.Statuses,
            ["applicationStatus"] = EvaluationLifecycle.Statuses,
            ["CycleResponse.status"] = CycleStatusWords,
            ["CycleStatusRequest.status"] = CycleStatusWords,
            ["ListCycles.status"] = CycleStatusWords,
            ["unitKind"] = Words.All<UnitKind>(),
            ["source"] = [VetoSources.Panel, VetoSources.Complaint, VetoSources.Violation],
            ["actorRole"] = Roles.All,
            ["kind"] = ItemKinds,
        },
    };
}
