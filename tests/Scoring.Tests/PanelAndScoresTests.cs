using System.Net;
using System.Net.Http.Json;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Tests;

/// <summary>The panel (conflicts of interest) and the evaluators' sheets: only one's own, every item by its rule, every change audited.</summary>
[Collection(ScoringCollection.Name)]
public sealed class PanelAndScoresTests(ScoringFixture fixture)
{
    private readonly Steps _steps = new(fixture);

    [Fact]
    public async Task An_evaluator_affiliated_with_the_unit_its_center_or_its_county_is_refused()
    {
        var center = await fixture.UnitAsync("center", divisionCode: "511421", floorAreaM2: 6000);
        var window = await fixture.UnitAsync("window", divisionCode: "511421", parentId: center.Id);
        var application = await _steps.FiledAsync(window);
        var fair = await _steps.PanelMemberAsync(affiliatedDivisionCode: "511402");
        var ofUnit = await _steps.PanelMemberAsync(affiliatedUnitId: window.Id);
        var ofCenter = await _steps.PanelMemberAsync(affiliatedUnitId: center.Id);
        var ofCounty = await _steps.PanelMemberAsync(affiliatedDivisionCode: "511421001");
        var secretary = fixture.Secretary();
        var assign = $"/api/scoring/applications/{application}/evaluators";

        var before = await fixture.WrittenAsync();
        foreach (var conflicted in new[] { ofUnit, ofCenter, ofCounty })
        {
            var refused = await (await secretary.PutAsJsonAsync(assign, new { evaluatorIds = new[] { fair, conflicted } })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(conflicted.ToString(), refused.Str("detail"), StringComparison.Ordinal);
        }

        // Not a panel member; nobody; twice the same.
        await (await secretary.PutAsJsonAsync(assign, new { evaluatorIds = new[] { fair, Guid.NewGuid() } })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await secretary.PutAsJsonAsync(assign, new { evaluatorIds = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await secretary.PutAsJsonAsync(assign, new { evaluatorIds = new[] { fair, fair } })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await secretary.PutAsJsonAsync($"/api/scoring/applications/{Guid.NewGuid()}/evaluators", new { evaluatorIds = new[] { fair } })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await fixture.WrittenAsync());

        var assigned = await (await secretary.PutAsJsonAsync(assign, new { evaluatorIds = new[] { fair } })).OkAsync();
        Assert.Equal("under-review", assigned.Str("status"));
    }

    [Fact]
    public async Task Only_the_assigned_evaluator_puts_their_own_sheet()
    {
        var window = await fixture.UnitAsync();
        var (application, evaluators) = await _steps.UnderReviewAsync(window);
        var sheet = Api.Sheet(Seed.FullMarks(Seed.Window), 9m);
        var before = await fixture.WrittenAsync();
        // Another assigned evaluator writing the first one's sheet; an evaluator not on the panel writing their own.
        await (await fixture.As("evaluator", evaluators[1]).PutSheetAsync(application, evaluators[0], sheet)).ProblemAsync(HttpStatusCode.Forbidden);
        var outsider = Guid.NewGuid();
        await (await fixture.As("evaluator", outsider).PutSheetAsync(application, outsider, sheet)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.As("evaluator", outsider).GetAsync($"/api/scoring/applications/{application}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.As("evaluator", outsider).GetAsync($"/api/scoring/applications/{application}/history")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Secretary().PutSheetAsync(application, evaluators[0], sheet)).StatusCode);
        Assert.Equal(before, await fixture.WrittenAsync());

        var saved = await (await fixture.As("evaluator", evaluators[0]).PutSheetAsync(application, evaluators[0], sheet)).OkAsync();
        Assert.Equal("under-review", saved.Str("applicationStatus"));
        Assert.Equal(27, saved.GetProperty("items").GetArrayLength());
        await (await fixture.As("evaluator", evaluators[0]).GetAsync($"/api/scoring/applications/{application}")).OkAsync();
    }

    [Fact]
    public async Task A_sheet_that_breaks_an_items_rule_is_refused_and_writes_nothing()
    {
        var window = await fixture.UnitAsync();
        var (application, evaluators) = await _steps.UnderReviewAsync(window, 1);
        var evaluator = fixture.As("evaluator", evaluators[0]);
        var full = Seed.FullMarks(Seed.Window);
        var before = await fixture.WrittenAsync();
        foreach (var bad in new[]
        {
            Api.Sheet(full.Skip(1), 9m),                                                                  // an item missing
            Api.Sheet(full.Select(i => i.Number == 2 ? i with { Points = 1.3m } : i), 9m),               // not a half
            Api.Sheet(full.Select(i => i.Number == 2 ? i with { Points = 2.5m } : i), 9m),               // above the maximum
            Api.Sheet(full.Select(i => i.Number == 2 ? i with { Points = 0, VetoFailed = true } : i), 9m),// item 2 is no veto item
            Api.Sheet(full.Select(i => i.Number == 7 ? i with { VetoFailed = true } : i), 9m),            // a failed veto keeps points
            Api.Sheet(full, 10.5m),                                                                       // panel judgement above 10
            Api.Sheet(full.Append(new ItemScore(28, 1, false, null)), 9m),                                // not in the version
        })
        {
            await (await evaluator.PutSheetAsync(application, evaluators[0], bad)).ProblemAsync(HttpStatusCode.BadRequest);
        }

        await (await evaluator.PutAsJsonAsync($"/api/scoring/applications/{application}/scores/{evaluators[0]}", new { panelJudgement = 9 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task Center_item_3_is_computed_from_the_registry_copy_and_an_override_needs_a_reason()
    {
        var center = await fixture.UnitAsync("center", "county", floorAreaM2: 3500);
        var (application, evaluators) = await _steps.UnderReviewAsync(center, 1);
        var evaluator = fixture.As("evaluator", evaluators[0]);
        var full = Seed.FullMarks(Seed.Center);

        // Left out, item 3 takes its computed points: county, 3500 m² → level 2 → 3.
        var computed = await (await evaluator.PutSheetAsync(application, evaluators[0], Api.Sheet(full, 9m, omitTiered: true, version: Seed.Center))).OkAsync();
        var item3 = computed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetInt32() == 3);
        Assert.Equal(3m, item3.GetProperty("points").GetDecimal());
        Assert.Equal(3m, item3.GetProperty("computedPoints").GetDecimal());

        await (await evaluator.PutSheetAsync(application, evaluators[0], Api.Sheet(full, 9m))).ProblemAsync(HttpStatusCode.BadRequest);
        var overridden = await (await evaluator.PutSheetAsync(application, evaluators[0],
            Api.Sheet(full.Select(i => i.Number == 3 ? i with { Note = "新办公楼6200平方米已验收,登记未更新" } : i), 9m))).OkAsync();
        Assert.Equal(6m, overridden.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetInt32() == 3).GetProperty("points").GetDecimal());

        var history = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}/history")).OkAsync();
        var change = history.GetProperty("items").EnumerateArray().Last(c => c.Int("itemNumber") == 3);
        Assert.Equal(3m, change.Dec("oldPoints"));
        Assert.Equal(6m, change.Dec("newPoints"));
        Assert.Equal("新办公楼6200平方米已验收,登记未更新", change.Str("reason"));
        Assert.Equal(evaluators[0], change.GetProperty("actorId").GetGuid());
    }

    [Fact]
    public async Task Every_score_change_is_kept_with_who_when_old_new_and_why()
    {
        var window = await fixture.UnitAsync();
        var (application, evaluators) = await _steps.UnderReviewAsync(window, 1);
        var evaluator = fixture.As("evaluator", evaluators[0]);
        var full = Seed.FullMarks(Seed.Window);
        await (await evaluator.PutSheetAsync(application, evaluators[0], Api.Sheet(full, 9m))).OkAsync();
        // Scored now (the only evaluator submitted); a correction is still taken, and audited.
        await (await evaluator.PutSheetAsync(application, evaluators[0],
            Api.Sheet(full.Select(i => i.Number == 4 ? i with { Points = 2 } : i), 8.5m, reason: "复核办结率"))).OkAsync();
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 9.6, reason = "第三方测评" })).OkAsync();

        var history = (await (await fixture.As("approver").GetAsync($"/api/scoring/applications/{application}/history")).OkAsync()).GetProperty("items");
        Assert.Equal(27 + 1 + 2 + 1, history.GetArrayLength());
        var item4 = history.EnumerateArray().Last(c => c.Int("itemNumber") == 4);
        Assert.Equal((3m, 2m, "复核办结率"), (item4.Dec("oldPoints")!.Value, item4.Dec("newPoints")!.Value, item4.Str("reason")));
        var judgement = history.EnumerateArray().Last(c => c.Str("subject") == "panel-judgement");
        Assert.Equal((9m, 8.5m), (judgement.Dec("oldPoints")!.Value, judgement.Dec("newPoints")!.Value));
        var satisfaction = history.EnumerateArray().Single(c => c.Str("subject") == "satisfaction");
        Assert.Null(satisfaction.Dec("oldPoints"));
        Assert.Equal(9.6m, satisfaction.Dec("newPoints"));
        Assert.Equal("secretary", satisfaction.Str("actorRole"));
        Assert.All(history.EnumerateArray(), c => Assert.True(c.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));

        var read = await (await fixture.Secretary().GetAsync($"/api/scoring/applications/{application}")).OkAsync();
        Assert.Equal("scored", read.Str("status"));
        Assert.Equal((79m, 9.6m, 8.5m, 97.1m, 5), (read.Dec("creationPoints")!.Value, read.Dec("satisfactionPoints")!.Value,
            read.Dec("panelPoints")!.Value, read.Dec("total")!.Value, read.Int("stars")!.Value));
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/satisfaction", new { points = 10.5 })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Scoring_before_assignment_or_after_the_report_is_out_of_turn()
    {
        var window = await fixture.UnitAsync();
        var application = await _steps.FiledAsync(window);
        var secretary = fixture.Secretary();
        await (await secretary.PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await fixture.Approver().PostAsJsonAsync($"/api/scoring/applications/{application}/decision", new { approved = true })).ProblemAsync(HttpStatusCode.Conflict);

        var other = await fixture.UnitAsync();
        var (reported, evaluators) = await _steps.AwaitingApprovalAsync(other);
        var before = await fixture.WrittenAsync();
        await (await fixture.As("evaluator", evaluators[0]).PutSheetAsync(reported, evaluators[0], Api.Sheet(Seed.FullMarks(Seed.Window), 9m)))
            .ProblemAsync(HttpStatusCode.Conflict);
        await (await secretary.PutAsJsonAsync($"/api/scoring/applications/{reported}/satisfaction", new { points = 10 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await secretary.PutAsJsonAsync($"/api/scoring/applications/{reported}/evaluators", new { evaluatorIds = evaluators })).ProblemAsync(HttpStatusCode.Conflict);
        await (await secretary.PostAsJsonAsync($"/api/scoring/applications/{reported}/report", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task A_scored_evaluation_without_satisfaction_cannot_be_reported_and_an_evaluator_who_scored_stays()
    {
        var window = await fixture.UnitAsync();
        var (application, evaluators) = await _steps.UnderReviewAsync(window, 1);
        await (await fixture.As("evaluator", evaluators[0]).PutSheetAsync(application, evaluators[0], Api.Sheet(Seed.FullMarks(Seed.Window), 9m))).OkAsync();
        var replacement = await _steps.PanelMemberAsync();
        var before = await fixture.WrittenAsync();
        await (await fixture.Secretary().PostAsJsonAsync($"/api/scoring/applications/{application}/report", new { })).ProblemAsync(HttpStatusCode.Conflict);
        // Scored: the panel can no longer be changed.
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/evaluators", new { evaluatorIds = new[] { replacement } }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task An_evaluator_who_already_scored_cannot_be_dropped_from_the_panel()
    {
        var window = await fixture.UnitAsync();
        var (application, evaluators) = await _steps.UnderReviewAsync(window, 2);
        await (await fixture.As("evaluator", evaluators[0]).PutSheetAsync(application, evaluators[0], Api.Sheet(Seed.FullMarks(Seed.Window), 9m))).OkAsync();
        var replacement = await _steps.PanelMemberAsync();
        var before = await fixture.WrittenAsync();
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/evaluators", new { evaluatorIds = new[] { evaluators[1], replacement } }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await fixture.WrittenAsync());
        // Replacing the one who has not scored is fine.
        await (await fixture.Secretary().PutAsJsonAsync($"/api/scoring/applications/{application}/evaluators", new { evaluatorIds = new[] { evaluators[0], replacement } })).OkAsync();
    }

    [Fact]
    public async Task Ten_simultaneous_first_PUTs_of_one_panel_member_leave_one_member_and_no_error()
    {
        var id = Guid.NewGuid();
        var names = Enumerable.Range(1, 10).Select(i => $"评委{i:00} {id:N}"[..14]).ToArray();
        var responses = await Task.WhenAll(names.Select(name => fixture.Secretary().PutAsJsonAsync(
            $"/api/scoring/panel-members/{id}", new { name, organisation = "市监察局" })));

        // The one that created the member answers 201; the others updated it and answer 200.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var listed = (await (await fixture.Secretary().GetAsync("/api/scoring/panel-members")).OkAsync())
            .GetProperty("items").EnumerateArray().Where(m => m.Id() == id).ToList();
        var member = Assert.Single(listed);
        Assert.Contains(member.Str("name"), names);
    }
}
