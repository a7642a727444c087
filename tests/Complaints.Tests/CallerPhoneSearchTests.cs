using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// Discipline finds a 12388 report by the reporter's phone, however it is typed; no other role may search;
/// the phone is kept only encrypted (beside it a keyed hash, which is not the phone) and appears in no table,
/// log line or trace span, the search's included. Real PostgreSQL and RabbitMQ.
/// </summary>
[Collection(ComplaintsCollection.Name)]
public sealed class CallerPhoneSearchTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task Discipline_finds_a_12388_report_by_the_reporters_phone_typed_any_way_and_the_phone_is_kept_nowhere_in_clear()
    {
        var window = await fixture.TargetAsync();
        var phone = $"137{Random.Shared.Next(10000000, 99999999)}";
        var discipline = fixture.As("discipline");
        var report = await (await discipline.FileAsync(Api.Intake(window, "12388", "discipline", caller: new { name = "实名举报人", phone })))
            .CreatedAsync();
        var second = await (await discipline.FileAsync(Api.Intake(window, "12388", "discipline",
            caller: new { name = "实名举报人", phone = $"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}" }))).CreatedAsync();
        await discipline.FileAsync(Api.Intake(window, "12388", "discipline", caller: new { name = "另一人", phone = $"135{phone[3..]}" }));

        foreach (var typed in new[] { phone, $"{phone[..3]} {phone[3..7]} {phone[7..]}", $"0086{phone}" })
        {
            var found = await (await discipline.PostAsJsonAsync("/api/complaints/caller-search", new { phone = typed })).OkAsync();
            Assert.Equal(2, found.GetProperty("total").GetInt32());
            Assert.Equal([second.Id(), report.Id()], found.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        }

        var nobody = await (await discipline.PostAsJsonAsync("/api/complaints/caller-search", new { phone = "13900000001" })).OkAsync();
        Assert.Equal(0, nobody.GetProperty("total").GetInt32());

        var places = new Dictionary<string, string>
        {
            ["database"] = await fixture.DumpAsync(),
            ["logs"] = string.Join('\n', fixture.Logs),
            ["traces"] = string.Join('\n', fixture.Spans),
        };
        Assert.Contains(report.Str("caseNumber"), places["database"], StringComparison.Ordinal);
        Assert.Equal(2, await fixture.ScalarAsync(
            "select count(*) from complaints where id in ($1, $2) and caller_phone_hash is not null and length(caller_phone_hash) = 64",
            report.Id(), second.Id()));
        foreach (var (place, text) in places)
        {
            Assert.False(text.Contains(phone, StringComparison.Ordinal), $"the phone appears in {place}");
            Assert.False(text.Contains(phone[3..], StringComparison.Ordinal), $"the phone's last eight digits appear in {place}");
        }
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("investigator")]
    [InlineData("supervisor")]
    public async Task Only_discipline_may_search_by_phone(string role)
    {
        var problem = await (await fixture.As(role).PostAsJsonAsync("/api/complaints/caller-search", new { phone = "13800001234" }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("discipline", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12-34")]
    [InlineData("电话")]
    public async Task A_search_without_a_phone_to_search_by_is_400_in_Chinese(string? phone)
    {
        var problem = await (await fixture.As("discipline").PostAsJsonAsync("/api/complaints/caller-search", new { phone }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("至少 5 位数字", problem.GetProperty("errors").GetProperty("phone")[0].GetString());
    }
}
