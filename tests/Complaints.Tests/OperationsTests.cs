using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Complaints.Data;
using StarPlatform.Messaging;

namespace StarPlatform.Complaints.Tests;

/// <summary>What ops see of Complaints: its <c>/health</c> names each dependency, its meter counts cases taken in and findings.</summary>
[Collection(ComplaintsCollection.Name)]
public sealed class OperationsTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task Health_names_the_database_the_broker_and_the_outbox_and_reports_a_stuck_outbox_as_degraded_without_leaving_traffic()
    {
        // The fixture runs no relay: a row enqueued ten minutes ago stays, past the 60 s threshold.
        var stuck = new OutboxMessage
        {
            MessageId = Guid.NewGuid(), MessageType = "Stuck.Message, Stuck", Body = "{}",
            EnqueuedAt = DateTimeOffset.UtcNow.AddMinutes(-10), NextAttemptAt = DateTimeOffset.UtcNow.AddDays(1),
        };
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>();
            db.Add(stuck);
            await db.SaveChangesAsync();
        }

        try
        {
            HttpResponseMessage? response = null;
            JsonElement body = default;
            // The backlog is sampled every few seconds: wait for a sample that includes the row.
            await Eventually.HoldsAsync(async () =>
            {
                response = await fixture.Anonymous().GetAsync("/health");
                body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("status").GetString() == "Degraded";
            }, TimeSpan.FromSeconds(30), "/health reports Degraded while the outbox is stuck");
            // Informational: every copy shares the backlog, so it takes none of them out of traffic.
            Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
            var checks = body.GetProperty("checks");
            foreach (var name in new[] { "self", "database", "broker" })
            {
                Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
            }

            var outbox = checks.GetProperty("outbox");
            Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
            Assert.True(outbox.GetProperty("data").GetProperty("oldestAgeSeconds").GetDouble() >= 600);
            Assert.Equal(60, outbox.GetProperty("data").GetProperty("thresholdSeconds").GetDouble());

            // Liveness is the process alone: a stuck outbox is no reason to restart it.
            var alive = await fixture.Anonymous().GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            var aliveChecks = (await alive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
            Assert.Equal(["self"], aliveChecks.EnumerateObject().Select(c => c.Name));
        }
        finally
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>().Set<OutboxMessage>()
                .Where(m => m.MessageId == stuck.MessageId).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_new_case_is_counted_by_its_channel_and_a_replay_of_it_is_not()
    {
        using var recorder = new MeterRecorder(fixture.Services.GetRequiredService<IMeterFactory>(), ComplaintsMetrics.MeterName);
        var window = await fixture.TargetAsync();
        var client = fixture.As("discipline");
        var key = Guid.NewGuid().ToString();
        var request = Api.Intake(window, "12388");

        await (await client.FileAsync(request, key)).CreatedAsync();
        await client.FileAsync(request, key);
        await (await fixture.Anonymous().FileAsync(Api.Intake(window, "online", anonymous: true))).CreatedAsync();

        Assert.Equal(1, recorder.Sum("starplatform.complaints.received", "channel=12388"));
        Assert.Equal(1, recorder.Sum("starplatform.complaints.received", "channel=online"));
        Assert.Equal(2, recorder.Sum("starplatform.complaints.received"));
    }

    [Fact]
    public async Task Findings_are_counted_by_outcome_and_a_refused_one_is_not()
    {
        using var recorder = new MeterRecorder(fixture.Services.GetRequiredService<IMeterFactory>(), ComplaintsMetrics.MeterName);

        var substantiated = await InvestigatingAsync();
        await (await Step(substantiated.Investigator, substantiated.Id, "finding",
            new { substantiated = true, violation = true, offence = "integrity", summary = "属实" })).OkAsync();
        var dismissed = await InvestigatingAsync();
        await (await Step(dismissed.Investigator, dismissed.Id, "finding", new { substantiated = false, violation = false, summary = "不属实" })).OkAsync();
        // Out of turn: refused, not counted.
        await (await Step(dismissed.Investigator, dismissed.Id, "finding", new { substantiated = true, violation = false, summary = "再次" }))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(1, recorder.Sum("starplatform.complaints.findings", "outcome=substantiated"));
        Assert.Equal(1, recorder.Sum("starplatform.complaints.findings", "violation=True"));
        Assert.Equal(1, recorder.Sum("starplatform.complaints.findings", "outcome=dismissed"));
        Assert.Equal(2, recorder.Sum("starplatform.complaints.findings"));
    }

    private async Task<(Guid Id, HttpClient Investigator)> InvestigatingAsync()
    {
        var window = await fixture.TargetAsync();
        var operatorClient = fixture.As("operator");
        var id = (await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync()).Id();
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        await (await Step(operatorClient, id, "assignment", new { investigatorId })).OkAsync();
        await (await Step(investigator, id, "investigation")).OkAsync();
        return (id, investigator);
    }

    private static Task<HttpResponseMessage> Step(HttpClient client, Guid id, string step, object? body = null) =>
        client.PostAsJsonAsync($"/api/complaints/{id}/{step}", body ?? new { });
}
