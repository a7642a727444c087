using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Testing;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// Idempotency-Key on the two intakes (the JSON API and Open311's form): the same contract as every
/// other service's creating POSTs, although the intake checks the key itself, in the round trip
/// that logs the case (decision 0012).
/// </summary>
[Collection(ComplaintsCollection.Name)]
public sealed class IdempotencyKeyTests(ComplaintsFixture fixture)
{
    private const string Open311 = "/api/complaints/open311/v2/requests.json";

    [Fact]
    public async Task Every_route_that_takes_a_key_keeps_the_contract_even_for_20_requests_at_once()
    {
        var window = await fixture.TargetAsync();
        var operatorClient = fixture.As("operator");
        var (description, open311Description) = ($"幂等投诉 {Guid.NewGuid():N}", $"幂等 Open311 {Guid.NewGuid():N}");
        static Func<HttpRequestMessage> Form(string description, Guid window) => () => new HttpRequestMessage(HttpMethod.Post, Open311)
        {
            Content = new FormUrlEncodedContent([new("service_code", "attitude"), new("description", description), new("address_id", window.ToString())]),
        };
        // One body, sent each time (Api.Intake's occurredAt is the moment it is made).
        var (intake, otherIntake) = (Api.Intake(window, description: description), Api.Intake(window, description: "另一投诉"));
        var cases = new Dictionary<string, IdempotencyContract.Case>
        {
            ["POST /api/complaints/"] = new(operatorClient,
                () => new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = JsonContent.Create(intake) },
                () => new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = JsonContent.Create(otherIntake) }),
            ["POST /api/complaints/open311/v2/requests.json"] = new(fixture.Anonymous(),
                Form(open311Description, window),
                Form("另一诉求", window)),
        };

        Assert.Equal(cases.Keys.Order(), IdempotencyContract.Routes(fixture.Services).Order());
        foreach (var (route, @case) in cases)
        {
            try
            {
                await IdempotencyContract.HoldsAsync(@case, fixture.WrittenAsync, route.Contains("open311", StringComparison.Ordinal) ? Open311ConflictAsync : null);
            }
            catch (ResponseMismatchException e)
            {
                throw new ResponseMismatchException($"{route}: {e.Message}");
            }
        }

        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where description = $1", description));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where description = $1", open311Description));
    }

    [Fact]
    public void Every_creating_POST_takes_a_key() =>
        Assert.Equal(IdempotencyContract.CreatingPosts(fixture.Services).Order(), IdempotencyContract.Routes(fixture.Services).Order());

    /// <summary>Open311 answers refusals with its own error array (GeoReport v2), not a problem.</summary>
    private static async Task Open311ConflictAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"expected 409, got {(int)response.StatusCode}: {body}");
        var error = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(409, error.GetProperty("code").GetInt32());
    }
}
