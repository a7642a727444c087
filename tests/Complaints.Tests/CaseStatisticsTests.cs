using System.Net;
using System.Net.Http.Json;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Tests;

public sealed class CaseStatisticsRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_open_overdue_case_counts_as_late_in_the_on_time_rate()
    {
        var unit = Guid.NewGuid();
        var stats = CaseStatistics.For(unit,
        [
            new(unit, true, false, Now.AddDays(-10), Now.AddDays(-5)),   // substantiated on time
            new(unit, false, false, Now.AddDays(-2), Now.AddDays(-5)),   // dismissed late
            new(unit, null, false, null, Now.AddDays(-1)),               // open, overdue
            new(unit, null, false, null, Now.AddDays(3)),                // open, not due
        ], Now);

        Assert.Equal(4, stats.Received);
        Assert.Equal(2, stats.Concluded);
        Assert.Equal(1, stats.Substantiated);
        Assert.Equal(1, stats.OnTime);
        Assert.Equal(1, stats.Late);
        Assert.Equal(1, stats.OpenOverdue);
        Assert.Equal(0.5m, stats.SubstantiationRate);
        Assert.Equal(0.3333m, stats.OnTimeRate);
    }

    [Fact]
    public void Rates_are_null_without_cases_to_divide_by()
    {
        var unit = Guid.NewGuid();
        var stats = CaseStatistics.For(unit, [new(unit, null, false, null, Now.AddDays(3))], Now);
        Assert.Null(stats.SubstantiationRate);
        Assert.Null(stats.OnTimeRate);
    }
}

[Collection(ComplaintsCollection.Name)]
public sealed class CaseStatisticsApiTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task Statistics_per_unit_count_a_closed_substantiated_case_and_an_open_overdue_one()
    {
        var window = await fixture.TargetAsync();
        var operatorClient = fixture.As("operator");
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        var done = (await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        var late = (await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        await (await operatorClient.PostAsJsonAsync($"/api/complaints/{done}/assignment", new { investigatorId })).OkAsync();
        await (await investigator.PostAsJsonAsync($"/api/complaints/{done}/investigation", new { })).OkAsync();
        await (await investigator.PostAsJsonAsync($"/api/complaints/{done}/finding", new { substantiated = true, violation = false, summary = "属实" })).OkAsync();
        await (await operatorClient.PostAsJsonAsync($"/api/complaints/{done}/closure", new { feedback = "已回复" })).OkAsync();
        await fixture.ScalarAsync("update complaints set due_at = now() - interval '1 hour' where id = $1 returning 1", late);

        var today = ChinaTime.DayOf(DateTimeOffset.UtcNow);
        var stats = await (await fixture.As("discipline").GetAsync(
            $"/api/complaints/statistics?unitId={window}&from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")).OkAsync();
        var unit = Assert.Single(stats.GetProperty("units").EnumerateArray());
        Assert.Equal(2, unit.GetProperty("received").GetInt32());
        Assert.Equal(1, unit.GetProperty("substantiated").GetInt32());
        Assert.Equal(1m, unit.GetProperty("substantiationRate").GetDecimal());
        Assert.Equal(0.5m, unit.GetProperty("onTimeRate").GetDecimal());

        await (await fixture.As("operator").GetAsync("/api/complaints/statistics?from=2026-02-01&to=2026-01-01")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
