using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Complaints.Tests;

[Collection(ComplaintsCollection.Name)]
public sealed class CaseListTests(ComplaintsFixture fixture)
{
    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.Id())];

    [Fact]
    public async Task Staff_list_the_cases_they_may_read_by_unit_status_and_overdue()
    {
        var window = await fixture.TargetAsync();
        var operatorId = Guid.NewGuid();
        var operatorClient = fixture.As("operator", operatorId);
        var mine = (await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        var late = (await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        var someoneElses = (await (await fixture.As("operator").FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        var investigatorId = Guid.NewGuid();
        await (await operatorClient.PostAsJsonAsync($"/api/complaints/{mine}/assignment", new { investigatorId })).OkAsync();
        await fixture.ScalarAsync("update complaints set due_at = now() - interval '1 hour' where id = $1 returning 1", late);

        var own = await (await operatorClient.GetAsync($"/api/complaints?unitId={window}")).OkAsync();
        Assert.Equal(new[] { late, mine }.Order(), Ids(own).Order());
        Assert.DoesNotContain(someoneElses, Ids(own));

        var all = await (await fixture.As("discipline").GetAsync($"/api/complaints?unitId={window}")).OkAsync();
        Assert.Equal(3, all.GetProperty("total").GetInt32());

        var assigned = await (await fixture.As("investigator", investigatorId).GetAsync($"/api/complaints?unitId={window}")).OkAsync();
        Assert.Equal([mine], Ids(assigned));

        var byStatus = await (await fixture.As("discipline").GetAsync($"/api/complaints?unitId={window}&status=assigned")).OkAsync();
        Assert.Equal([mine], Ids(byStatus));

        var overdue = await (await fixture.As("discipline").GetAsync($"/api/complaints?unitId={window}&overdue=true")).OkAsync();
        Assert.Equal([late], Ids(overdue));
        Assert.True(overdue.GetProperty("items")[0].GetProperty("overdue").GetBoolean());

        await (await fixture.As("discipline").GetAsync("/api/complaints?status=lost")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
