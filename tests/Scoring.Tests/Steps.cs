using System.Net.Http.Json;
using StarPlatform.RegistryReplica;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Tests;

/// <summary>Getting an application to a stage through the API, for tests that start further on.</summary>
internal sealed class Steps(ScoringFixture fixture)
{
    public async Task<Guid> PanelMemberAsync(Guid? affiliatedUnitId = null, string? affiliatedDivisionCode = null)
    {
        var id = Guid.NewGuid();
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/panel-members/{id}",
            new { name = $"评委 {id:N}"[..12], organisation = "市监察局", affiliatedUnitId, affiliatedDivisionCode })).CreatedAsync();
        return id;
    }

    public async Task<Guid> FiledAsync(ReplicatedUnit unit) =>
        (await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/cycles/{fixture.CycleId}/applications", new { unitId = unit.Id })).CreatedAsync()).Id();

    public async Task<(Guid Application, Guid[] Evaluators)> UnderReviewAsync(ReplicatedUnit unit, int evaluators = 2)
    {
        var application = await FiledAsync(unit);
        var ids = new Guid[evaluators];
        for (var i = 0; i < evaluators; i++)
        {
            ids[i] = await PanelMemberAsync();
        }

        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/evaluators", new { evaluatorIds = ids })).OkAsync();
        return (application, ids);
    }

    /// <summary>Every evaluator scores <paramref name="creation"/> with panel judgement <paramref name="panel"/>; satisfaction entered.</summary>
    public async Task<(Guid Application, Guid[] Evaluators)> ScoredAsync(ReplicatedUnit unit, decimal creation = 75m, decimal panel = 9m, decimal satisfaction = 9m, int evaluators = 2)
    {
        var (application, ids) = await UnderReviewAsync(unit, evaluators);
        var version = unit.Kind == UnitKind.Center ? Seed.Center : Seed.Window;
        foreach (var evaluator in ids)
        {
            await (await fixture.As("evaluator", evaluator).PutSheetAsync(application, evaluator,
                Api.Sheet(ScoreRulesTests.Sheet(version, creation, panel).Items, panel))).OkAsync();
        }

        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = satisfaction })).OkAsync();
        return (application, ids);
    }

    public async Task<(Guid Application, Guid[] Evaluators)> AwaitingApprovalAsync(ReplicatedUnit unit, decimal creation = 75m)
    {
        var (application, ids) = await ScoredAsync(unit, creation);
        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).OkAsync();
        return (application, ids);
    }
}
