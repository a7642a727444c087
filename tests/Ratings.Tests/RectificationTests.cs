using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Ratings.Model;
using static StarPlatform.Ratings.Tests.DeviceBatchTests;

namespace StarPlatform.Ratings.Tests;

/// <summary>
/// 差评整改: each bad rating opens a rectification case in its own transaction; a center's staff call a real-name
/// rater back, rectify or explain, answer and close; the sweep flags each missed deadline once; refusals write nothing;
/// the rater's contact is nowhere but its encrypted column and the staff's case page.
/// </summary>
[Collection(RatingsCollection.Name)]
public sealed class RectificationTests(RatingsFixture fixture)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private async Task<(Guid Center, Guid Window)> CenterAsync()
    {
        var center = await fixture.UnitAsync();
        return (center, await fixture.UnitAsync(center));
    }

    /// <summary>A transaction served by <paramref name="unit"/> and reported by its center's device.</summary>
    private async Task<string> ServedAsync(Guid center, Guid unit)
    {
        var transaction = $"R-{Guid.NewGuid():N}"[..20];
        await (await UploadAsync(fixture.Device(center), Record("1", transaction, unitId: unit))).OkAsync();
        return transaction;
    }

    private async Task<Guid> RatedOnlineAsync(Guid unit, string transaction, string level, object? contact)
    {
        var rating = await (await fixture.Anonymous().PostAsJsonAsync("/api/ratings",
            new { unitId = unit, transactionId = transaction, channel = "online", level, comment = "窗口让我来回跑了三趟", contact })).CreatedAsync();
        return rating.Id();
    }

    private async Task<Guid> CaseOfAsync(Guid ratingId)
    {
        var id = await TextAsync("select id::text from rectification_cases where rating_id = $1", ratingId);
        return Guid.Parse(id!);
    }

    private async Task<string?> TextAsync(string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
        }

        return (string?)await command.ExecuteScalarAsync();
    }

    private Task<string?> RowAsync(Guid caseId) => TextAsync("select t::text from rectification_cases t where id = $1", caseId);

    private static Task<HttpResponseMessage> Step(HttpClient staff, Guid caseId, string step, object body) =>
        staff.PostAsJsonAsync($"/api/ratings/rectifications/{caseId}/{step}", body);

    [Fact]
    public async Task A_bad_rating_opens_a_case_for_its_unit_in_its_transaction_and_good_ratings_do_not()
    {
        var (center, window) = await CenterAsync();
        var before = DateTimeOffset.UtcNow;
        var batch = await (await UploadAsync(fixture.Device(center),
            Record("1", "G-1", "very-satisfied", window), Record("2", "G-2", "satisfied", window), Record("3", "G-3", "fairly-satisfied", window),
            Record("4", "B-1", "dissatisfied", window), Record("5", "B-2", "very-dissatisfied", window), Record("6", "N-1", unitId: window))).OkAsync();
        Assert.Equal(6, batch.GetProperty("recorded").GetInt32());
        var online = await ServedAsync(center, window);
        var ratingId = await RatedOnlineAsync(window, online, "dissatisfied", new { name = "王五", phone = "13800001111" });
        var after = DateTimeOffset.UtcNow;

        // Device ratings are anonymous: no callback, straight to rectifying.
        Assert.Equal(3, await fixture.ScalarAsync("select count(*) from rectification_cases where unit_id = $1", window));
        Assert.Equal(2, await fixture.ScalarAsync("select count(*) from rectification_cases where unit_id = $1 and not real_name and state = 'rectifying' and callback_due_at is null", window));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from rectification_cases c join ratings r on r.id = c.rating_id where c.unit_id = $1 and r.level not in ('dissatisfied', 'very-dissatisfied')", window));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from ratings r where r.unit_id = $1 and r.level in ('dissatisfied', 'very-dissatisfied') and not exists (select 1 from rectification_cases c where c.rating_id = r.id)", window));

        // A real-name rater is called back within 1 working day; every case is rectified within 15, on the calendar.
        var page = await fixture.CenterStaff(center).GetJsonAsync($"/api/ratings/rectifications/{await CaseOfAsync(ratingId)}");
        Assert.Equal("awaiting-callback", page.Str("state"));
        var opened = page.GetProperty("openedAt").GetDateTimeOffset();
        Assert.InRange(opened, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(WorkingDayCalendar.China.DueAt(opened, 1), page.GetProperty("callbackDueAt").GetDateTimeOffset());
        Assert.Equal(WorkingDayCalendar.China.DueAt(opened, 15), page.GetProperty("rectifyDueAt").GetDateTimeOffset());
        Assert.Equal("王五", page.GetProperty("contact").Str("name"));
        Assert.Equal("13800001111", page.GetProperty("contact").Str("phone"));
        Assert.Equal("窗口让我来回跑了三趟", page.Str("comment"));
    }

    [Fact]
    public async Task A_real_name_case_is_called_back_rectified_or_explained_answered_and_closed_and_counts_in_the_units_figures()
    {
        var (center, window) = await CenterAsync();
        var staff = fixture.CenterStaff(center);
        var ratingId = await RatedOnlineAsync(window, await ServedAsync(center, window), "very-dissatisfied", new { name = "赵六", phone = "13900002222" });
        var caseId = await CaseOfAsync(ratingId);

        var listed = await staff.GetJsonAsync("/api/ratings/rectifications");
        var item = Assert.Single(listed.Items(), i => i.Id() == caseId);
        Assert.Equal("awaiting-callback", item.Str("state"));
        Assert.False(item.GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain("13900002222", listed.GetRawText(), StringComparison.Ordinal);

        Assert.Equal("rectifying", (await (await Step(staff, caseId, "callback", new { reached = true, note = "已核实：材料清单未一次告知" })).OkAsync()).Str("state"));
        var explained = await (await Step(staff, caseId, "rectification", new { rectified = false, note = "所缺材料为法定要件，缺乏免交的法定依据；已向评价人解释说明" })).OkAsync();
        Assert.Equal("awaiting-feedback", explained.Str("state"));
        Assert.False(explained.GetProperty("rectified").GetBoolean());
        Assert.Equal("fed-back", (await (await Step(staff, caseId, "feedback", new { note = "已电话反馈，评价人表示理解" })).OkAsync()).Str("state"));
        var closed = await (await Step(staff, caseId, "closure", new { })).OkAsync();

        Assert.Equal("closed", closed.Str("state"));
        Assert.False(closed.GetProperty("callbackOverdue").GetBoolean());
        Assert.False(closed.GetProperty("rectifyOverdue").GetBoolean());
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Closed.Any(c => c.CaseId == caseId)), RatingsFixture.Delivery, "RectificationClosed");
        var announced = fixture.Closed.Single(c => c.CaseId == caseId);
        Assert.True(announced.CalledBackOnTime);
        Assert.True(announced.RectifiedOnTime);
        Assert.False(announced.Rectified);
        Assert.DoesNotContain((await staff.GetJsonAsync("/api/ratings/rectifications")).Items(), i => i.Id() == caseId);
        Assert.Contains((await staff.GetJsonAsync("/api/ratings/rectifications?open=false")).Items(), i => i.Id() == caseId);

        // The unit's published figures: its bad ratings called back and rectified or explained, without any contact.
        var figures = await fixture.Anonymous().GetJsonAsync($"/api/ratings/units/{window}");
        var rectification = figures.GetProperty("rectification");
        Assert.Equal(1, rectification.GetProperty("opened").GetInt64());
        Assert.Equal(1, rectification.GetProperty("calledBackOnTime").GetInt64());
        Assert.Equal(1, rectification.GetProperty("explained").GetInt64());
        Assert.Equal(100m, rectification.GetProperty("callbackRate").GetDecimal());
        Assert.Equal(100m, rectification.GetProperty("rectificationRate").GetDecimal());
        Assert.DoesNotContain("13900002222", figures.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("赵六", figures.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_missed_deadline_is_flagged_and_announced_once_and_the_case_still_closes()
    {
        var (center, window) = await CenterAsync();
        var staff = fixture.CenterStaff(center);
        var realName = await CaseOfAsync(await RatedOnlineAsync(window, await ServedAsync(center, window), "dissatisfied", new { phone = "13700003333" }));
        var anonymous = await CaseOfAsync(await RatedOnlineAsync(window, await ServedAsync(center, window), "dissatisfied", null));
        var onTime = await CaseOfAsync(await RatedOnlineAsync(window, await ServedAsync(center, window), "dissatisfied", null));
        await (await Step(staff, onTime, "rectification", new { rectified = true, note = "已调整窗口叫号规则" })).OkAsync();
        var callbackDue = DateTimeOffset.Parse((await TextAsync("select callback_due_at::text from rectification_cases where id = $1", realName))!,
            System.Globalization.CultureInfo.InvariantCulture);
        var rectifyDue = DateTimeOffset.Parse((await TextAsync("select rectify_due_at::text from rectification_cases where id = $1", realName))!,
            System.Globalization.CultureInfo.InvariantCulture);
        bool Mine(RectificationOverdue o) => o.CaseId == realName || o.CaseId == anonymous || o.CaseId == onTime;

        // Before the deadline nothing is due; just after the callback's, the callback; after the rectification's, both open cases.
        await fixture.SweepAsync(callbackDue.AddSeconds(-1));
        await fixture.SweepAsync(callbackDue.AddSeconds(1));
        await fixture.SweepAsync(callbackDue.AddMinutes(1));
        await fixture.SweepAsync(rectifyDue.AddSeconds(1));
        await fixture.SweepAsync(rectifyDue.AddDays(1));

        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Overdue.Count(Mine) >= 3), RatingsFixture.Delivery, "three RectificationOverdue");
        var flagged = fixture.Overdue.Where(Mine).ToList();
        Assert.Equal(3, flagged.Count);
        var callback = Assert.Single(flagged, o => o.Deadline == "callback");
        Assert.Equal(realName, callback.CaseId);
        Assert.Equal(callbackDue, callback.DueAt);
        Assert.Equal(callbackDue.AddSeconds(1), callback.FlaggedAt);
        Assert.Equal(new[] { anonymous, realName }.Order(), flagged.Where(o => o.Deadline == "rectification").Select(o => o.CaseId).Order());
        Assert.DoesNotContain(flagged, o => o.CaseId == onTime);
        Assert.Equal(window, callback.UnitId);

        // Overdue first in the center's list.
        await fixture.ScalarAsync("update rectification_cases set callback_due_at = now() - interval '1 day', rectify_due_at = now() - interval '1 hour' where id = $1 returning 1", realName);
        var list = (await staff.GetJsonAsync("/api/ratings/rectifications")).Items().Select(i => (i.Id(), i.GetProperty("overdue").GetBoolean())).ToList();
        Assert.Equal((realName, true), list[0]);
        Assert.Contains((onTime, false), list);

        // Late, the case is still worked to its end; the figures count it late and overdue.
        await (await Step(staff, realName, "callback", new { reached = false, note = "两次致电未接通，已发短信" })).OkAsync();
        await (await Step(staff, realName, "rectification", new { rectified = true, note = "已增加一次性告知单" })).OkAsync();
        await (await Step(staff, realName, "feedback", new { note = "短信告知整改情况" })).OkAsync();
        var closed = await (await Step(staff, realName, "closure", new { })).OkAsync();
        Assert.True(closed.GetProperty("callbackOverdue").GetBoolean());
        Assert.True(closed.GetProperty("rectifyOverdue").GetBoolean());
        var figures = (await fixture.Anonymous().GetJsonAsync($"/api/ratings/units/{window}")).GetProperty("rectification");
        Assert.Equal(3, figures.GetProperty("opened").GetInt64());
        Assert.Equal(1, figures.GetProperty("callbacksDue").GetInt64());
        Assert.Equal(0, figures.GetProperty("calledBackOnTime").GetInt64());
        Assert.Equal(2, figures.GetProperty("overdue").GetInt64());
        Assert.Equal(66.67m, figures.GetProperty("rectificationRate").GetDecimal());
    }

    [Fact]
    public async Task Sweeps_running_at_once_flag_each_deadline_once()
    {
        var (center, window) = await CenterAsync();
        var cases = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            cases.Add(await CaseOfAsync(await RatedOnlineAsync(window, await ServedAsync(center, window), "very-dissatisfied", new { phone = $"1360000{i:D4}" })));
        }

        var after = DateTimeOffset.UtcNow.AddYears(1);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.SweepAsync(after)));
        await fixture.SweepAsync(after.AddDays(1));

        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Overdue.Count(o => cases.Contains(o.CaseId)) >= 10), RatingsFixture.Delivery,
            "both deadlines of five cases");
        var flagged = fixture.Overdue.Where(o => cases.Contains(o.CaseId)).Select(o => (o.CaseId, o.Deadline)).ToList();
        Assert.Equal(10, flagged.Count);
        Assert.Equal(10, flagged.Distinct().Count());
        Assert.Equal(5, await fixture.ScalarAsync(
            "select count(*) from rectification_cases where unit_id = $1 and callback_overdue_at is not null and rectify_overdue_at is not null", window));
    }

    [Fact]
    public async Task Every_refused_step_is_answered_in_chinese_and_writes_nothing()
    {
        var (center, window) = await CenterAsync();
        var staff = fixture.CenterStaff(center);
        var realName = await CaseOfAsync(await RatedOnlineAsync(window, await ServedAsync(center, window), "dissatisfied", new { phone = "13600004444" }));
        var anonymous = await CaseOfAsync(await RatedOnlineAsync(window, await ServedAsync(center, window), "very-dissatisfied", null));
        var (otherCenter, _) = await CenterAsync();
        var rows = new[] { await RowAsync(realName), await RowAsync(anonymous) };
        var outbox = await fixture.OutboxSequenceAsync();
        var errors = fixture.Logs.Errors().Count;

        // Out of turn (409): rectified before the callback, answered or closed too early, an anonymous rater called back.
        var early = await (await Step(staff, realName, "rectification", new { rectified = true, note = "x" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("out-of-turn", early.Str("code"));
        Assert.Contains("差评整改件", early.Str("title"));
        Assert.Contains("回访", early.Str("detail"));
        var english = new HttpRequestMessage(HttpMethod.Post, $"/api/ratings/rectifications/{realName}/closure") { Content = JsonContent.Create(new { }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var inEnglish = await (await staff.SendAsync(english)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("The rectification case is not in a state for this step.", inEnglish.Str("title"));
        Assert.Contains("needs a rectification case that is fed-back", inEnglish.Str("detail"));
        await (await Step(staff, realName, "feedback", new { note = "x" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Step(staff, realName, "closure", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Step(staff, anonymous, "callback", new { reached = true, note = "x" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Step(staff, anonymous, "closure", new { })).ProblemAsync(HttpStatusCode.Conflict);
        // Another center's staff do not see the case (404); a token without a center is refused (403).
        var other = await (await Step(fixture.CenterStaff(otherCenter), realName, "callback", new { reached = true, note = "x" })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("差评整改件", other.Str("title"));
        await (await fixture.CenterStaff(otherCenter).GetAsync($"/api/ratings/rectifications/{realName}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.As("center-staff").GetAsync("/api/ratings/rectifications")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.As("operator").GetAsync("/api/ratings/rectifications")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous().GetAsync("/api/ratings/rectifications")).StatusCode);
        // Malformed (400): every field named at once.
        var shape = await (await Step(staff, realName, "callback", new { note = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(shape.GetProperty("errors").TryGetProperty("reached", out _));
        Assert.True(shape.GetProperty("errors").TryGetProperty("note", out _));
        await (await Step(staff, anonymous, "rectification", new { rectified = false })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Step(staff, anonymous, "rectification", new { rectified = true, note = new string('长', 1001) })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Step(staff, anonymous, "feedback", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Step(staff, anonymous, "feedback", new { note = "x" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await Step(staff, Guid.NewGuid(), "closure", new { })).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(rows, new[] { await RowAsync(realName), await RowAsync(anonymous) });
        Assert.Equal(outbox, await fixture.OutboxSequenceAsync());
        Assert.Empty(fixture.Logs.Errors(errors));
    }

    [Fact]
    public async Task The_raters_contact_is_in_no_table_event_log_line_or_span_but_its_encrypted_column_and_the_staffs_case_page()
    {
        var (center, window) = await CenterAsync();
        var staff = fixture.CenterStaff(center);
        var name = $"评价人{Guid.NewGuid():N}"[..12];
        var phone = $"135{Random.Shared.Next(10000000, 99999999)}";
        var ratingId = await RatedOnlineAsync(window, await ServedAsync(center, window), "very-dissatisfied", new { name, phone });
        var caseId = await CaseOfAsync(ratingId);

        var page = await staff.GetJsonAsync($"/api/ratings/rectifications/{caseId}");
        Assert.Equal(phone, page.GetProperty("contact").Str("phone"));
        await (await Step(staff, caseId, "callback", new { reached = true, note = "已回访" })).OkAsync();
        await (await Step(staff, caseId, "rectification", new { rectified = true, note = "已整改" })).OkAsync();
        await fixture.SweepAsync(DateTimeOffset.UtcNow.AddYears(1));
        await (await Step(staff, caseId, "feedback", new { note = "已反馈" })).OkAsync();
        await (await Step(staff, caseId, "closure", new { })).OkAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Closed.Any(c => c.CaseId == caseId) && fixture.BadRatings.Any(b => b.RatingId == ratingId)),
            RatingsFixture.Delivery, "the case's events");

        var places = new Dictionary<string, string>
        {
            ["database"] = await fixture.DumpAsync(),
            ["events"] = string.Join('\n', fixture.BadRatings.Select(e => JsonSerializer.Serialize(e, Web))
                .Concat(fixture.Overdue.Select(e => JsonSerializer.Serialize(e, Web))).Concat(fixture.Closed.Select(e => JsonSerializer.Serialize(e, Web)))),
            ["logs"] = string.Join('\n', fixture.LogLines),
            ["traces"] = string.Join('\n', fixture.Spans),
            ["public figures"] = (await fixture.Anonymous().GetJsonAsync($"/api/ratings/units/{window}")).GetRawText(),
            ["case list"] = (await staff.GetJsonAsync("/api/ratings/rectifications?open=false")).GetRawText(),
        };
        Assert.Contains(caseId.ToString(), places["database"], StringComparison.Ordinal);
        Assert.Contains(caseId.ToString(), places["events"], StringComparison.Ordinal);
        Assert.Contains(caseId.ToString(), places["traces"], StringComparison.Ordinal);
        Assert.NotEmpty(places["logs"]);
        foreach (var (place, text) in places)
        {
            Assert.False(text.Contains(phone, StringComparison.Ordinal), $"the phone appears in {place}");
            Assert.False(text.Contains(phone[^8..], StringComparison.Ordinal), $"the phone's last eight digits appear in {place}");
            Assert.False(text.Contains(name, StringComparison.Ordinal), $"the name appears in {place}");
        }

        // The one place it is kept: the rating's encrypted column, which opens to the contact.
        var protection = (ContactProtection)fixture.Services.GetService(typeof(ContactProtection))!;
        Assert.Equal(new RaterContact(name, phone),
            protection.Unprotect(await TextAsync("select protected_contact from ratings where id = $1", ratingId)));
    }
}
