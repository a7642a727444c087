using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Messaging.Lifecycles;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Evaluations;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Apis;

/// <summary>A month as <c>yyyy-MM</c>, first to last.</summary>
public sealed record RatingPeriod(string From, string To);

public sealed record RatingCountsResponse(
    long Served, long Rated, long Ratings, long VerySatisfied, long Satisfied, long FairlySatisfied, long Dissatisfied, long VeryDissatisfied);

public sealed record MappingRef(string Code, int Version, string Method, decimal Points);

/// <summary>
/// The evidence 好差评 gives a criteria item (window item 6: "评价率95%以上，满意率98%以上"): each rate against the
/// minimum the mapping publishes, met when the exact rate reaches it (null when there is nothing to divide by).
/// </summary>
public sealed record ItemEvidenceResponse(
    string SetCode, int Item, decimal? EvaluationRate, decimal MinEvaluationRate, bool? EvaluationRateMet,
    decimal? SatisfactionRate, decimal MinSatisfactionRate, bool? SatisfactionRateMet);

/// <summary>
/// 满意度测评 for an application as 好差评 has it: the period (the cycle year's months), the counts, the rates, the
/// mapping version and the points it derives (null without ratings or without a published mapping), the points
/// entered and whether they are the derived ones; the item evidence when the application is scored against the
/// mapping's evidence set.
/// </summary>
public sealed record DerivedSatisfactionResponse(
    Guid ApplicationId, RatingPeriod Period, RatingCountsResponse Counts, decimal? EvaluationRate, decimal? SatisfactionRate,
    MappingRef? Mapping, decimal? DerivedPoints, decimal? EnteredPoints, bool Accepted, ItemEvidenceResponse? Evidence)
{
    public static DerivedSatisfactionResponse From(Application application, DerivedSatisfaction d)
    {
        var c = d.Counts;
        var mapping = d.Mapping;
        return new(application.Id, new RatingPeriod($"{d.From:yyyy-MM}", $"{d.To:yyyy-MM}"),
            new RatingCountsResponse(c.Served, c.Rated, c.Ratings, c.VerySatisfied, c.Satisfied, c.FairlySatisfied, c.Dissatisfied, c.VeryDissatisfied),
            d.EvaluationRate, d.SatisfactionRate,
            mapping is null ? null : new MappingRef(mapping.Code, mapping.Version, mapping.Method, mapping.Points),
            d.Points, application.SatisfactionPoints, d.Points is not null && application.SatisfactionPoints == d.Points,
            mapping is not null && d.IsEvidenceItemSet
                ? new ItemEvidenceResponse(mapping.EvidenceSetCode, mapping.EvidenceItem,
                    d.EvaluationRate, mapping.MinEvaluationRate, SatisfactionMath.MeetsEvaluationRate(mapping, c),
                    d.SatisfactionRate, mapping.MinSatisfactionRate, SatisfactionMath.MeetsSatisfactionRate(mapping, c))
                : null);
    }
}

/// <summary>
/// The satisfaction points from 好差评 (decision 0019): read by whoever reads the application (the evaluator sees
/// item 6's evidence here; the item's points stay theirs), and accepted by the secretary — audited with the mapping
/// version and the counts. Other points are entered with <c>PUT …/satisfaction</c> and a reason.
/// </summary>
public static class SatisfactionApi
{
    public static IEndpointRouteBuilder MapSatisfactionApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/scoring/applications/{id:guid}").WithTags("Applications").TagSpanFromRoute("id", SpanTags.ApplicationId);
        applications.MapGet("/satisfaction", GetDerivedSatisfaction).WithName(nameof(GetDerivedSatisfaction))
            .RequireAuthorization(Policies.ApplicationReaders).WithProblems(401, 403, 404);
        applications.MapPost("/satisfaction/accept", AcceptDerivedSatisfaction).WithName(nameof(AcceptDerivedSatisfaction))
            .WithDescription("The secretary takes the derived points as the satisfaction points; 409 when nothing is derived (no ratings in the period, or no published mapping).")
            .RequireAuthorization(Policies.Secretary).WithProblems(401, 403, 404, 409);
        return app;
    }

    public static async Task<Results<Ok<DerivedSatisfactionResponse>, ProblemHttpResult>> GetDerivedSatisfaction(
        Guid id, ScoringDbContext db, SatisfactionStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            return Problems.NotFound("application");
        }

        if (ApplicationReadsApi.Refusal(user, application) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(DerivedSatisfactionResponse.From(application, await store.DeriveAsync(application, ct)));
    }

    /// <summary>The derived points become the satisfaction points (until reported), the history naming where they came from.</summary>
    public static async Task<Results<Ok<DerivedSatisfactionResponse>, ProblemHttpResult>> AcceptDerivedSatisfaction(
        Guid id, ScoringDbContext db, EvaluationStore evaluations, SatisfactionStore store, LockedSteps steps, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        DerivedSatisfaction? derived = null;
        var outcome = await steps.RunAsync<Application>(id, "application", async (application, token) =>
        {
            derived = await store.DeriveAsync(application, token);
            if (derived.Points is not { } points)
            {
                return Refusal.Conflict("nothing-derived", "There are no derived points to accept.",
                    derived.Mapping is null
                        ? "No satisfaction mapping is published yet; enter the points with a reason."
                        : $"好差评 has no ratings of the unit in {derived.From:yyyy-MM}..{derived.To:yyyy-MM}; enter the points with a reason.");
            }

            var inputs = await evaluations.InputsAsync(application, token);
            if (!ScoreRules.IsValidComponent(points, inputs.Scheme.Satisfaction))
            {
                return Refusal.Conflict("mapping-exceeds-scheme", "The derived points do not fit the cycle's star scheme.",
                    $"The mapping gives {points}, the cycle's scheme allows 0 to {inputs.Scheme.Satisfaction}; enter the points with a reason.");
            }

            var now = clock.GetUtcNow();
            var before = application.SatisfactionPoints;
            if (application.EnterSatisfaction(points, inputs, now) is { } refusal)
            {
                return refusal;
            }

            db.ScoreChanges.Add(new ScoreChange
            {
                ApplicationId = application.Id, At = now, ActorId = user.ActorId() ?? Guid.Empty, ActorRole = Roles.Secretary,
                Subject = "satisfaction", OldPoints = before, NewPoints = points, Reason = derived.Provenance,
            });
            return null;
        }, ct);
        return outcome.Refusal is { } refused
            ? refused.ToProblem()
            : TypedResults.Ok(DerivedSatisfactionResponse.From(outcome.Aggregate!, derived!));
    }
}
