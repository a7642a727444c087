using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Tests;

[Collection(RatingsCollection.Name)]
public class DeviceBatchTests(RatingsFixture fixture)
{
    private static readonly DateTimeOffset Served = DateTimeOffset.UtcNow.AddHours(-2);

    internal static object Record(string recordId, string transactionId, string? level = null, Guid? unitId = null, DateTimeOffset? servedAt = null,
        string? comment = null) =>
        new { recordId, unitId, transactionId, serviceItem = "社保卡补办", servedAt = (servedAt ?? Served).ToString("O", CultureInfo.InvariantCulture), level, comment };

    internal static Task<HttpResponseMessage> UploadAsync(HttpClient device, params object[] records) =>
        device.PostAsJsonAsync("/api/ratings/device-batches", new { records });

    private static string Month(DateTimeOffset at) => Rates.MonthOf(at).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_batch_records_transactions_and_ratings_and_the_months_rates_follow()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        var device = fixture.Device(center);

        var body = await (await UploadAsync(device,
            Record("r1", "T-1", "very-satisfied", window),
            Record("r2", "T-2", "satisfied", window),
            Record("r3", "T-3", "fairly-satisfied", window),
            Record("r4", "T-4", "dissatisfied", window, comment: "等候太久"),
            Record("r5", "T-5", null, window))).OkAsync();

        Assert.Equal(5, body.GetProperty("received").GetInt32());
        Assert.Equal(5, body.GetProperty("recorded").GetInt32());
        Assert.All(body.GetProperty("records").EnumerateArray(), r => Assert.Equal("recorded", r.Str("outcome")));

        var rates = await fixture.Anonymous().GetJsonAsync($"/api/ratings/units/{window}?from={Month(Served)}&to={Month(Served)}");
        var total = rates.GetProperty("total");
        Assert.Equal(5, total.GetProperty("served").GetInt64());
        Assert.Equal(4, total.GetProperty("rated").GetInt64());
        Assert.Equal(80m, total.GetProperty("evaluationRate").GetDecimal());
        Assert.Equal(75m, total.GetProperty("satisfactionRate").GetDecimal());
        Assert.Equal(1, total.GetProperty("levels").GetProperty("dissatisfied").GetInt64());
        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
    }

    [Fact]
    public async Task A_batch_sent_again_changes_nothing_and_says_so_for_each_record()
    {
        var center = await fixture.UnitAsync();
        var device = fixture.Device(center);
        object[] batch = [Record("a", "A-1", "satisfied"), Record("b", "A-2", "very-dissatisfied"), Record("c", "A-3")];
        await (await UploadAsync(device, batch)).OkAsync();
        var outbox = await fixture.OutboxSequenceAsync();
        var rows = await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1", center);

        var again = await (await UploadAsync(device, batch)).OkAsync();

        Assert.Equal(3, again.GetProperty("duplicates").GetInt32());
        Assert.All(again.GetProperty("records").EnumerateArray(), r =>
        {
            Assert.Equal("duplicate", r.Str("outcome"));
            Assert.Equal("recorded", r.Str("firstOutcome"));
        });
        Assert.Equal(rows, await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1", center));
        Assert.Equal(3, await fixture.ScalarAsync("select served from monthly_rates where unit_id = $1", center));
        Assert.Equal(outbox, await fixture.OutboxSequenceAsync());
    }

    [Fact]
    public async Task Two_copies_of_a_batch_sent_at_once_are_recorded_once()
    {
        var center = await fixture.UnitAsync();
        var deviceId = Guid.NewGuid();
        var records = Enumerable.Range(1, 200).Select(i => Record($"r{i}", $"C-{i}", i % 10 == 0 ? "dissatisfied" : "satisfied")).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => UploadAsync(fixture.Device(center, deviceId), records)));

        var bodies = await Task.WhenAll(answers.Select(a => a.OkAsync()));
        Assert.Equal(200, bodies.Sum(b => b.GetProperty("recorded").GetInt32()));
        Assert.Equal(600, bodies.Sum(b => b.GetProperty("duplicates").GetInt32()));
        Assert.Equal(200, await fixture.ScalarAsync("select served from monthly_rates where unit_id = $1", center));
        Assert.Equal(200, await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1", center));
        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
    }

    [Fact]
    public async Task Devices_of_one_center_rating_the_same_transactions_at_once_keep_the_counts_exact()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        // The queue system reports every transaction; two devices rate overlapping halves of them, each batch in another order.
        var queue = Enumerable.Range(1, 300).Select(i => Record($"q{i}", $"O-{i}", unitId: window)).ToArray();
        var first = Enumerable.Range(1, 200).Select(i => Record($"d{i}", $"O-{i}", "satisfied", window)).ToArray();
        var second = Enumerable.Range(100, 200).Reverse().Select(i => Record($"e{i}", $"O-{i}", "very-satisfied", window)).ToArray();

        await Task.WhenAll(
            UploadAsync(fixture.Device(center), queue).ContinueWith(t => t.Result.OkAsync()).Unwrap(),
            UploadAsync(fixture.Device(center), first).ContinueWith(t => t.Result.OkAsync()).Unwrap(),
            UploadAsync(fixture.Device(center), second).ContinueWith(t => t.Result.OkAsync()).Unwrap());

        Assert.Equal(300, await fixture.ScalarAsync("select served from monthly_rates where unit_id = $1", window));
        // The device channel rates a transaction once: the other device's record for it is answered already-rated.
        Assert.Equal(299, await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1", window));
        Assert.Equal(299, await fixture.ScalarAsync("select rated from monthly_rates where unit_id = $1", window));
        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
    }

    [Fact]
    public async Task A_batch_with_records_that_break_the_rules_is_refused_whole_naming_each_row_in_Chinese()
    {
        var center = await fixture.UnitAsync();
        var otherCenter = await fixture.UnitAsync();
        var closed = await fixture.UnitAsync(center, UnitStatus.Closed);
        var device = fixture.Device(center);
        var outbox = await fixture.OutboxSequenceAsync();

        var problem = await (await UploadAsync(device,
            Record("ok", "B-1", "very-dissatisfied"),
            Record("future", "B-3", servedAt: DateTimeOffset.UtcNow.AddHours(1)),
            Record("other", "B-4", unitId: otherCenter),
            Record("closed", "B-5", unitId: closed),
            Record("late", "B-6", "satisfied", servedAt: DateTimeOffset.UtcNow.AddDays(-40)),
            Record("lost", "B-7", servedAt: DateTimeOffset.UtcNow.AddDays(-91)))).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["rows[2].servedAt", "rows[3].unitId", "rows[4].unitId", "rows[5].level", "rows[6].servedAt"],
            errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("不能晚于当前时间", errors.GetProperty("rows[2].servedAt")[0].GetString());
        Assert.Contains("所属中心", errors.GetProperty("rows[3].unitId")[0].GetString());
        Assert.Contains("已撤销", errors.GetProperty("rows[4].unitId")[0].GetString());
        Assert.Contains("30 天内可以评价", errors.GetProperty("rows[5].level")[0].GetString());
        Assert.Contains("90 天内上报", errors.GetProperty("rows[6].servedAt")[0].GetString());
        Assert.Contains("5 条记录无法记录", problem.Str("detail"));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from served_transactions where unit_id = $1", center));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from device_records where record_id = 'ok'"));
        Assert.Equal(outbox, await fixture.OutboxSequenceAsync());

        // Corrected, the same batch is recorded.
        var body = await (await UploadAsync(device, Record("ok", "B-1", "very-dissatisfied"), Record("future", "B-3"))).OkAsync();
        Assert.Equal(2, body.GetProperty("recorded").GetInt32());
    }

    [Fact]
    public async Task A_malformed_record_is_a_400_naming_its_row_and_field()
    {
        var center = await fixture.UnitAsync();
        var device = fixture.Device(center);

        var problem = await (await device.PostAsync("/api/ratings/device-batches", new StringContent($$"""
            {"records": [
              {"recordId": "a", "transactionId": "M-1", "serviceItem": "户籍", "servedAt": "{{DateTimeOffset.UtcNow.AddHours(-1):O}}", "level": "great"},
              {"recordId": 7, "transactionId": "M-2", "serviceItem": "户籍", "servedAt": "2026-12-01T08:00:00"},
              null,
              {"recordId": "a", "transactionId": "M-3", "serviceItem": "户籍", "servedAt": "{{DateTimeOffset.UtcNow.AddHours(-1):O}}", "comment": "无等级"},
              {"recordId": "e", "unitId": "00000000-0000-0000-0000-000000000000", "transactionId": "", "serviceItem": "户籍", "servedAt": "{{DateTimeOffset.UtcNow.AddHours(-1):O}}"}
            ]}
            """, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["rows[1].level", "rows[2].recordId", "rows[2].servedAt", "rows[3]", "rows[4].comment", "rows[4].recordId", "rows[5].transactionId", "rows[5].unitId"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("评价等级", errors.GetProperty("rows[1].level")[0].GetString());
        Assert.Contains("文本", errors.GetProperty("rows[2].recordId")[0].GetString());
        Assert.Contains("重复", errors.GetProperty("rows[4].recordId")[0].GetString());
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from served_transactions where unit_id = $1", center));
    }

    [Fact]
    public async Task A_CSV_batch_is_read_like_JSON()
    {
        var center = await fixture.UnitAsync();
        var csv = new StringBuilder("recordId,transactionId,serviceItem,servedAt,level,comment\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"x1,CSV-1,\"户籍迁移, 加急\",{Served:O},very-satisfied,\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"x2,CSV-2,营业执照,{Served:O},very-dissatisfied,\"态度差，\"\"推诿\"\"\"\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"x3,CSV-3,营业执照,{Served:O},,\r\n");

        var body = await (await fixture.Device(center).PostAsync("/api/ratings/device-batches",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).OkAsync();

        Assert.Equal(3, body.GetProperty("recorded").GetInt32());
        var item = await fixture.ScalarAsync("select count(*) from served_transactions where unit_id = $1 and service_item = '户籍迁移, 加急'", center);
        Assert.Equal(1, item);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1 and comment = '态度差，\"推诿\"'", center));
    }

    [Fact]
    public async Task A_second_device_rating_of_a_transaction_is_answered_already_rated_and_not_counted()
    {
        var center = await fixture.UnitAsync();
        var device = fixture.Device(center);
        await (await UploadAsync(device, Record("1", "D-1", "satisfied"))).OkAsync();

        var body = await (await UploadAsync(device, Record("2", "D-1", "very-dissatisfied"))).OkAsync();

        Assert.Equal("already-rated", body.GetProperty("records")[0].Str("outcome"));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1", center));
        Assert.Equal(0, await fixture.ScalarAsync("select dissatisfied + very_dissatisfied from monthly_rates where unit_id = $1", center));
    }

    [Fact]
    public async Task A_batch_holds_1000_records_at_most_and_bad_files_are_refused_writing_nothing()
    {
        var center = await fixture.UnitAsync();
        var device = fixture.Device(center);
        var full = Enumerable.Range(1, 1000).Select(i => Record($"f{i}", $"F-{i}", "satisfied")).ToArray();
        Assert.Equal(1000, (await (await UploadAsync(device, full)).OkAsync()).GetProperty("recorded").GetInt32());

        var tooMany = Enumerable.Range(1, 1001).Select(i => Record($"g{i}", $"G-{i}")).ToArray();
        await (await UploadAsync(device, tooMany)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await UploadAsync(device)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await device.PostAsync("/api/ratings/device-batches", new StringContent("{\"records\": [", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await device.PostAsync("/api/ratings/device-batches", new StringContent("recordId,color\r\n1,red\r\n", Encoding.UTF8, "text/csv")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await device.PostAsync("/api/ratings/device-batches", new StringContent("records", Encoding.UTF8, "text/plain")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(1000, await fixture.ScalarAsync("select count(*) from served_transactions where unit_id = $1", center));
    }

    [Fact]
    public async Task Only_a_rating_device_uploads()
    {
        var center = await fixture.UnitAsync();
        var batch = new { records = new[] { Record("z", "Z-1") } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous().PostAsJsonAsync("/api/ratings/device-batches", batch)).StatusCode);
        foreach (var role in new[] { "applicant", "operator", "secretary", "admin" })
        {
            await (await fixture.As(role).PostAsJsonAsync("/api/ratings/device-batches", batch)).ProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from served_transactions where unit_id = $1", center));
    }
}
