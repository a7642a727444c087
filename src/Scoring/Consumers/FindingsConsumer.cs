using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Evaluations;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Consumers;

/// <summary>
/// Vetoes from outside: a substantiated complaint (有效投诉) fails appendix 2 item 7 for the year it
/// occurred in; a confirmed violation fails the discipline items (window 17, 19, 20; center 69) for
/// the year it was confirmed in. The finding is kept by unit and year, so an application filed
/// later is vetoed too; undecided applications of that unit and year are recomputed under their row
/// lock, with the veto in their history. Decided applications are left alone: after approval a
/// violation is Awards' business (revocation). Idempotent: the inbox skips a redelivery, and a
/// finding already held is not applied twice.
/// <para>
/// A re-review on appeal that withdraws a finding (<see cref="ComplaintFindingReversed"/>) is kept as
/// a <see cref="FindingReversal"/>: the finding no longer vetoes, undecided applications are
/// recomputed with the lifted veto in their history, decided ones stay as they are. The reversal may
/// arrive before the finding it reverses (separate messages, redeliveries); that finding is then kept
/// but never vetoes. A finding and its reversal are handled one at a time per complaint (a
/// transaction-scoped advisory lock), so neither can miss the other while both are uncommitted.
/// </para>
/// </summary>
public sealed class FindingsConsumer(ScoringDbContext db, EvaluationStore store, TimeProvider clock)
    : IConsumer<ComplaintSubstantiated>, IConsumer<ViolationConfirmed>, IConsumer<ComplaintFindingReversed>
{
    public Task Consume(ConsumeContext<ComplaintSubstantiated> context)
    {
        var m = context.Message;
        return RecordAsync(context, new UnitFinding
        {
            ComplaintId = m.ComplaintId, Source = VetoSources.Complaint, UnitId = m.TargetUnitId, UnitKind = m.TargetKind,
            Year = ChinaCalendar.YearOf(m.OccurredAt), CaseNumber = m.CaseNumber, Category = m.Category, At = m.SubstantiatedAt,
        });
    }

    public Task Consume(ConsumeContext<ViolationConfirmed> context)
    {
        var m = context.Message;
        return RecordAsync(context, new UnitFinding
        {
            ComplaintId = m.ComplaintId, Source = VetoSources.Violation, UnitId = m.TargetUnitId, UnitKind = m.TargetKind,
            Year = ChinaCalendar.YearOf(m.ConfirmedAt), CaseNumber = m.CaseNumber, Category = m.Category, At = m.ConfirmedAt,
        });
    }

    public async Task Consume(ConsumeContext<ComplaintFindingReversed> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await LockComplaintAsync(m.ComplaintId, ct);
        var sources = new List<string>();
        if (m.SubstantiationReversed)
        {
            sources.Add(VetoSources.Complaint);
        }

        if (m.ViolationReversed)
        {
            sources.Add(VetoSources.Violation);
        }

        var known = await db.FindingReversals.Where(r => r.ComplaintId == m.ComplaintId).Select(r => r.Source).ToListAsync(ct);
        var reversed = sources.Except(known).ToList();
        if (reversed.Count == 0)
        {
            return;
        }

        foreach (var source in reversed)
        {
            db.FindingReversals.Add(new FindingReversal
            {
                ComplaintId = m.ComplaintId, Source = source, UnitId = m.TargetUnitId, CaseNumber = m.CaseNumber,
                ReversedAt = m.ReversedAt, Summary = Truncate(m.Summary),
            });
        }

        // The findings it withdraws, if they have arrived; a later one finds the reversal and does not veto.
        var withdrawn = await db.UnitFindings.Where(f => f.ComplaintId == m.ComplaintId && reversed.Contains(f.Source)).ToListAsync(ct);
        var reason = Truncate($"Reversed on re-review (复核) {m.CaseNumber}: {m.Summary}");
        foreach (var (unitId, year) in withdrawn.Select(f => (f.UnitId, f.Year)).Distinct())
        {
            await RecomputeUndecidedAsync(context, unitId, year,
                findings => findings.RemoveAll(f => f.ComplaintId == m.ComplaintId && reversed.Contains(f.Source)),
                (application, before) =>
                {
                    foreach (var veto in before.Where(v => v.CaseNumber == m.CaseNumber && reversed.Contains(v.Source)
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
        if (await db.UnitFindings.FindAsync([finding.ComplaintId, finding.Source], ct) is not null)
        {
            return;
        }

        db.UnitFindings.Add(finding);
        if (await db.FindingReversals.AnyAsync(r => r.ComplaintId == finding.ComplaintId && r.Source == finding.Source, ct))
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
    /// Recomputes the undecided applications of a unit and year under their row locks. The findings
    /// are read after the lock, so a finding of another case committed meanwhile is not lost;
    /// <paramref name="adjust"/> adds or removes what this message changes (not yet saved).
    /// </summary>
    private async Task RecomputeUndecidedAsync(ConsumeContext context, Guid unitId, int year, Action<List<UnitFinding>> adjust,
        Action<Application, IReadOnlyList<VetoRecord>> audit, CancellationToken ct)
    {
        var ids = await db.Applications.Where(a => a.UnitId == unitId && a.CycleYear == year
                && a.Stage != EvaluationLifecycle.Approved && a.Stage != EvaluationLifecycle.Rejected)
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            var application = await store.LockAsync(id, ct);
            if (application is null || EvaluationLifecycle.IsDecided(application.Stage))
            {
                continue;
            }

            var findings = await store.FindingsAsync(unitId, year, ct);
            adjust(findings);
            var before = application.Vetoes.ToList();
            store.Recompute(application, await store.VersionOfAsync(application, ct), await store.SheetsAsync(application, ct), findings,
                clock.GetUtcNow(), context);
            audit(application, before);
        }
    }

    /// <summary>One finding or reversal of a complaint at a time, until the transaction ends.</summary>
    private Task LockComplaintAsync(Guid complaintId, CancellationToken ct) => db.Database.LockForTransactionAsync(complaintId, ct);

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
