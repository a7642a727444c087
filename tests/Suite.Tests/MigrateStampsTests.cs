using StarPlatform.AppHost.Infrastructure;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// A warm start leaves out a migrate step only when its service's build, the PostgreSQL cluster and
/// the RabbitMQ node are all the ones its last successful run acted on (MigrateStamps). Each change
/// that could leave a database or a queue behind makes the step run again.
/// </summary>
public sealed class MigrateStampsTests : IDisposable
{
    private const string Step = "scoring-migrate";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("stamps-");
    private readonly string _binary;
    private readonly string _pgControl;
    private readonly string _rabbitId;
    private readonly string _rabbitNode;

    public MigrateStampsTests()
    {
        var output = Directory.CreateDirectory(Path.Combine(_root.FullName, "bin", "Debug", "net10.0"));
        _binary = Path.Combine(output.FullName, "Scoring.Api");
        File.WriteAllText(_binary, "apphost");
        File.WriteAllText(Path.Combine(output.FullName, "Scoring.Api.dll"), "service v1");
        File.WriteAllText(Path.Combine(output.FullName, "Contracts.dll"), "messages v1");
        _pgControl = Path.Combine(State, "postgres", "global", "pg_control");
        Directory.CreateDirectory(Path.GetDirectoryName(_pgControl)!);
        File.WriteAllBytes(_pgControl, [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
        _rabbitNode = Path.Combine(State, "rabbitmq", "mnesia", "star@localhost");
        Directory.CreateDirectory(_rabbitNode);
        _rabbitId = Path.Combine(State, "rabbitmq", "mnesia", "star.id");
        File.WriteAllText(_rabbitId, "node-1\n");
    }

    private string State => Path.Combine(_root.FullName, "state");

    public void Dispose() => _root.Delete(recursive: true);

    private MigrateStamps Stamps(InfrastructureMode mode = InfrastructureMode.Local, bool always = false) =>
        new(new InfrastructureSettings(mode, State, "infra", 1, 2, 3, 4, 5), always);

    /// <summary>Runs the step in one start (recording its success) and says whether the next start runs it.</summary>
    private bool NextStartRuns(Action? between = null)
    {
        var first = Stamps();
        Assert.True(first.MustRun(Step, _binary));
        first.Succeeded(Step);
        between?.Invoke();
        return Stamps().MustRun(Step, _binary);
    }

    [Fact]
    public void A_start_after_a_successful_run_with_nothing_changed_leaves_the_step_out()
    {
        Assert.False(NextStartRuns());
        var next = Stamps();
        Assert.False(next.MustRun(Step, _binary));
        Assert.Equal([Step], next.Skipped);
    }

    [Fact]
    public void A_step_that_did_not_succeed_runs_again()
    {
        Assert.True(Stamps().MustRun(Step, _binary));
        Assert.True(Stamps().MustRun(Step, _binary));
    }

    [Fact]
    public void A_rebuilt_assembly_makes_the_step_run_again()
    {
        Assert.True(NextStartRuns(() =>
        {
            var contracts = Path.Combine(Path.GetDirectoryName(_binary)!, "Contracts.dll");
            File.WriteAllText(contracts, "messages v2");
        }));
    }

    [Fact]
    public void An_assembly_rewritten_with_the_same_size_makes_the_step_run_again()
    {
        Assert.True(NextStartRuns(() =>
        {
            var service = Path.Combine(Path.GetDirectoryName(_binary)!, "Scoring.Api.dll");
            File.SetLastWriteTimeUtc(service, File.GetLastWriteTimeUtc(service).AddSeconds(1));
        }));
    }

    [Fact]
    public void A_new_postgresql_cluster_makes_the_step_run_again() =>
        Assert.True(NextStartRuns(() => File.WriteAllBytes(_pgControl, [9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0])));

    [Fact]
    public void A_new_rabbitmq_node_makes_the_step_run_again() =>
        Assert.True(NextStartRuns(() => File.WriteAllText(_rabbitId, "node-2\n")));

    [Fact]
    public void A_rabbitmq_node_whose_database_is_gone_makes_the_step_run_again() =>
        Assert.True(NextStartRuns(() => Directory.Delete(_rabbitNode)));

    [Fact]
    public void Without_a_postgresql_cluster_yet_the_step_runs_and_leaves_no_stamp()
    {
        File.Delete(_pgControl);
        var stamps = Stamps();
        Assert.True(stamps.MustRun(Step, _binary));
        stamps.Succeeded(Step);
        Assert.False(File.Exists(Path.Combine(State, "migrated", Step)));
    }

    [Fact]
    public void Star_migrate_always_runs_the_step_whatever_the_stamp()
    {
        Assert.False(NextStartRuns());
        Assert.True(Stamps(always: true).MustRun(Step, _binary));
    }

    [Fact]
    public void With_containers_the_step_always_runs() =>
        Assert.True(Stamps(InfrastructureMode.Containers).MustRun(Step, _binary) && Stamps(InfrastructureMode.Containers).MustRun(Step, _binary));

    [Fact]
    public void A_step_left_out_records_nothing_when_it_is_reported_finished()
    {
        Assert.False(NextStartRuns());
        var stamp = Path.Combine(State, "migrated", Step);
        var written = File.GetLastWriteTimeUtc(stamp);
        var next = Stamps();
        Assert.False(next.MustRun(Step, _binary));
        File.SetLastWriteTimeUtc(stamp, written.AddMinutes(-5));
        next.Succeeded(Step);
        Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(stamp));
    }
}
