using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using StarPlatform.Contracts;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>From application to the approver's decision: the events leave through the outbox and the saga follows.</summary>
[Collection(ScoringCollection.Name)]
public sealed class EvaluationFlowTests(ScoringFixture fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Steps _steps = new(fixture);

    [Fact]
    public async Task Two_evaluators_make_a_four_star_window_the_approver_approves_and_EvaluationApproved_leaves()
    {
        var window = await fixture.UnitAsync();
        var approved = new TaskCompletionSource<EvaluationApproved>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(fixture.Infrastructure.RabbitMqUri);
            cfg.ReceiveEndpoint($"scoring-tests-approved-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<EvaluationApproved>(context =>
                {
                    if (context.Message.UnitId == window.Id)
                    {
                        approved.TrySetResult(context.Message);
                    }

                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            var application = await _steps.FiledAsync(window);
            var (_, evaluators) = (application, new[] { await _steps.PanelMemberAsync(), await _steps.PanelMemberAsync() });
            await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/evaluators", new { evaluatorIds = evaluators })).OkAsync();

            // 75 and 76 creation points, panel 8 and 9, satisfaction 9: 75.5 + 9 + 8.5 = 93 → four stars.
            await (await fixture.As("evaluator", evaluators[0]).PutSheetAsync(application, evaluators[0],
                Api.Sheet(ScoreRulesTests.Sheet(Seed.Window, 75m, 8m).Items, 8m))).OkAsync();
            var partial = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}")).OkAsync();
            Assert.Equal("under-review", partial.Str("status"));
            Assert.Null(partial.Dec("total"));
            var last = await (await fixture.As("evaluator", evaluators[1]).PutSheetAsync(application, evaluators[1],
                Api.Sheet(ScoreRulesTests.Sheet(Seed.Window, 76m, 9m).Items, 9m))).OkAsync();
            Assert.Equal("scored", last.Str("applicationStatus"));
            await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9 })).OkAsync();
            var reported = await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).OkAsync();
            Assert.Equal("awaiting-approval", reported.Str("status"));

            var decided = await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision",
                new { approved = true, comment = "同意" })).OkAsync();
            Assert.Equal("approved", decided.Str("status"));
            Assert.Equal((75.5m, 9m, 8.5m, 93m, 4), (decided.Dec("creationPoints")!.Value, decided.Dec("satisfactionPoints")!.Value,
                decided.Dec("panelPoints")!.Value, decided.Dec("total")!.Value, decided.Int("stars")!.Value));

            var message = await approved.Task.WaitAsync(Delivery);
            Assert.Equal((application, 4, 93m, UnitKind.Window, fixture.Year), (message.ApplicationId, message.Stars, message.Total, message.UnitKind, message.CycleYear));
            Assert.Equal(75.5m, message.Breakdown.CreationPoints);
            Assert.Equal(80m, message.Breakdown.Categories.Sum(c => c.MaxPoints));
            Assert.Equal(75.5m, message.Breakdown.Categories.Sum(c => c.Points));
            Assert.Empty(message.Breakdown.Vetoes);

            // Decided: every further step is out of turn, and nothing changes.
            var before = await fixture.WrittenAsync();
            await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = false })).ProblemAsync(HttpStatusCode.Conflict);
            await (await fixture.As("evaluator", evaluators[0]).PutSheetAsync(application, evaluators[0], Api.Sheet(Seed.FullMarks(Seed.Window), 10m)))
                .ProblemAsync(HttpStatusCode.Conflict);
            await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(before, await fixture.WrittenAsync());

            // The breakdown keeps each evaluator's points and the means.
            var breakdown = await (await fixture.Applicant(window.Id).GetAsync($"/api/scoring/applications/{application}/breakdown")).OkAsync();
            Assert.Equal(4, breakdown.GetProperty("categories").GetArrayLength());
            var items = breakdown.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray()).ToList();
            Assert.Equal(27, items.Count);
            Assert.All(items, i => Assert.Equal(2, i.GetProperty("evaluators").GetArrayLength()));
            Assert.Equal(2, breakdown.GetProperty("panelJudgements").GetArrayLength());
            Assert.Equal(93m, breakdown.Dec("total"));

            // Approved results are public in the league table.
            var table = await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?unitKind=window")).OkAsync();
            var row = table.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("applicationId").GetGuid() == application);
            Assert.Equal(4, row.Int("stars"));
            Assert.All(table.GetProperty("items").EnumerateArray(), r => Assert.Equal("approved", r.Str("status")));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task A_rejected_result_publishes_EvaluationRejected_and_is_final()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.AwaitingApprovalAsync(window);
        var rejected = await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision",
            new { approved = false, comment = "材料不全" })).OkAsync();
        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal("材料不全", rejected.GetProperty("decision").Str("comment"));
        await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_cycles_applications_and_league_table_show_each_role_what_it_may_see()
    {
        var window = await fixture.UnitAsync();
        var (application, evaluators) = await _steps.ScoredAsync(window, creation: 80m, panel: 10m, satisfaction: 10m);
        var list = await (await fixture.Secretary().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/applications?status=scored&unitKind=window&pageSize=200")).OkAsync();
        var row = list.GetProperty("items").EnumerateArray().Single(a => a.Id() == application);
        Assert.Equal((100m, 5, window.Name), (row.Dec("total")!.Value, row.Int("stars")!.Value, row.Str("unitName")));

        var mine = await (await fixture.As("evaluator", evaluators[0]).GetAsync($"/api/scoring/cycles/{fixture.CycleId}/applications")).OkAsync();
        Assert.Equal([application], mine.GetProperty("items").EnumerateArray().Select(a => a.Id()));
        Assert.Equal(1, mine.GetProperty("total").GetInt32());
        await (await fixture.Secretary().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/applications?status=nonsense")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.Secretary().GetAsync($"/api/scoring/cycles/{Guid.NewGuid()}/applications")).ProblemAsync(HttpStatusCode.NotFound);

        var full = await (await fixture.Secretary().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?pageSize=200")).OkAsync();
        Assert.Contains(full.GetProperty("items").EnumerateArray(), r => r.GetProperty("applicationId").GetGuid() == application);
        // Ranked rows first in rank order, then the vetoed and revoked ones without a rank.
        var ranks = full.GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("rank") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : (int?)null).ToList();
        Assert.Equal(ranks.OrderBy(r => r ?? int.MaxValue), ranks);
        Assert.All(full.GetProperty("items").EnumerateArray(),
            r => Assert.Equal(r.GetProperty("vetoed").GetBoolean() || r.GetProperty("revoked").GetBoolean(),
                r.GetProperty("rank").ValueKind == JsonValueKind.Null));

        // Pages of the table: its rows in order, ranks counted over the whole table, total all rows.
        Assert.True(full.GetProperty("total").GetInt32() >= 2);
        var second = await (await fixture.Secretary().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?page=2&pageSize=1")).OkAsync();
        var only = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(full.GetProperty("items")[1].GetProperty("applicationId").GetGuid(), only.GetProperty("applicationId").GetGuid());
        Assert.Equal(ranks[1], only.GetProperty("rank") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null);
        Assert.Equal(full.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());
        var refused = await (await fixture.Secretary().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table?pageSize=500")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("每页 1 至 200 条。", refused.GetProperty("errors").GetProperty("pageSize")[0].GetString());
        var anonymous = await (await fixture.Anonymous().GetAsync($"/api/scoring/cycles/{fixture.CycleId}/league-table")).OkAsync();
        Assert.DoesNotContain(anonymous.GetProperty("items").EnumerateArray(), r => r.GetProperty("applicationId").GetGuid() == application);
        Assert.Equal(JsonValueKind.Array, anonymous.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task Recomputing_a_cycles_results_leaves_correct_results_as_they_are_and_counts_them()
    {
        var window = await fixture.UnitAsync();
        var (application, _) = await _steps.ScoredAsync(window, creation: 80m, panel: 10m, satisfaction: 10m);
        // Corrupt the stored result, as a configuration change would leave it stale.
        await fixture.ScalarAsync("update applications set total = 1, stars = 0 where id = $1 returning 1", application);
        var summary = await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/cycles/{fixture.CycleId}/results", new { })).OkAsync();
        Assert.True(summary.GetProperty("recomputed").GetInt32() >= 1);
        Assert.True(summary.GetProperty("stars").GetProperty("5").GetInt32() >= 1);
        var read = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}")).OkAsync();
        Assert.Equal((100m, 5), (read.Dec("total")!.Value, read.Int("stars")!.Value));
        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/cycles/{Guid.NewGuid()}/results", new { })).ProblemAsync(HttpStatusCode.NotFound);
    }
}
