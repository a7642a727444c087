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
        var investigatorId = await fixture.InvestigatorAsync();
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

    [Fact]
    public async Task Lists_find_cases_by_part_of_the_number_and_any_of_several_units_and_sort_by_deadline()
    {
        var (first, second, other) = (await fixture.TargetAsync(), await fixture.TargetAsync(), await fixture.TargetAsync());
        var discipline = fixture.As("discipline");
        var a = await (await discipline.FileAsync(Api.Intake(first))).CreatedAsync();
        var b = await (await discipline.FileAsync(Api.Intake(second))).CreatedAsync();
        var c = await (await discipline.FileAsync(Api.Intake(other))).CreatedAsync();
        // b came in long ago: its deadline is the nearest.
        await fixture.ScalarAsync("update complaints set received_at = received_at - interval '30 days', due_at = due_at - interval '30 days' where id = $1 returning 1", b.Id());

        var both = await (await discipline.GetAsync($"/api/complaints?unitId={first}&unitId={second}")).OkAsync();
        Assert.Equal(new[] { a.Id(), b.Id() }.Order(), Ids(both).Order());
        var byDue = await (await discipline.GetAsync($"/api/complaints?unitId={first}&unitId={second}&unitId={other}&sort=due")).OkAsync();
        Assert.Equal([b.Id(), a.Id(), c.Id()], Ids(byDue));
        var newest = await (await discipline.GetAsync($"/api/complaints?unitId={first}&unitId={second}&unitId={other}")).OkAsync();
        Assert.Equal(b.Id(), Ids(newest)[^1]);

        var number = c.GetProperty("caseNumber").GetString()!;
        var byNumber = await (await discipline.GetAsync($"/api/complaints?caseNumber={number[^6..].ToLowerInvariant()}&unitId={other}")).OkAsync();
        Assert.Equal([c.Id()], Ids(byNumber));
        var whole = await (await discipline.GetAsync($"/api/complaints?caseNumber={number}")).OkAsync();
        Assert.Equal([c.Id()], Ids(whole));
        Assert.True(whole.GetProperty("items")[0].TryGetProperty("acknowledgeDueAt", out _));

        // The supervisor reads every case, like discipline.
        var supervised = await (await fixture.As("supervisor").GetAsync($"/api/complaints?unitId={first}&unitId={second}&unitId={other}")).OkAsync();
        Assert.Equal(3, supervised.GetProperty("total").GetInt32());

        await (await discipline.GetAsync("/api/complaints?sort=oldest")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await discipline.GetAsync($"/api/complaints?caseNumber={new string('1', 41)}")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
