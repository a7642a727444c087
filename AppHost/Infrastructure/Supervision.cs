using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>Marks a resource the AppHost restarts when it dies (local mode has no restart policy of its own).</summary>
/// <param name="RequiredToStart">
/// Infrastructure: if it ends before it was ever healthy the suite cannot start (a state folder
/// PostgreSQL cannot use, a port taken), so the AppHost stops. A service is restarted instead.
/// </param>
public sealed record SupervisedAnnotation(bool RequiredToStart) : IResourceAnnotation;

/// <summary>Marks a step that must succeed for the suite to start (a migrate step).</summary>
public sealed class StartupStepAnnotation : IResourceAnnotation;

public static class SupervisionExtensions
{
    /// <summary>The resource property the dashboard shows: how often the AppHost restarted it.</summary>
    public const string RestartsProperty = "star.restarts";

    public static IResourceBuilder<T> Supervised<T>(this IResourceBuilder<T> resource, bool requiredToStart = false) where T : IResource =>
        resource.WithAnnotation(new SupervisedAnnotation(requiredToStart));

    public static IResourceBuilder<T> StartupStep<T>(this IResourceBuilder<T> resource) where T : IResource =>
        resource.WithAnnotation(new StartupStepAnnotation());

    public static IDistributedApplicationBuilder AddSupervision(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddHostedService<ResourceSupervisor>();
        return builder;
    }
}

/// <summary>
/// Self-healing in local mode. Aspire restarts nothing by itself (an executable killed with
/// <c>kill -9</c> stays Exited until a person clicks Start), so the AppHost watches every
/// supervised resource and, when one that had been running exits with a non-zero code (a crash,
/// a kill; a stop asked for ends with 0), issues its start command — after 1 s, then 2, 4 … up to
/// 30 s while it keeps failing within a minute of each start. The count shows on the resource
/// (<see cref="SupervisionExtensions.RestartsProperty"/>) and each restart is logged on it.
/// A start that cannot succeed does not hang: PostgreSQL or RabbitMQ ending before it was ever
/// healthy, or a startup step (migrate) that fails, stops the AppHost with a message.
/// </summary>
internal sealed class ResourceSupervisor(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<ResourceSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Supervised> _resources = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var token = stopping.Token;
        var supervised = model.Resources.Where(r => r.HasAnnotationOfType<SupervisedAnnotation>()).Select(r => r.Name).ToHashSet();
        var required = model.Resources.Where(r => r.Annotations.OfType<SupervisedAnnotation>().Any(a => a.RequiredToStart)).Select(r => r.Name).ToHashSet();
        var steps = model.Resources.Where(r => r.HasAnnotationOfType<StartupStepAnnotation>()).Select(r => r.Name).ToHashSet();
        try
        {
            await foreach (var update in notifications.WatchAsync(token))
            {
                var snapshot = update.Snapshot;
                var text = snapshot.State?.Text;
                logger.LogDebug("{Resource}: {State} exit {ExitCode} health {Health}", update.ResourceId, text, snapshot.ExitCode, snapshot.HealthStatus);
                if (steps.Contains(update.Resource.Name))
                {
                    if (text == KnownResourceStates.FailedToStart || Ended(text) && snapshot.ExitCode is not (null or 0))
                    {
                        Fatal(update.ResourceId, $"failed (exit code {snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); its log above says why");
                    }

                    continue;
                }

                if (!supervised.Contains(update.Resource.Name))
                {
                    continue;
                }

                var state = _resources.GetOrAdd(update.ResourceId, _ => new Supervised());
                state.EverHealthy |= snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
                if (!state.EverHealthy && required.Contains(update.Resource.Name) && (text == KnownResourceStates.FailedToStart || Ended(text)))
                {
                    Fatal(update.ResourceId, $"ended ({text}) before it was ever healthy (exit code {snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); its log above says why");
                    continue;
                }

                if (text == KnownResourceStates.Running)
                {
                    state.RunningSince ??= DateTimeOffset.UtcNow;
                    state.Restarting = false;
                    if (state.Restarts > 0 && !snapshot.Properties.Any(p => p.Name == SupervisionExtensions.RestartsProperty && Equals(p.Value, state.Restarts)))
                    {
                        // The orchestrator's own updates may drop the property: show it again.
                        await PublishRestartsAsync(update.Resource, update.ResourceId, state.Restarts);
                    }

                    continue;
                }

                // (A service whose process ended before it was ever healthy, e.g. its bus did not start
                // in time, had been Running as a process: it is restarted like any other.)
                if (!Ended(text)
                    || state.RunningSince is null || state.Restarting || snapshot.ExitCode is null or 0)
                {
                    continue;
                }

                var ran = DateTimeOffset.UtcNow - state.RunningSince.Value;
                state.RunningSince = null;
                state.Restarting = true;
                state.Failures = ran > StableAfter ? 1 : state.Failures + 1;
                state.Restarts++;
                var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, state.Failures - 1)));
                _ = RestartAsync(update.Resource, update.ResourceId, snapshot.ExitCode.Value, state.Restarts, delay, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(IResource resource, string resourceId, int exitCode, int restarts, TimeSpan delay, CancellationToken token)
    {
        try
        {
            resourceLogs.GetLogger(resourceId).LogWarning(
                "Exited with code {ExitCode}; the AppHost restarts it in {Delay} s (restart {Restarts})", exitCode, delay.TotalSeconds, restarts);
            await Task.Delay(delay, token);
            await PublishRestartsAsync(resource, resourceId, restarts);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, token);
            if (!result.Success)
            {
                logger.LogError("Could not restart {Resource}: {Message}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not restart {Resource}", resourceId);
        }
        finally
        {
            if (_resources.TryGetValue(resourceId, out var state) && state.RunningSince is null)
            {
                // A start that failed at once leaves no Running state: let the next exit be handled again.
                state.Restarting = false;
                state.RunningSince = DateTimeOffset.UtcNow;
            }
        }
    }

    private static bool Ended(string? state) => state == KnownResourceStates.Exited || state == KnownResourceStates.Finished;

    /// <summary>The suite cannot start: say which part and why, and stop rather than wait forever.</summary>
    private void Fatal(string resourceId, string why)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        logger.LogCritical("{Resource} {Why}. The suite cannot start; stopping.", resourceId, why);
        lifetime.StopApplication();
    }

    private Task PublishRestartsAsync(IResource resource, string resourceId, int restarts) =>
        notifications.PublishUpdateAsync(resource, resourceId, s => s with
        {
            Properties = s.Properties.RemoveAll(p => p.Name == SupervisionExtensions.RestartsProperty)
                .Add(new ResourcePropertySnapshot(SupervisionExtensions.RestartsProperty, restarts) { DisplayName = "Restarts 重启次数" }),
        });

    private sealed class Supervised
    {
        public DateTimeOffset? RunningSince { get; set; }
        public bool EverHealthy { get; set; }
        public bool Restarting { get; set; }
        public int Failures { get; set; }
        public int Restarts { get; set; }
    }
}
