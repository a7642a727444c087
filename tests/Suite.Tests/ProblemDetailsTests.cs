using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>Bad input gets an RFC 9457 problem detail and writes nothing.</summary>
[Collection(SuiteCollection.Name)]
public class ProblemDetailsTests(SuiteFixture suite)
{
    private const string Centers = "/api/registry/centers";

    [Fact]
    public async Task An_invalid_center_gets_every_field_error_and_writes_nothing()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var before = await WrittenRowsAsync();
        var response = await admin.PostAsJsonAsync(Centers,
            new { name = "", level = "township", divisionCode = "51", floorAreaM2 = -5 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "level", "divisionCode", "floorAreaM2" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}");
        }

        Assert.Equal(before, await WrittenRowsAsync());
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_not_a_server_error()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var before = await WrittenRowsAsync();
        var response = await admin.PostAsync(Centers,
            new StringContent("{\"name\": \"未闭合", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await WrittenRowsAsync());
    }

    [Fact]
    public async Task A_second_center_for_the_same_division_and_level_is_a_409_conflict()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var divisionCode = TestData.DivisionCode();
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync(Centers, TestData.County(divisionCode: divisionCode))).StatusCode);
        var before = await WrittenRowsAsync();

        var again = await admin.PostAsJsonAsync(Centers, TestData.County(divisionCode: divisionCode));

        await AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(before, await WrittenRowsAsync());
        Assert.Equal(1, await suite.CountAsync("registry", "select count(*) from centers where division_code = $1", divisionCode));
    }

    [Fact]
    public async Task A_county_center_under_another_county_center_is_a_422_rule_violation()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var parent = await (await admin.PostAsJsonAsync(Centers, TestData.County()))
            .Content.ReadFromJsonAsync<JsonElement>();
        var before = await WrittenRowsAsync();

        var response = await admin.PostAsJsonAsync(Centers, TestData.County(parentId: parent.GetProperty("id").GetGuid()));

        await AssertProblemAsync(response, (HttpStatusCode)422);
        Assert.Equal(before, await WrittenRowsAsync());
    }

    [Fact]
    public async Task An_unknown_center_is_404()
    {
        var response = await suite.Gateway.GetAsync($"{Centers}/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Centers, and outbox rows ever numbered (delivered rows are deleted, so the identity
    /// sequence is what shows whether a message was written).
    /// </summary>
    private async Task<(long Centers, long OutboxRows)> WrittenRowsAsync() => (
        await suite.CountAsync("registry", "select count(*) from centers"),
        await suite.CountAsync("registry",
            "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence_number')), 0)"));

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        StarPlatform.Testing.ApiResponses.AssertInItsLanguage(response, problem);
        return problem;
    }
}
