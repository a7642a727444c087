using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Scoring.Model;

/// <summary>
/// What a step of an evaluation computes with, read under the application's row lock: the pinned
/// criteria version and star scheme, the assigned evaluators' sheets (tracked, so a step can change
/// them), the unit's standing findings of the cycle year, and the unit as the registry copy has it.
/// </summary>
public sealed record EvaluationInputs(
    CriteriaVersion Version, StarScheme Scheme, List<ScoreSheet> Sheets, List<UnitFinding> Findings, ReplicatedUnit? Unit);

/// <summary>
/// An application (申报) of one unit in one cycle: the unit as it was when filed, the pinned
/// criteria version, the panel, and the result as last computed. It is the aggregate of the
/// evaluation's lifecycle: its step methods are the only way its stage changes; each asks
/// <see cref="EvaluationLifecycle.Transitions"/> first, refuses without changing anything, or
/// changes the application, recomputes its result and raises what it announces.
/// </summary>
public sealed class Application : Aggregate
{
    public Guid Id { get; set; }
    public Guid CycleId { get; set; }
    public int CycleYear { get; set; }
    public Guid UnitId { get; set; }
    public UnitKind UnitKind { get; set; }
    public required string UnitName { get; set; }
    public UnitLevel UnitLevel { get; set; }
    public string? UnitDivisionCode { get; set; }
    public Guid? UnitParentId { get; set; }
    public required string CriteriaCode { get; set; }
    public int CriteriaVersion { get; set; }
    public List<SupportingMaterial> Materials { get; set; } = [];
    public DateTimeOffset FiledAt { get; set; }
    public Guid FiledBy { get; set; }

    public EvaluationStage Stage { get; set; } = EvaluationStage.Applied;

    /// <summary>What the API shows (<see cref="EvaluationLifecycle.StatusOf"/>); kept for filtering.</summary>
    public string Status { get; set; } = EvaluationLifecycle.Applied;

    public List<Guid> EvaluatorIds { get; set; } = [];
    public decimal? SatisfactionPoints { get; set; }
    public decimal? CreationPoints { get; set; }
    public decimal? PanelPoints { get; set; }
    public decimal? Total { get; set; }
    public int? Stars { get; set; }
    public List<VetoRecord> Vetoes { get; set; } = [];
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public string? DecisionComment { get; set; }

    /// <summary>
    /// 取消星级资格: when the star this approved result gave was revoked (Awards' <c>StarRevoked</c>); the result
    /// stays as decided, but the unit holds no star from it and the league table lists it apart.
    /// </summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The case that found the violation the star was revoked for.</summary>
    public string? RevocationCaseNumber { get; set; }

    public bool IsDecided => EvaluationLifecycle.IsDecided(Stage);

    /// <summary>Null when <paramref name="step"/> may be taken now; otherwise the 409 (the table says from where it may).</summary>
    public Refusal? CheckStep(EvaluationStep step) => IsDecided
        ? Refusal.Conflict("decided", "The application is decided.", $"The application is {Words.Of(Stage)}; its result is final.")
        : EvaluationLifecycle.Transitions.Check(step, Stage);

    /// <summary>A new application: applied, its result computed from what already stands (findings of the year veto at once).</summary>
    public void Filed(EvaluationInputs inputs, DateTimeOffset now)
    {
        Raise(new ApplicationSubmitted(Id, UnitId, UnitKind, CycleId, CycleYear, CriteriaCode, CriteriaVersion, now));
        Recompute(inputs, now);
    }

    /// <summary>
    /// The secretary assigns the panel: registered panel members only, none affiliated with the
    /// applicant's unit, its parent or its county (conflict of interest, 422), and no one removed who
    /// already submitted (409). applied | under-review → under-review.
    /// </summary>
    public Refusal? AssignEvaluators(IReadOnlyList<Guid> ids, IReadOnlyList<PanelMember> members, EvaluationInputs inputs, DateTimeOffset now)
    {
        if (CheckStep(EvaluationStep.EvaluatorAssignment) is { } refusal)
        {
            return refusal;
        }

        var unknown = ids.Except(members.Select(m => m.Id)).ToList();
        if (unknown.Count > 0)
        {
            return Refusal.RuleViolation("not-a-panel-member", "Not a panel member.",
                $"Register them as panel members first: {string.Join(", ", unknown)}.");
        }

        var conflicted = members.Where(ConflictOfInterest).ToList();
        if (conflicted.Count > 0)
        {
            return Refusal.RuleViolation("conflict-of-interest", "Conflict of interest.", string.Join(" ", conflicted.Select(m =>
                $"{m.Name} ({m.Id}) is affiliated with the applicant's unit or its county.")));
        }

        var dropped = inputs.Sheets.Where(s => !ids.Contains(s.EvaluatorId)).Select(s => s.EvaluatorId).ToList();
        if (dropped.Count > 0)
        {
            return Refusal.Conflict("evaluator-scored", "An evaluator already scored.",
                $"These evaluators submitted scores and stay on the panel: {string.Join(", ", dropped)}.");
        }

        EvaluatorIds = [.. ids];
        Stage = EvaluationStage.UnderReview;
        Raise(new EvaluationReviewStarted(Id, EvaluatorIds, now));
        Recompute(inputs, now);
        return null;
    }

    /// <summary>An evaluator affiliated with the unit, the unit's parent (a window's center) or the unit's county.</summary>
    public bool ConflictOfInterest(PanelMember member) =>
        (member.AffiliatedUnitId is { } unit && (unit == UnitId || unit == UnitParentId))
        || (member.AffiliatedDivisionCode is { Length: >= 6 } division && UnitDivisionCode is { Length: >= 6 } own
            && string.Equals(division[..6], own[..6], StringComparison.Ordinal));

    /// <summary>
    /// An assigned evaluator's sheet was taken (its items already in <paramref name="inputs"/>): the
    /// result is recomputed, and when every assigned evaluator has submitted, under-review → scored.
    /// Take <see cref="CheckStep"/> for <see cref="EvaluationStep.Scoring"/> before changing the sheet.
    /// </summary>
    public EvaluationResult SheetTaken(EvaluationInputs inputs, DateTimeOffset now)
    {
        var result = Recompute(inputs, now);
        if (Stage == EvaluationStage.UnderReview && EvaluatorIds.All(e => inputs.Sheets.Any(s => s.EvaluatorId == e)))
        {
            Stage = EvaluationStage.Scored;
            Status = EvaluationLifecycle.StatusOf(Stage, Vetoes.Count > 0);
            Raise(new EvaluationScored(Id, UnitId, result.CreationPoints!.Value, result.PanelPoints!.Value, now));
        }

        return result;
    }

    /// <summary>The public-satisfaction points (群众满意度测评), until reported.</summary>
    public Refusal? EnterSatisfaction(decimal points, EvaluationInputs inputs, DateTimeOffset now)
    {
        if (CheckStep(EvaluationStep.Satisfaction) is { } refusal)
        {
            return refusal;
        }

        SatisfactionPoints = points;
        Recompute(inputs, now);
        return null;
    }

    /// <summary>scored (with satisfaction entered) → awaiting-approval: the result goes to the city government (报市政府审定).</summary>
    public Refusal? Report(EvaluationInputs inputs, DateTimeOffset now)
    {
        if (CheckStep(EvaluationStep.Report) is { } refusal)
        {
            return refusal;
        }

        if (SatisfactionPoints is null)
        {
            return Refusal.Conflict("satisfaction-missing", "The result is not ready to report.",
                "The public-satisfaction points (群众满意度测评) are not entered yet.");
        }

        Stage = EvaluationStage.AwaitingApproval;
        Recompute(inputs, now);
        Raise(new EvaluationReported(Id, Total!.Value, Stars!.Value, now));
        return null;
    }

    /// <summary>
    /// The approver's decision (审定) on a reported result: approved announces
    /// <see cref="EvaluationApproved"/> with the breakdown and every veto (Awards grants the star),
    /// rejected announces <see cref="EvaluationRejected"/>.
    /// </summary>
    public Refusal? Decide(bool approved, Guid approver, string? comment, EvaluationInputs inputs, DateTimeOffset now)
    {
        if (CheckStep(EvaluationStep.Decision) is { } refusal)
        {
            return refusal;
        }

        var result = Recompute(inputs, now);
        Stage = approved ? EvaluationStage.Approved : EvaluationStage.Rejected;
        Status = Words.Of(Stage);
        DecidedAt = now;
        DecidedBy = approver;
        DecisionComment = comment;
        if (approved)
        {
            Raise(new EvaluationApproved(Id, UnitId, UnitKind, CycleId, CycleYear, Stars!.Value, Total!.Value,
                new EvaluationBreakdown(result.CreationPoints!.Value, result.SatisfactionPoints!.Value, result.PanelPoints!.Value,
                    result.Categories.Select(c => new EvaluationCategoryPoints(c.Category, c.Points ?? 0, c.MaxPoints)).ToList(),
                    ToContract(Vetoes)),
                now, approver.ToString()));
        }
        else
        {
            Raise(new EvaluationRejected(Id, UnitId, UnitKind, CycleId, CycleYear, comment, now, approver.ToString()));
        }

        return null;
    }

    /// <summary>
    /// The unit's findings changed (a substantiated complaint, a confirmed violation, a reversal on
    /// re-review): the result is recomputed with them. A decided application refuses (409): after the
    /// decision a finding is Awards' business.
    /// </summary>
    public Refusal? ReconsiderFindings(EvaluationInputs inputs, DateTimeOffset now)
    {
        if (CheckStep(EvaluationStep.OutsideFinding) is { } refusal)
        {
            return refusal;
        }

        Recompute(inputs, now);
        return null;
    }

    /// <summary>
    /// Recomputes the result from the sheets, satisfaction and findings with the pinned scheme, and
    /// the status from the stage and vetoes; announces <see cref="EvaluationVetoesChanged"/> when the
    /// vetoes changed. Also what the secretary's recompute of a cycle runs.
    /// </summary>
    public EvaluationResult Recompute(EvaluationInputs inputs, DateTimeOffset now)
    {
        var result = EvaluationResult.Compute(inputs.Version,
            inputs.Sheets.Where(s => EvaluatorIds.Contains(s.EvaluatorId)).Select(ToSheet).ToList(),
            EvaluatorIds.Count, SatisfactionPoints, EvaluationResult.OutsideVetoes(inputs.Version, inputs.Findings).ToList(), inputs.Scheme);

        var vetoes = result.Vetoes.Select(v => new VetoRecord { Item = v.Item, Reason = v.Reason, Source = v.Source, CaseNumber = v.CaseNumber }).ToList();
        var vetoesChanged = !vetoes.Select(Key).SequenceEqual(Vetoes.Select(Key));
        CreationPoints = result.CreationPoints;
        PanelPoints = result.PanelPoints;
        Total = result.Total;
        Stars = result.Stars;
        if (vetoesChanged)
        {
            Vetoes = vetoes;
            Raise(new EvaluationVetoesChanged(Id, UnitId, ToContract(vetoes), now));
        }

        Status = EvaluationLifecycle.StatusOf(Stage, vetoes.Count > 0);
        return result;
    }

    public static EvaluatorSheet ToSheet(ScoreSheet s) =>
        new(s.EvaluatorId, s.Items.Select(i => new ItemScore(i.Number, i.Points, i.VetoFailed, i.Note)).ToList(), s.PanelJudgement);

    public static IReadOnlyList<EvaluationVeto> ToContract(IEnumerable<VetoRecord> vetoes) =>
        vetoes.Select(v => new EvaluationVeto(v.Item, v.Reason, v.Source, v.CaseNumber)).ToList();

    private static string Key(VetoRecord v) => $"{v.Item}|{v.Source}|{v.CaseNumber}|{v.Reason}";
}
