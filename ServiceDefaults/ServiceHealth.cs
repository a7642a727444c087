using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StarPlatform.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a service's <c>/health</c> checks besides its process: its database (<see cref="DatabaseHealthCheck{TDbContext}"/>),
/// its broker connection (MassTransit's bus check, named <see cref="BrokerCheckName"/>) and its outbox backlog
/// (<see cref="OutboxHealthCheck"/>), and how the report is written: the same JSON as the gateway's.
/// </summary>
public static class ServiceHealth
{
    public const string DatabaseCheckName = "database";
    public const string BrokerCheckName = "broker";
    public const string OutboxCheckName = "outbox";

    /// <summary>Tag of the checks that say whether the service can do its work (all but <c>self</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>A database probe never waits longer than this: an unreachable database is Unhealthy, not a hung probe.</summary>
    public static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tag of a check that informs without deciding readiness: a stuck outbox is shared by every copy
    /// of the service (one database), so taking them all out of traffic for it would turn a late
    /// message into an outage. It shows in the JSON and in the outbox gauges.
    /// </summary>
    public const string InformationalTag = "informational";

    /// <summary>
    /// <c>{ status, checks: { name: { status, description, data } } }</c>, as the gateway writes it;
    /// 200 when every check that decides readiness is Healthy, otherwise 503 — Degraded too, since
    /// the AppHost's probe (and so the dashboard) and the orchestrator's readiness probe see only the
    /// status code: with 200 a service stayed green through a broker outage.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.StatusCode = report.Entries.Values.Any(e => e.Status != HealthStatus.Healthy && !e.Tags.Contains(InformationalTag))
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}

/// <summary>Healthy when the service's database answers <c>SELECT 1</c> on a connection of its DbContext within <see cref="ServiceHealth.DatabaseTimeout"/>.</summary>
public sealed class DatabaseHealthCheck<TDbContext>(IServiceScopeFactory scopes) : IHealthCheck
    where TDbContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ServiceHealth.DatabaseTimeout);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var name = db.Database.GetDbConnection().Database;
        var data = new Dictionary<string, object> { ["database"] = name };
        try
        {
            await db.Database.OpenConnectionAsync(timeout.Token);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(timeout.Token);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return HealthCheckResult.Healthy($"database {name} answers", data);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"database {name} does not answer: {ex.Message}", ex, data);
        }
    }
}

/// <summary>
/// Degraded when the oldest undelivered outbox row is older than <see cref="OutboxOptions.BacklogAgeThreshold"/>:
/// the service still accepts work, but what it publishes is not reaching the broker. Informational
/// (<see cref="ServiceHealth.InformationalTag"/>): it does not take the service out of traffic.
/// </summary>
public sealed class OutboxHealthCheck(OutboxBacklog backlog, IOptions<OutboxOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.Value.BacklogAgeThreshold;
        var sample = await backlog.SampleAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["rows"] = sample.Rows,
            ["oldestAgeSeconds"] = Math.Round(sample.OldestAge.TotalSeconds, 1),
            ["thresholdSeconds"] = threshold.TotalSeconds,
        };
        return sample.OldestAge > threshold
            ? HealthCheckResult.Degraded(
                $"{sample.Rows} outbox row(s) waiting, the oldest for {sample.OldestAge.TotalSeconds:0} s (threshold {threshold.TotalSeconds:0} s)",
                data: data)
            : HealthCheckResult.Healthy($"{sample.Rows} outbox row(s) waiting", data);
    }
}

/// <summary>
/// Logs a health check's change of status once, when it happens (checked every 10 s): a Warning when a
/// check leaves Healthy, with its description, and Information when it is Healthy again. What the
/// dashboard shows as the resource's health, in the log where on-call reads the story. A check that
/// is not Healthy yet while the process starts (a backend still starting, a database still
/// warming) is not a fault: Information, unless it is still not Healthy <see cref="StartGrace"/>
/// after the start, which is a Warning.
/// </summary>
public sealed class HealthChanges(ILogger<HealthChanges> logger, TimeProvider? clock = null) : IHealthCheckPublisher
{
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly DateTimeOffset _started = (clock ?? TimeProvider.System).GetUtcNow();
    private readonly Dictionary<string, (HealthStatus Status, bool EverHealthy, bool GraceWarned)> _last = [];

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var starting = _clock.GetUtcNow() - _started < StartGrace;
        lock (_last)
        {
            foreach (var (name, entry) in report.Entries)
            {
                var known = _last.TryGetValue(name, out var last);
                var everHealthy = last.EverHealthy || entry.Status == HealthStatus.Healthy;
                _last[name] = (entry.Status, everHealthy, last.GraceWarned);
                if (!last.EverHealthy)
                {
                    // Not yet Healthy since the start.
                    if (entry.Status == HealthStatus.Healthy)
                    {
                        if (known)
                        {
                            logger.LogInformation("Health check {Check} is Healthy (was {Before} while starting)", name, last.Status);
                        }
                    }
                    else if (starting)
                    {
                        if (!known || entry.Status != last.Status)
                        {
                            logger.LogInformation("Health check {Check} is {Status} while starting: {Description}", name, entry.Status, entry.Description);
                        }
                    }
                    else if (!last.GraceWarned)
                    {
                        _last[name] = (entry.Status, false, true);
                        logger.LogWarning("Health check {Check} is still {Status} {Grace} after the start: {Description}",
                            name, entry.Status, StartGrace, entry.Description);
                    }

                    continue;
                }

                if (entry.Status == last.Status)
                {
                    continue;
                }

                if (entry.Status == HealthStatus.Healthy)
                {
                    logger.LogInformation("Health check {Check} is Healthy again (was {Before})", name, last.Status);
                }
                else
                {
                    logger.LogWarning("Health check {Check} is {Status} (was {Before}): {Description}", name, entry.Status, last.Status, entry.Description);
                }
            }
        }

        return Task.CompletedTask;
    }
}
