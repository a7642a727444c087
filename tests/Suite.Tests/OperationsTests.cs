using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using StarPlatform.AppHost.Infrastructure;

namespace StarPlatform.Suite.Tests;

/// <summary>The suite as its operators see it: a clean cold start, and parts that come back by themselves.</summary>
[Collection(SuiteCollection.Name)]
public class OperationsTests(SuiteFixture suite)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    [Fact]
    public void The_cold_start_logged_no_error_in_any_service()
    {
        // Every log record the services and migrate steps exported to the dashboard until the suite was
        // up (SuiteFixture.StartupLogs, read from GET /api/telemetry/logs).
        var records = suite.StartupLogs;
        Assert.Contains(records, r => r.Service == "registry-migrate");
        Assert.Contains(records, r => r.Service == "gateway");
        foreach (var warning in records.Where(r => r.Severity is >= 13 and < 17))
        {
            Console.WriteLine($"cold start warning: {warning.Service}: {warning.Body}");
        }

        Assert.Empty(records.Where(r => r.Severity >= 17).Select(r => $"{r.Service}: {r.Body}"));
    }

    [Fact]
    public void Every_resource_shows_a_known_state()
    {
        var unknown = suite.StartupStates.Where(s => string.IsNullOrEmpty(s.Value) || s.Value == "Unknown").Select(s => s.Key).ToList();
        Assert.Empty(unknown);
        Assert.Equal("Running", suite.StartupStates["complaints-db"]);
        Assert.Equal("Finished", suite.StartupStates["complaints-migrate"]);
    }

    [Fact]
    public async Task A_killed_service_and_a_killed_broker_come_back_with_no_person_acting()
    {
        // complaints-api, killed by its pid.
        var complaints = await CurrentAsync("complaints-api");
        var pid = Convert.ToInt32(complaints.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill();
        await RestartedAsync("complaints-api", pid);
        var operatorClient = await suite.GatewayAsAsync(SuiteFixture.ClientFor("operator"));
        await SuiteFixture.EventuallyAsync(async () => (await operatorClient.GetAsync("/api/complaints")).StatusCode == HttpStatusCode.OK,
            Recovery, "complaints-api answering through the gateway again");

        // RabbitMQ's node (beam.smp), killed by the pid it wrote.
        var beam = int.Parse((await File.ReadAllTextAsync(Path.Combine(suite.StateDir, "rabbitmq", "rabbit.pid"))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var messaging = await CurrentAsync("messaging");
        var scriptPid = Convert.ToInt32(messaging.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(beam).Kill();
        await RestartedAsync("messaging", scriptPid);

        // Events flow again: a center registered now reaches Scoring.
        var admin = await suite.GatewayAsAsync("dev-admin");
        var divisionCode = TestData.DivisionCode();
        var response = await admin.PostAsJsonAsync("/api/registry/centers", TestData.County(name: "自愈测试中心", divisionCode: divisionCode));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("scoring", "select count(*) from units where id = $1", id) == 1,
            Recovery, "a center registered after the broker's restart reaching Scoring");
    }

    private async Task<ResourceEvent> CurrentAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(Recovery);
        return await suite.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.Properties.Any(p => p.Name == "executable.pid"), timeout.Token);
    }

    /// <summary>Running again under a new pid, healthy, with its restart counted.</summary>
    private async Task RestartedAsync(string resource, int oldPid)
    {
        using var timeout = new CancellationTokenSource(Recovery);
        var restarted = await suite.App.ResourceNotifications.WaitForResourceAsync(resource, e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running
            && e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && !Equals(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture), oldPid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            && e.Snapshot.Properties.Any(p => p.Name == SupervisionExtensions.RestartsProperty && Convert.ToInt32(p.Value, System.Globalization.CultureInfo.InvariantCulture) >= 1),
            timeout.Token);
        Assert.NotNull(restarted);
        await suite.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }
}
