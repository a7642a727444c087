using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Evaluations;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>
/// Vetoes from outside: a substantiated complaint (有效投诉) for the year it occurred in, a confirmed
/// violation (with its offence) for the year it was confirmed in. Which items they fail is the
/// pinned criteria version's data (<see cref="CriteriaItem.OutsideVeto"/>): window item 7 for a
/// complaint; the items of the violation's offence. The finding is kept by unit and year, so an
/// application filed later is vetoed too; undecided applications of that unit and year take the
/// evaluation's <see cref="EvaluationStep.OutsideFinding"/> step under their row lock
/// (<see cref="LockedSteps"/>), with the veto in their history. Decided applications refuse it and
/// are left alone: after approval a violation is Awards' business (revocation). Idempotent: the
/// inbox skips a redelivery, and a finding already held is not applied twice.
/// <para>
/// A re-review on appeal that withdraws a finding (<see cref="ComplaintFindingReversed"/>) is kept as
/// a <see cref="FindingReversal"/>: the finding no longer vetoes, undecided applications are
/// recomputed with the lifted veto in their history, decided ones stay as they are. The reversal may
/// arrive before the finding it reverses (separate messages, redeliveries); that finding is then kept
/// but never vetoes. A finding and its reversal are handled one at a time per complaint (a
/// transaction-scoped advisory lock), so neither can miss the other while both are uncommitted.
/// </para>
/// </summary>
public sealed class FindingsConsumer(ScoringDbContext db, EvaluationStore store, LockedSteps steps, TimeProvider clock)
    : IConsumer<ComplaintSubstantiated>, IConsumer<ViolationConfirmed>, IConsumer<ComplaintFindingReversed>
{
    public Task Consume(ConsumeContext<ComplaintSubstantiated> context)
    {
        var m = context.Message;
        return RecordAsync(context, new UnitFinding
        {
            ComplaintId = m.ComplaintId, Source = VetoSources.Complaint, UnitId = m.TargetUnitId, UnitKind = m.TargetKind,
            Year = ChinaTime.YearOf(m.OccurredAt), CaseNumber = m.CaseNumber, Category = m.Category, At = m.SubstantiatedAt,
        });
    }

    public Task Consume(ConsumeContext<ViolationConfirmed> context)
    {
        var m = context.Message;
        return RecordAsync(context, new UnitFinding
        {
            ComplaintId = m.ComplaintId, Source = VetoSources.Violation, UnitId = m.TargetUnitId, UnitKind = m.TargetKind,
            Offence = Words.Of(m.Offence), Year = ChinaTime.YearOf(m.ConfirmedAt), CaseNumber = m.CaseNumber, Category = m.Category,
            At = m.ConfirmedAt,
        });
    }

    public async Task Consume(ConsumeContext<ComplaintFindingReversed> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await LockComplaintAsync(m.ComplaintId, ct);
        // (source, offence) of what the re-review withdrew.
        var withdrawnKeys = new List<(string Source, string Offence)>();
        if (m.SubstantiationReversed)
        {
            withdrawnKeys.Add((VetoSources.Complaint, ""));
        }

        if (m.ViolationReversed)
        {
            withdrawnKeys.Add((VetoSources.Violation, m.ReversedOffence is { } offence ? Words.Of(offence) : ""));
        }

        var known = (await db.FindingReversals.Where(r => r.ComplaintId == m.ComplaintId).Select(r => new { r.Source, r.Offence }).ToListAsync(ct))
            .Select(r => (r.Source, r.Offence)).ToList();
        var reversed = withdrawnKeys.Except(known).ToList();
        if (reversed.Count == 0)
        {
            return;
        }

        foreach (var (source, offence) in reversed)
        {
            db.FindingReversals.Add(new FindingReversal
            {
                ComplaintId = m.ComplaintId, Source = source, Offence = offence, UnitId = m.TargetUnitId, CaseNumber = m.CaseNumber,
                ReversedAt = m.ReversedAt, Summary = Truncate(m.Summary),
            });
        }

        // The findings it withdraws, if they have arrived; a later one finds the reversal and does not veto.
        var withdrawn = (await db.UnitFindings.Where(f => f.ComplaintId == m.ComplaintId).ToListAsync(ct))
            .Where(f => reversed.Any(r => Withdraws(r, f))).ToList();
        var sources = reversed.Select(r => r.Source).ToHashSet();
        var reason = Truncate($"Reversed on re-review (复核) {m.CaseNumber}: {m.Summary}");
        foreach (var (unitId, year) in withdrawn.Select(f => (f.UnitId, f.Year)).Distinct())
        {
            await RecomputeUndecidedAsync(context, unitId, year,
                findings => findings.RemoveAll(f => f.ComplaintId == m.ComplaintId && reversed.Any(r => Withdraws(r, f))),
                (application, before) =>
                {
                    foreach (var veto in before.Where(v => v.CaseNumber == m.CaseNumber && sources.Contains(v.Source)
                                 && !application.Vetoes.Any(after => after.Item == v.Item && after.Source == v.Source && after.CaseNumber == v.CaseNumber)))
                    {
                        db.ScoreChanges.Add(new ScoreChange
                        {
                            ApplicationId = application.Id, At = clock.GetUtcNow(), ActorId = Guid.Empty, ActorRole = veto.Source, Subject = "veto",
                            ItemNumber = veto.Item, OldVetoFailed = true, NewVetoFailed = false, Reason = reason,
                        });
                    }
                }, ct);
        }
    }

    private async Task RecordAsync(ConsumeContext context, UnitFinding finding)
    {
        var ct = context.CancellationToken;
        await LockComplaintAsync(finding.ComplaintId, ct);
        if (await db.UnitFindings.FindAsync([finding.ComplaintId, finding.Source, finding.Offence], ct) is not null)
        {
            return;
        }

        db.UnitFindings.Add(finding);
        if (await db.FindingReversals.AnyAsync(r => r.ComplaintId == finding.ComplaintId && r.Source == finding.Source
                && (r.Offence == finding.Offence || r.Offence == ""), ct))
        {
            return;
        }

        await RecomputeUndecidedAsync(context, finding.UnitId, finding.Year, findings => findings.Add(finding), (application, _) =>
        {
            foreach (var veto in application.Vetoes.Where(v => v.CaseNumber == finding.CaseNumber && v.Source == finding.Source))
            {
                db.ScoreChanges.Add(new ScoreChange
                {
                    ApplicationId = application.Id, At = clock.GetUtcNow(), ActorId = Guid.Empty, ActorRole = finding.Source, Subject = "veto",
                    ItemNumber = veto.Item, OldVetoFailed = false, NewVetoFailed = true, Reason = veto.Reason,
                });
            }
        }, ct);
    }

    /// <summary>
    /// Takes the outside-finding step on the undecided applications of a unit and year, each under its
    /// row lock. The findings are read after the lock, so a finding of another case committed
    /// meanwhile is not lost; <paramref name="adjust"/> adds or removes what this message changes
    /// (not yet saved). A decided application refuses the step and is left as it is.
    /// </summary>
    private async Task RecomputeUndecidedAsync(ConsumeContext context, Guid unitId, int year, Action<List<UnitFinding>> adjust,
        Action<Application, IReadOnlyList<VetoRecord>> audit, CancellationToken ct)
    {
        var ids = await db.Applications.Where(a => a.UnitId == unitId && a.CycleYear == year
                && a.Stage != EvaluationStage.Approved && a.Stage != EvaluationStage.Rejected)
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await steps.ApplyAsync<Application>(id, "application", async (application, token) =>
            {
                var inputs = await store.InputsAsync(application, token);
                adjust(inputs.Findings);
                var before = application.Vetoes.ToList();
                var refusal = application.ReconsiderFindings(inputs, clock.GetUtcNow());
                if (refusal is null)
                {
                    audit(application, before);
                }

                return refusal;
            }, context, ct);
        }
    }

    /// <summary>Whether a reversal of (source, offence) withdraws a finding of the same case; a reversal naming no offence withdraws every violation.</summary>
    private static bool Withdraws((string Source, string Offence) reversal, UnitFinding finding) =>
        reversal.Source == finding.Source && (reversal.Offence == finding.Offence || reversal.Offence.Length == 0);

    /// <summary>One finding or reversal of a complaint at a time, until the transaction ends.</summary>
    private Task LockComplaintAsync(Guid complaintId, CancellationToken ct) => db.Database.LockForTransactionAsync(complaintId, ct);

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
