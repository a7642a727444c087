using System.Diagnostics;
using StarPlatform.Deploy;

namespace StarPlatform.Deploy.Tests;

/// <summary>deploy/base is what tools/DeployGenerator makes of the AppHost's manifest, today's AppHost.</summary>
public sealed class GeneratedBaseTests
{
    [Fact]
    public async Task The_committed_base_is_what_the_generator_makes_of_the_AppHosts_manifest()
    {
        var expected = KustomizeBase.Generate(await PublishManifestAsync());
        var folder = Path.Combine(Repository.Root, "deploy", "base");
        var committed = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        var stale = committed.Keys.Except(expected.Keys).Order().ToList();
        var missing = expected.Keys.Except(committed.Keys).Order().ToList();
        var changed = expected.Keys.Intersect(committed.Keys).Where(f => expected[f] != committed[f]).Order().ToList();
        Assert.True(stale.Count + missing.Count + changed.Count == 0,
            "deploy/base differs from the AppHost's model: run deploy/generate.sh and commit. " +
            $"Not generated any more: [{string.Join(", ", stale)}]; missing: [{string.Join(", ", missing)}]; changed: [{string.Join(", ", changed)}]");
    }

    [Fact]
    public void Every_service_of_the_AppHost_becomes_a_Deployment_and_its_migrate_step_a_Job()
    {
        var files = KustomizeBase.Generate(File.ReadAllText(Path.Combine(Repository.Root, "tests", "Deploy.Tests", "sample-manifest.json")));
        Assert.Contains("kind: Job", files["registry-migrate.yaml"], StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", files["registry-api.yaml"], StringComparison.Ordinal);
        Assert.Contains("job/registry-migrate", files["registry-api.yaml"], StringComparison.Ordinal);
        Assert.DoesNotContain("{", files["registry-api.yaml"].Replace("$(", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_the_cluster_has_no_place_for_stops_the_generator()
    {
        var manifest = File.ReadAllText(Path.Combine(Repository.Root, "tests", "Deploy.Tests", "sample-manifest.json"))
            .Replace("\"in_memory\"", "\"{redis.connectionString}\"", StringComparison.Ordinal);
        var refused = Assert.Throws<InvalidOperationException>(() => KustomizeBase.Generate(manifest));
        Assert.Contains("{redis.connectionString}", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the AppHost's manifest publisher on the container model (the one a cluster mirrors), with
    /// none of this machine's STAR_* settings, as deploy/generate.sh does.
    /// </summary>
    private static async Task<string> PublishManifestAsync()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var appHost = Path.Combine(Repository.Root, "AppHost", "bin", configuration, "net10.0", "AppHost.dll");
        var work = Directory.CreateTempSubdirectory("starplatform-manifest-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [appHost, "--publisher", "manifest", "--output-path", Path.Combine(work, "manifest.json")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = work,
            };
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("STAR_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["STAR_INFRA"] = "containers";
            start.Environment["STAR_STATE_DIR"] = Path.Combine(work, "state");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"the manifest publisher failed: {await output}{await error}");
            return await File.ReadAllTextAsync(Path.Combine(work, "manifest.json"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
