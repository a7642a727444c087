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
/// </summary>
public sealed class FindingsConsumer(ScoringDbContext db, EvaluationStore store, TimeProvider clock)
    : IConsumer<ComplaintSubstantiated>, IConsumer<ViolationConfirmed>
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

    private async Task RecordAsync(ConsumeContext context, UnitFinding finding)
    {
        var ct = context.CancellationToken;
        if (await db.UnitFindings.FindAsync([finding.ComplaintId, finding.Source], ct) is not null)
        {
            return;
        }

        db.UnitFindings.Add(finding);
        var findings = await store.FindingsAsync(finding.UnitId, finding.Year, ct);
        findings.Add(finding);
        var now = clock.GetUtcNow();
        var ids = await db.Applications.Where(a => a.UnitId == finding.UnitId && a.CycleYear == finding.Year
                && a.Stage != EvaluationLifecycle.Approved && a.Stage != EvaluationLifecycle.Rejected)
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            var application = await store.LockAsync(id, ct);
            if (application is null || EvaluationLifecycle.IsDecided(application.Stage))
            {
                continue;
            }

            store.Recompute(application, await store.VersionOfAsync(application, ct), await store.SheetsAsync(application, ct), findings, now, context);
            foreach (var veto in application.Vetoes.Where(v => v.CaseNumber == finding.CaseNumber && v.Source == finding.Source))
            {
                db.ScoreChanges.Add(new ScoreChange
                {
                    ApplicationId = application.Id, At = now, ActorId = Guid.Empty, ActorRole = finding.Source, Subject = "veto",
                    ItemNumber = veto.Item, OldVetoFailed = false, NewVetoFailed = true, Reason = veto.Reason,
                });
            }

        }
    }
}
