using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>
/// A warm start does not run a migrate step again when nothing it would act on has changed since
/// its last successful run: the same service binaries (every assembly in its build output: the
/// service's migrations and consumers, Contracts' messages, the shared messaging code) against the
/// same PostgreSQL cluster (its system identifier, new with every <c>initdb</c>) and the same
/// RabbitMQ node (an id <c>infra/rabbitmq.sh</c> writes whenever it creates the node's database).
/// Its database is then at that build's latest migration and every queue and binding of that
/// build exists, so the service need not wait for it. Any other start runs it, as does every start
/// with <c>STAR_MIGRATE=always</c>, and every start with containers (their data is not ours to read).
/// The stamps live in the state folder (<c>migrated/&lt;step&gt;</c>); a step's stamp is written
/// when the step has exited with 0.
/// </summary>
public sealed class MigrateStamps(InfrastructureSettings settings, bool always)
{
    private readonly Dictionary<string, string> _pending = [];

    public static MigrateStamps From(IDistributedApplicationBuilder builder, InfrastructureSettings settings) =>
        new(settings, always: !builder.ExecutionContext.IsRunMode
            || string.Equals(builder.Configuration["STAR_MIGRATE"], "always", StringComparison.OrdinalIgnoreCase));

    /// <summary>Steps left out of this start because their stamp is current.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>
    /// Whether <paramref name="step"/> must run in this start; when it must and its inputs can be
    /// fingerprinted, its stamp is written once it has succeeded (<see cref="Recorder"/>).
    /// </summary>
    public bool MustRun(string step, string binaryPath)
    {
        var fingerprint = Fingerprint(binaryPath);
        if (fingerprint is null)
        {
            return true;
        }

        if (!always && File.Exists(StampPath(step)) && File.ReadAllText(StampPath(step)) == fingerprint)
        {
            Skipped.Add(step);
            return false;
        }

        _pending[step] = fingerprint;
        return true;
    }

    /// <summary>Records that <paramref name="step"/> exited with 0 in this start.</summary>
    public void Succeeded(string step)
    {
        if (_pending.Remove(step, out var fingerprint))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(StampPath(step))!);
            File.WriteAllText(StampPath(step), fingerprint);
        }
    }

    /// <summary>Null when the inputs cannot be read: the step then always runs.</summary>
    internal string? Fingerprint(string binaryPath)
    {
        if (settings.Mode != InfrastructureMode.Local)
        {
            return null;
        }

        try
        {
            var pgControl = Path.Combine(settings.StateDir, "postgres", "global", "pg_control");
            var rabbitNode = Path.Combine(settings.StateDir, "rabbitmq", "mnesia", "star@localhost");
            var rabbitId = Path.Combine(settings.StateDir, "rabbitmq", "mnesia", "star.id");
            var output = Path.GetDirectoryName(binaryPath)!;
            if (!File.Exists(pgControl) || !Directory.Exists(rabbitNode) || !File.Exists(rabbitId) || !File.Exists(binaryPath))
            {
                return null;
            }

            var text = new StringBuilder();
            // pg_control begins with the cluster's 64-bit system identifier.
            using (var control = File.OpenRead(pgControl))
            {
                Span<byte> identifier = stackalloc byte[8];
                control.ReadExactly(identifier);
                text.Append("postgres ").Append(Convert.ToHexString(identifier)).Append('\n');
            }

            text.Append("rabbitmq ").Append(File.ReadAllText(rabbitId).Trim()).Append('\n');
            foreach (var file in Directory.GetFiles(output, "*.dll").Append(binaryPath).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                text.Append(Path.GetFileName(file)).Append(' ')
                    .Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string StampPath(string step) => Path.Combine(settings.StateDir, "migrated", step);

    /// <summary>Writes a step's stamp when the dashboard sees it finish with exit code 0.</summary>
    internal sealed class Recorder(MigrateStamps stamps, ResourceNotificationService notifications, ILogger<MigrateStamps> logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (stamps.Skipped.Count > 0)
            {
                logger.LogInformation(
                    "Not run again, their build and the state being as their last run left them: {Steps} (STAR_MIGRATE=always runs them)",
                    string.Join(", ", stamps.Skipped));
            }

            try
            {
                await foreach (var update in notifications.WatchAsync(stoppingToken))
                {
                    if (update.Snapshot.State?.Text == KnownResourceStates.Finished && update.Snapshot.ExitCode == 0)
                    {
                        stamps.Succeeded(update.Resource.Name);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
