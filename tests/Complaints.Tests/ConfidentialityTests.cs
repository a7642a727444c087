using System.Net;

namespace StarPlatform.Complaints.Tests;

/// <summary>A 12388 reporter's identity: encrypted at rest, shown only to discipline, never in events, logs or traces.</summary>
[Collection(ComplaintsCollection.Name)]
public sealed class ConfidentialityTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task A_12388_reporters_identity_is_only_for_discipline_and_appears_in_no_table_event_log_or_trace()
    {
        var window = await fixture.TargetAsync();
        var name = $"举报人{Guid.NewGuid():N}"[..12];
        var phone = $"139{Random.Shared.Next(10000000, 99999999)}";
        var operatorId = Guid.NewGuid();
        var before = await fixture.OutboxPositionAsync();

        var filed = await (await fixture.As("operator", operatorId)
            .FileAsync(Api.Intake(window, "12388", "discipline", caller: new { name, phone }))).CreatedAsync();

        var discipline = await (await fixture.As("discipline").GetAsync($"/api/complaints/{filed.Id()}")).OkAsync();
        Assert.Equal(name, discipline.GetProperty("caller").Str("name"));
        Assert.Equal(phone, discipline.GetProperty("caller").Str("phone"));

        var ownOperator = await (await fixture.As("operator", operatorId).GetAsync($"/api/complaints/{filed.Id()}")).OkAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ownOperator.GetProperty("caller").ValueKind);
        Assert.DoesNotContain(phone, ownOperator.GetRawText(), StringComparison.Ordinal);

        var events = await fixture.EventsAfterAsync(before);
        Assert.NotEmpty(events);
        var places = new Dictionary<string, string>
        {
            ["database"] = await fixture.DumpAsync(),
            ["events"] = string.Join('\n', events.Select(e => e.Body)),
            ["logs"] = string.Join('\n', fixture.Logs),
            ["traces"] = string.Join('\n', fixture.Spans),
        };
        Assert.NotEmpty(places["logs"]);
        Assert.NotEmpty(places["traces"]);
        Assert.Contains(filed.Str("caseNumber"), places["database"], StringComparison.Ordinal);
        foreach (var (place, text) in places)
        {
            Assert.False(text.Contains(phone, StringComparison.Ordinal), $"the phone appears in {place}");
            Assert.False(text.Contains(name, StringComparison.Ordinal), $"the name appears in {place}");
        }
    }
}
