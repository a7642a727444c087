using System.Net;
using System.Net.Http.Json;
using static StarPlatform.Suite.Tests.ScoringSteps;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// A refusal is an answer, not a fault: a hotline case logged, assigned, investigated, found and
/// closed, with a step taken on a stale page (refused, 409), leaves no Error record in what on-call
/// reads (the dashboard's structured logs), and the refusal is there at Information.
/// </summary>
[Collection(SuiteCollection.Name)]
public class RefusalLogTests(SuiteFixture suite)
{
    [Fact]
    public async Task A_case_worked_to_closure_with_a_stale_page_refusal_leaves_no_error_record()
    {
        var windowId = await new ScoringSteps(suite).WindowAsync();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var filed = await Created(await operatorClient.PostAsJsonAsync("/api/complaints", new
        {
            channel = "96960", targetUnitId = windowId, category = "attitude", description = "窗口人员态度生硬",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1), caller = new { name = "王五", phone = "13800000000" }, anonymous = false,
        }));
        var id = filed.GetProperty("id").GetGuid();
        var investigator = await suite.GatewayAsAsync("dev-investigator");
        await Ok(await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId = DevInvestigator }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{id}/investigation", new { }));
        await Ok(await investigator.PostAsJsonAsync($"/api/complaints/{id}/finding", new { substantiated = true, violation = false, summary = "属实" }));
        await Ok(await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/closure", new { feedback = "已回复来电人" }));

        // A second tab still showing the case as assigned: its 开始调查 is refused.
        var stale = await investigator.PostAsJsonAsync($"/api/complaints/{id}/investigation", new { });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        await SuiteFixture.EventuallyAsync(async () => (await suite.ReadAsync("complaints-api")).Any(l => l.At >= started
                && l.Severity == "Information" && l.Body.Contains("was refused: 409 out-of-turn", StringComparison.Ordinal)),
            Delivery, "the refusal is logged at Information");
        foreach (var resource in new[] { "complaints-api", "gateway" })
        {
            var errors = (await suite.ReadAsync(resource, severity: "Error")).Where(l => l.At >= started).ToList();
            Assert.True(errors.Count == 0, $"{resource} logged errors: {string.Join(" | ", errors.Select(e => e.Body))}");
        }
    }
}
