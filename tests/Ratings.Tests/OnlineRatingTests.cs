using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using StarPlatform.Ratings.Model;
using static StarPlatform.Ratings.Tests.DeviceBatchTests;

namespace StarPlatform.Ratings.Tests;

[Collection(RatingsCollection.Name)]
public class OnlineRatingTests(RatingsFixture fixture)
{
    private async Task<(Guid Unit, string Transaction)> ServedAsync(DateTimeOffset? servedAt = null)
    {
        var center = await fixture.UnitAsync();
        var transaction = $"W-{Guid.NewGuid():N}"[..20];
        await (await UploadAsync(fixture.Device(center), Record("1", transaction, servedAt: servedAt))).OkAsync();
        return (center, transaction);
    }

    private Task<HttpResponseMessage> RateAsync(Guid unitId, string transactionId, string channel = "online", string level = "satisfied",
        object? contact = null, string? comment = null) =>
        fixture.Anonymous().PostAsJsonAsync("/api/ratings", new { unitId, transactionId, channel, level, comment, contact });

    [Fact]
    public async Task A_citizen_rates_a_transaction_once_per_channel()
    {
        var (unit, transaction) = await ServedAsync();

        var rating = await (await RateAsync(unit, transaction, "online", "very-satisfied")).CreatedAsync();
        await (await RateAsync(unit, transaction, "mobile", "satisfied")).CreatedAsync();
        var again = await (await RateAsync(unit, transaction, "online", "dissatisfied")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("online", rating.Str("channel"));
        Assert.False(rating.GetProperty("realName").GetBoolean());
        Assert.Contains("已评价", again.Str("title"));
        // Rated once (on two channels), two ratings counted.
        Assert.Equal(1, await fixture.ScalarAsync("select rated from monthly_rates where unit_id = $1", unit));
        Assert.Equal(2, await fixture.ScalarAsync("select very_satisfied + satisfied from monthly_rates where unit_id = $1", unit));
        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
    }

    [Fact]
    public async Task Unknown_closed_and_too_old_transactions_are_refused_with_a_clear_problem_writing_nothing()
    {
        var (unit, transaction) = await ServedAsync();
        var (oldUnit, oldTransaction) = await ServedAsync(DateTimeOffset.UtcNow.AddDays(-31));
        var before = await fixture.ScalarAsync("select count(*) from ratings");

        var unknown = await (await RateAsync(unit, "NO-SUCH")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var late = await (await RateAsync(oldUnit, oldTransaction)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await RateAsync(unit, transaction, "device")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await RateAsync(unit, transaction, contact: new { name = "张三", phone = "abc" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await RateAsync(unit, transaction, comment: new string('长', 501))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.Anonymous().PostAsJsonAsync("/api/ratings", new { unitId = unit, transactionId = transaction, channel = "fax", level = "satisfied" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("办件不存在。", unknown.Str("title"));
        Assert.Contains("30 天内可以评价", late.Str("detail"));
        Assert.Equal(before, await fixture.ScalarAsync("select count(*) from ratings"));
    }

    [Fact]
    public async Task A_closed_units_transactions_are_no_longer_rated()
    {
        var center = await fixture.UnitAsync();
        await (await UploadAsync(fixture.Device(center), Record("1", "CL-1"))).OkAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var close = new Npgsql.NpgsqlCommand("update units set status = 'closed' where id = $1", connection);
            close.Parameters.Add(new Npgsql.NpgsqlParameter { Value = center });
            Assert.Equal(1, await close.ExecuteNonQueryAsync());
        }

        var problem = await (await RateAsync(center, "CL-1")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("撤销", problem.Str("title"));
    }

    [Fact]
    public async Task A_real_name_contact_is_kept_encrypted_and_a_bad_rating_is_announced_without_it()
    {
        var (unit, transaction) = await ServedAsync();
        const string phone = "13900001234";

        var rating = await (await RateAsync(unit, transaction, "sms", "very-dissatisfied", new { name = "李四", phone }, "材料被退回三次")).CreatedAsync();

        Assert.True(rating.GetProperty("realName").GetBoolean());
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from ratings where protected_contact like '%' || $1 || '%' or protected_contact like '%李四%'", phone));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from ratings where unit_id = $1 and protected_contact is not null", unit));
        var announced = await EventuallyAsync(() => fixture.BadRatings.FirstOrDefault(b => b.RatingId == rating.Id()));
        Assert.Equal(RatingLevel.VeryDissatisfied, announced.Level);
        Assert.Equal(RatingChannel.Sms, announced.Channel);
        Assert.Equal("社保卡补办", announced.ServiceItem);
        Assert.DoesNotContain(phone, System.Text.Json.JsonSerializer.Serialize(announced));
        Assert.DoesNotContain(fixture.Logs.Records, r => r.Message.Contains(phone, StringComparison.Ordinal));
        var protection = (ContactProtection)fixture.Services.GetService(typeof(ContactProtection))!;
        var stored = await ReadContactAsync(rating.Id());
        Assert.Equal(new RaterContact("李四", phone), protection.Unprotect(stored));
    }

    [Fact]
    public async Task The_published_figures_are_cacheable_and_checked()
    {
        var (unit, _) = await ServedAsync();
        var client = fixture.Anonymous();
        var first = await client.GetAsync($"/api/ratings/units/{unit}");
        await first.OkAsync();
        var etag = first.Headers.ETag!;

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/ratings/units/{unit}");
        request.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);

        var month = Rates.MonthOf(DateTimeOffset.UtcNow).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var page = await client.GetJsonAsync($"/api/ratings/months/{month}?divisionCode=5114&pageSize=200");
        Assert.Contains(page.Items(), i => i.GetProperty("unitId").GetGuid() == unit);
        await (await client.GetAsync($"/api/ratings/units/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/ratings/units/{unit}?from=2026-13")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/ratings/units/{unit}?from=2026-12&to=2026-01")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/ratings/units/{unit}?from=2020-01&to=2026-01")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/ratings/months/december")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<string> ReadContactAsync(Guid ratingId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var read = new Npgsql.NpgsqlCommand("select protected_contact from ratings where id = $1", connection);
        read.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ratingId });
        return (string)(await read.ExecuteScalarAsync())!;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> find) where T : class
    {
        T? found = null;
        await Eventually.HoldsAsync(() => Task.FromResult((found = find()) is not null), RatingsFixture.Delivery, typeof(T).Name);
        return found!;
    }
}
