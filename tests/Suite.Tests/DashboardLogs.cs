using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>A structured log record as the Aspire dashboard holds it.</summary>
public sealed record DashboardLog(string Resource, string Severity, string Body, DateTimeOffset At, string Raw);

/// <summary>
/// The services' structured logs, read from the Aspire dashboard's telemetry API
/// (<c>GET /api/telemetry/logs?resource=&amp;severity=&amp;limit=</c>, OTLP JSON): what on-call sees.
/// </summary>
public static class DashboardLogs
{
    /// <param name="resource">a resource name (<c>complaints-api</c>), or null for every resource</param>
    /// <param name="severity">the lowest severity wanted (Information, Warning, Error …), or null for all</param>
    public static async Task<IReadOnlyList<DashboardLog>> ReadAsync(this SuiteFixture suite, string? resource = null, string? severity = null, int limit = 10_000)
    {
        var query = $"/api/telemetry/logs?limit={limit}" + (resource is null ? "" : $"&resource={resource}") + (severity is null ? "" : $"&severity={severity}");
        using var response = await suite.Dashboard.GetAsync(query);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var logs = new List<DashboardLog>();
        foreach (var resourceLogs in json.RootElement.GetProperty("data").GetProperty("resourceLogs").EnumerateArray())
        {
            var name = resourceLogs.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == "service.name")
                .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString())
                .FirstOrDefault() ?? "";
            foreach (var record in resourceLogs.GetProperty("scopeLogs").EnumerateArray().SelectMany(s => s.GetProperty("logRecords").EnumerateArray()))
            {
                var body = record.TryGetProperty("body", out var b) && b.TryGetProperty("stringValue", out var text) ? text.GetString() ?? "" : "";
                var at = record.TryGetProperty("timeUnixNano", out var t) && long.TryParse(t.GetString(), out var nanos)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000)
                    : DateTimeOffset.MinValue;
                logs.Add(new DashboardLog(name, record.TryGetProperty("severityText", out var s) ? s.GetString() ?? "" : "", body, at, record.GetRawText()));
            }
        }

        return logs;
    }
}
