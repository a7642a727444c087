using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace StarPlatform.Scoring.Tests;

/// <summary>What ops see of Scoring: applications by evaluation stage, on its meter.</summary>
[Collection(ScoringCollection.Name)]
public sealed class OperationsTests(ScoringFixture fixture)
{
    [Fact]
    public async Task The_evaluations_gauge_reports_the_applications_in_each_stage()
    {
        using var recorder = new MeterRecorder(fixture.Services.GetRequiredService<IMeterFactory>(), ScoringMetrics.MeterName);
        var window = await fixture.UnitAsync();
        await (await fixture.Applicant(window.Id).PostAsJsonAsync($"/api/scoring/cycles/{fixture.CycleId}/applications",
            new { unitId = window.Id, materials = Array.Empty<object>() })).CreatedAsync();
        var applied = await fixture.ScalarAsync("select count(*) from applications where stage = 'applied'");
        var approved = await fixture.ScalarAsync("select count(*) from applications where stage = 'approved'");
        Assert.True(applied >= 1);

        // Read from the database every few seconds: wait for a reading that includes the new application.
        await Eventually.HoldsAsync(() =>
        {
            recorder.Observe();
            return Task.FromResult(recorder.Gauge("starplatform.scoring.evaluations", "stage=applied") == applied
                && recorder.Gauge("starplatform.scoring.evaluations", "stage=approved") == approved);
        }, TimeSpan.FromSeconds(30), $"the gauge reports {applied} applied and {approved} approved");
        Assert.Equal(6, Enum.GetValues<StarPlatform.Scoring.Model.EvaluationStage>().Count(stage =>
            recorder.Gauge("starplatform.scoring.evaluations", $"stage={StarPlatform.Messaging.Words.Of(stage)}") is not null));
    }
}
