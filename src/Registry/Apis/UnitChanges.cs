using Microsoft.AspNetCore.Http.HttpResults;
using StarPlatform.Http;
using StarPlatform.Registry.Data;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

/// <summary>What every PATCH checks: If-Match, and the status rules once the changes are known.</summary>
internal static class UnitChanges
{
    /// <summary>428 without If-Match, 412 when it names another version; null when the change may go ahead.</summary>
    public static ProblemHttpResult? PreconditionProblem(string? ifMatch, uint version) =>
        string.IsNullOrWhiteSpace(ifMatch) ? UnitProblems.IfMatchRequired()
        : UnitRules.IfMatchHolds(ifMatch, version) ? null
        : UnitProblems.Stale();

    /// <summary>
    /// 422 when the changes break a rule: a closed unit does not change; closing is a change of
    /// its own (status alone), allowed once every unit below is closed.
    /// </summary>
    public static async Task<ProblemHttpResult?> RuleProblemAsync(
        RegistryDbContext db, Guid id, UnitStatus from, UnitStatus to, IReadOnlyCollection<string> changed, CancellationToken ct)
    {
        if (changed.Count == 0)
        {
            return null;
        }

        if (from == UnitStatus.Closed)
        {
            return Problems.RuleViolation("A closed unit does not change.", UnitRules.StatusChangeProblem(from, to, [])!);
        }

        if (to != UnitStatus.Closed || from == to)
        {
            return null;
        }

        if (changed.Count > 1)
        {
            return Problems.RuleViolation("Closing is a change of its own.", "Closing changes nothing else: send the status alone.");
        }

        var children = await db.ChildrenOfAsync([id], ct);
        return UnitRules.StatusChangeProblem(from, to, children) is { } problem
            ? Problems.RuleViolation("The unit cannot close yet.", problem)
            : null;
    }

    /// <summary>Whether the change is the unit's closure (published as UnitClosed rather than UnitUpdated).</summary>
    public static bool IsClosure(UnitStatus to, IReadOnlyCollection<string> changed) =>
        to == UnitStatus.Closed && changed.Count == 1 && changed.Contains("status");
}
