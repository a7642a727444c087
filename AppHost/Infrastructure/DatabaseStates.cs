using Microsoft.Extensions.Hosting;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>
/// A service's database on the local PostgreSQL has no process of its own, so nothing reports its
/// state and the dashboard showed "Unknown". It is Waiting until its service's migrate step has
/// made it (at once when a warm start left the step out), Running after that while PostgreSQL
/// runs, and otherwise in PostgreSQL's state.
/// </summary>
internal sealed class DatabaseStates(DistributedApplicationModel model, ResourceNotificationService notifications) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var databases = model.Resources.OfType<LocalPostgresDatabaseResource>().ToList();
        if (databases.Count == 0)
        {
            return;
        }

        // A database whose migrate step this start left out (MigrateStamps) is as its last run left it.
        var steps = model.Resources.Select(r => r.Name).Where(n => n.EndsWith("-migrate", StringComparison.Ordinal)).ToHashSet();
        var migrated = databases.Where(d => !steps.Contains(d.Name[..^"-db".Length] + "-migrate")).Select(d => d.Name).ToHashSet();
        string? server = null;
        foreach (var database in databases)
        {
            await PublishAsync(database, KnownResourceStates.Waiting, KnownResourceStateStyles.Info);
        }

        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                var text = update.Snapshot.State?.Text;
                if (update.Resource is LocalPostgresResource)
                {
                    server = text;
                }
                else if (update.Resource.Name.EndsWith("-migrate", StringComparison.Ordinal)
                         && text == KnownResourceStates.Finished && update.Snapshot.ExitCode == 0)
                {
                    migrated.Add(update.Resource.Name[..^"-migrate".Length] + "-db");
                }
                else
                {
                    continue;
                }

                foreach (var database in databases)
                {
                    if (server != KnownResourceStates.Running)
                    {
                        await PublishAsync(database, server ?? KnownResourceStates.Waiting, KnownResourceStateStyles.Info);
                    }
                    else if (migrated.Contains(database.Name))
                    {
                        await PublishAsync(database, KnownResourceStates.Running, KnownResourceStateStyles.Success);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task PublishAsync(LocalPostgresDatabaseResource database, string state, string style) =>
        notifications.PublishUpdateAsync(database, s => s.State?.Text == state ? s : s with { State = new ResourceStateSnapshot(state, style) });
}
