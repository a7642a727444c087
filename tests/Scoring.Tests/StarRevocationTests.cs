using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.RegistryReplica;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// The league table and Awards agree on revocations: once Awards announces <see cref="StarRevoked"/> on the broker,
/// the approved result it gave is listed apart from the ranking, without a rank and without its stars.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class StarRevocationTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    private StarRevoked Revoked(Guid unit, int year) => new(
        Guid.NewGuid(), unit, year, 5, $"MS-{year}-5-{Random.Shared.Next(1000, 9999)}", Guid.NewGuid(),
        $"TS-{year}-{Random.Shared.Next(100000, 999999)}", "违法违纪", 50000m, DateTimeOffset.UtcNow, Guid.NewGuid().ToString());

    private async Task<JsonElement> RowAsync(Guid application)
    {
        var table = await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?pageSize=200")).OkAsync();
        return table.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("applicationId").GetGuid() == application);
    }

    private async Task<Guid> ApprovedFiveStarsAsync(ReplicatedUnit unit)
    {
        var (application, _) = await _steps.ScoredAsync(unit, creation: 80m, panel: 10m, satisfaction: 10m);
        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).OkAsync();
        await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision",
            new { approved = true, comment = "同意" })).OkAsync();
        return application;
    }

    [Fact]
    public async Task A_revoked_star_takes_its_result_out_of_the_ranking_once_however_often_it_arrives()
    {
        var window = await fixture.UnitAsync();
        var application = await ApprovedFiveStarsAsync(window);
        var before = await RowAsync(application);
        Assert.Equal((1, 5, false), (before.Int("rank")!.Value, before.Int("stars")!.Value, before.GetProperty("revoked").GetBoolean()));

        var revoked = Revoked(window.Id, fixture.Year);
        var messageId = Guid.NewGuid();
        await fixture.PublishAsync(revoked, messageId);
        await Eventually.HoldsAsync(async () => (await RowAsync(application)).GetProperty("revoked").GetBoolean(), Delivery,
            "the league table lists the result as revoked");

        var row = await RowAsync(application);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("rank").ValueKind);
        Assert.Equal(0, row.Int("stars"));
        Assert.Equal("approved", row.Str("status"));
        Assert.False(row.GetProperty("vetoed").GetBoolean());
        Assert.Equal(100m, row.Dec("total"));

        // Ranked rows first in rank order, then the rows listed apart (vetoed or revoked), none of them ranked.
        var table = await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?pageSize=200")).OkAsync();
        var rows = table.GetProperty("items").EnumerateArray().ToList();
        var firstApart = rows.FindIndex(r => r.GetProperty("rank").ValueKind == JsonValueKind.Null);
        Assert.True(firstApart >= 0);
        Assert.All(rows.Skip(firstApart), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("rank").ValueKind));
        Assert.All(rows.Where(r => r.GetProperty("revoked").GetBoolean()), r => Assert.Equal(0, r.Int("stars")));

        // Redelivered (same message id) and re-sent (a new message id): the first revocation stays as it was.
        var resent = Guid.NewGuid();
        await fixture.PublishAsync(revoked, messageId);
        await fixture.PublishAsync(revoked with { CaseNumber = "TS-0000-000000" }, resent);
        await fixture.Logs.SkippedAsync(messageId, Delivery);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from inbox_state where message_id = $1", resent) == 1, Delivery, "the re-sent revocation is consumed");
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from applications where id = $1 and revocation_case_number = $2", application, revoked.CaseNumber));
    }

    [Fact]
    public async Task A_revocation_of_another_year_leaves_this_years_result_ranked()
    {
        var window = await fixture.UnitAsync();
        var application = await ApprovedFiveStarsAsync(window);

        var other = Guid.NewGuid();
        await fixture.PublishAsync(Revoked(window.Id, fixture.Year - 2), other);
        await Eventually.HoldsAsync(async () => await fixture.ScalarAsync(
            "select count(*) from inbox_state where message_id = $1", other) == 1, Delivery, "the revocation is consumed");

        var row = await RowAsync(application);
        Assert.False(row.GetProperty("revoked").GetBoolean());
        Assert.Equal(5, row.Int("stars"));
        Assert.Equal(JsonValueKind.Number, row.GetProperty("rank").ValueKind);
    }
}
