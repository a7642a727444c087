using System.Net;
using System.Net.Http.Json;

namespace StarPlatform.Scoring.Tests;

/// <summary>Applications (申报): who files for which unit, once per cycle, within the window.</summary>
[Collection(ScoringCollection.Name)]
public sealed class FilingTests(ScoringFixture fixture)
{
    private string Applications => $"/api/scoring/cycles/{fixture.CycleId}/applications";

    [Fact]
    public async Task An_applicant_files_for_its_own_unit_with_materials_and_reads_it()
    {
        var window = await fixture.UnitAsync();
        var applicant = fixture.Applicant(window.Id);
        var created = await (await applicant.PostAsJsonAsync(Applications, new
        {
            unitId = window.Id,
            materials = new[] { new { title = "创建工作总结", reference = "https://docs.example/meishan/2026/summary.pdf" } },
        })).CreatedAsync();
        Assert.Equal("applied", created.Str("status"));
        Assert.Equal(window.Id, created.GetProperty("unitId").GetGuid());
        Assert.Equal(fixture.CycleId, created.GetProperty("cycleId").GetGuid());
        Assert.Equal("meishan-2012-window", created.GetProperty("criteria").Str("code"));
        Assert.Equal("创建工作总结", created.GetProperty("materials")[0].Str("title"));
        Assert.Null(created.Int("stars"));

        var read = await (await applicant.GetAsync($"/api/scoring/applications/{created.Id()}")).OkAsync();
        Assert.Equal(created.Id(), read.Id());
        Assert.Equal(0, read.GetProperty("vetoes").GetArrayLength());
    }

    [Fact]
    public async Task An_applicant_may_not_file_or_read_for_another_unit()
    {
        var own = await fixture.UnitAsync();
        var other = await fixture.UnitAsync();
        var applicant = fixture.Applicant(own.Id);
        var before = await fixture.WrittenAsync();
        await (await applicant.PostAsJsonAsync(Applications, new { unitId = other.Id })).ProblemAsync(HttpStatusCode.Forbidden);
        // An applicant token without a unit files for none.
        await (await fixture.As("applicant").PostAsJsonAsync(Applications, new { unitId = own.Id })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await fixture.WrittenAsync());

        var othersApplication = await new Steps(fixture).FiledAsync(other);
        await (await applicant.GetAsync($"/api/scoring/applications/{othersApplication}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await applicant.GetAsync($"/api/scoring/applications/{othersApplication}/breakdown")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await applicant.GetAsync($"/api/scoring/applications/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_unit_applies_once_per_cycle()
    {
        var center = await fixture.UnitAsync("center", floorAreaM2: 6000);
        var first = await (await fixture.Secretary().PostAsJsonAsync(Applications, new { unitId = center.Id })).CreatedAsync();
        Assert.Equal("meishan-2012-center", first.GetProperty("criteria").Str("code"));
        var before = await fixture.WrittenAsync();
        await (await fixture.Applicant(center.Id).PostAsJsonAsync(Applications, new { unitId = center.Id })).ProblemAsync(HttpStatusCode.Conflict);

        // Twenty at once: one is filed, the rest are 409.
        var another = await fixture.UnitAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.Secretary().PostAsJsonAsync(Applications, new { unitId = another.Id })));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from applications where unit_id = $1", another.Id));
        _ = before;
    }

    [Fact]
    public async Task Filing_outside_the_window_is_a_rule_violation_and_writes_nothing()
    {
        var secretary = fixture.Secretary();
        var future = (await (await secretary.PostAsJsonAsync("/api/scoring/cycles", new { year = fixture.Year + 40 })).CreatedAsync()).Id();
        var window = await fixture.UnitAsync();
        var before = await fixture.WrittenAsync();
        var refused = await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{future}/applications", new { unitId = window.Id }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"{fixture.Year + 40}-12-01", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task Unknown_closed_or_unrated_units_cannot_apply()
    {
        var secretary = fixture.Secretary();
        var closed = await fixture.UnitAsync(status: "closed");
        var village = await fixture.UnitAsync("outlet", "village", $"{ScoringFixture.OutletCounty}001001");
        var township = await fixture.UnitAsync("outlet", "township", "511498001");
        var before = await fixture.WrittenAsync();
        await (await secretary.PostAsJsonAsync(Applications, new { unitId = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await secretary.PostAsJsonAsync(Applications, new { unitId = closed.Id })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await secretary.PostAsJsonAsync(Applications, new { unitId = village.Id })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        // A township whose county has published no checklist.
        await (await secretary.PostAsJsonAsync(Applications, new { unitId = township.Id })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await secretary.PostAsJsonAsync(Applications, new { })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await secretary.PostAsJsonAsync(Applications, new { unitId = closed.Id, materials = new[] { new { title = "", reference = "x" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await secretary.PostAsJsonAsync($"/api/scoring/cycles/{Guid.NewGuid()}/applications", new { unitId = closed.Id })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task A_township_outlet_applies_under_its_countys_checklist()
    {
        var township = await fixture.UnitAsync("outlet", "township", $"{ScoringFixture.OutletCounty}002");
        var created = await (await fixture.Applicant(township.Id).PostAsJsonAsync(Applications, new { unitId = township.Id })).CreatedAsync();
        Assert.Equal($"county-{ScoringFixture.OutletCounty}-outlet", created.GetProperty("criteria").Str("code"));
    }
}
