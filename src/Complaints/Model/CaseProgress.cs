using System.Globalization;

namespace StarPlatform.Complaints.Model;

/// <summary>
/// Where a case stands, as its caller is told (the tracker and Open311's <c>status_notes</c>):
/// Chinese first, English when the caller's <c>Accept-Language</c> prefers it. A 12388 report tells
/// its reporter only that it was received and whether it is closed — never how it is investigated.
/// </summary>
public static class CaseProgress
{
    /// <summary>A step the caller sees: <c>received</c>, <c>assigned</c>, <c>investigating</c>, <c>concluded</c>, <c>closed</c>, <c>appealed</c>.</summary>
    public sealed record Step(string Name, string Text, DateTimeOffset At);

    private static readonly Dictionary<string, (string Zh, string En)> StepTexts = new()
    {
        ["received"] = ("已受理", "Received"),
        ["assigned"] = ("已分派调查人员", "Assigned to an investigator"),
        ["investigating"] = ("开始调查", "Investigation started"),
        ["concluded"] = ("已形成调查结论", "Investigated; a finding was recorded"),
        ["closed"] = ("已办结并答复来电人", "Closed; the caller was answered"),
        ["appealed"] = ("已申请复核，重新办理", "Reopened on appeal for a re-review"),
    };

    /// <summary>Every step's word.</summary>
    public static IReadOnlyList<string> Steps { get; } = [.. StepTexts.Keys];

    private static readonly Dictionary<string, (string Zh, string En)> StatusTexts = new()
    {
        [ComplaintLifecycle.Received] = ("已受理，等待分派调查人员。", "Received; waiting to be assigned to an investigator."),
        [ComplaintLifecycle.Assigned] = ("已分派调查人员。", "Assigned to an investigator."),
        [ComplaintLifecycle.Investigating] = ("调查中。", "Under investigation."),
        [ComplaintLifecycle.Substantiated] = ("调查属实，正在答复来电人。", "Substantiated; the caller is being answered."),
        [ComplaintLifecycle.Dismissed] = ("经调查不属实，正在答复来电人。", "Not substantiated; the caller is being answered."),
        [ComplaintLifecycle.Closed] = ("已办结。", "Closed."),
    };

    /// <summary>Whether the caller sees how the case is worked (every channel but 12388).</summary>
    public static bool ShowsDetails(Complaint c) => c.Channel != ComplaintRules.DisciplineChannel;

    /// <summary>The state word the caller sees: the case's own, except that a 12388 report is only received or closed.</summary>
    public static string Status(Complaint c) =>
        ShowsDetails(c) || c.Status is ComplaintLifecycle.Closed ? c.Status : ComplaintLifecycle.Received;

    public static string StatusText(Complaint c, bool english)
    {
        if (!ShowsDetails(c))
        {
            return c.Status == ComplaintLifecycle.Closed
                ? english ? "Closed." : "已办结。"
                : english ? "Received; being handled." : "已受理，正在办理。";
        }

        if (c.Status == ComplaintLifecycle.Received && c.AppealedAt is not null)
        {
            return english ? "Reopened on appeal; waiting to be assigned for a re-review." : "已申请复核，等待分派复核人员。";
        }

        var (zh, en) = StatusTexts[c.Status];
        return english ? en : zh;
    }

    /// <summary>The steps taken so far, oldest first.</summary>
    public static IReadOnlyList<Step> Timeline(Complaint c, bool english)
    {
        var steps = new List<(string, DateTimeOffset?)> { ("received", c.ReceivedAt) };
        if (ShowsDetails(c))
        {
            steps.AddRange([("closed", c.PriorClosedAt), ("appealed", c.AppealedAt), ("assigned", c.AssignedAt),
                ("investigating", c.InvestigationStartedAt), ("concluded", c.ConcludedAt)]);
        }

        steps.Add(("closed", c.ClosedAt));
        return steps.Where(s => s.Item2 is not null)
            .Select(s => new Step(s.Item1, english ? StepTexts[s.Item1].En : StepTexts[s.Item1].Zh, s.Item2!.Value))
            .OrderBy(s => s.At).ToList();
    }

    /// <summary>The acknowledgement of a new case, with the code to follow it by.</summary>
    public static string Notice(Complaint c, string? displayCode, bool english) => english
        ? string.Create(CultureInfo.InvariantCulture, $"Case {c.CaseNumber} received; a finding is due by the end of {ChinaTime.DayEndingAt(c.DueAt):yyyy-MM-dd}.")
          + (displayCode is null ? "" : $" Follow it with lookup code {displayCode}.")
        : string.Create(CultureInfo.InvariantCulture, $"案件 {c.CaseNumber} 已受理，办结期限为 {ChinaTime.DayEndingAt(c.DueAt):yyyy年M月d日}。")
          + (displayCode is null ? "" : $"查询码：{displayCode}（凭案件编号和查询码查询办理进度）。");
}
