using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>The shared loop of sweeps and purges (ServiceDefaults' <see cref="PeriodicJob"/>).</summary>
public sealed class PeriodicJobTests
{
    [Fact]
    public async Task A_failed_turn_is_followed_by_the_next_one_each_in_a_scope_of_its_own()
    {
        var services = new ServiceCollection().AddScoped<Turn>().BuildServiceProvider();
        var job = new FlakyJob(services.GetRequiredService<IServiceScopeFactory>());
        await job.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(job.Turns.Count >= 3), TimeSpan.FromSeconds(10), "three turns");
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }

        // The first turn threw; the loop went on, and every turn had a fresh scope.
        Assert.Equal(job.Turns.Count, job.Turns.Distinct().Count());
        var stopped = job.Turns.Count;
        await Task.Delay(100);
        Assert.Equal(stopped, job.Turns.Count);
    }

    private sealed class Turn;

    private sealed class FlakyJob(IServiceScopeFactory scopes) : PeriodicJob(scopes, TimeProvider.System, NullLogger.Instance)
    {
        public List<Turn> Turns { get; } = [];

        public override TimeSpan Period => TimeSpan.FromMilliseconds(10);

        protected override string Work => "turns";

        protected override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
        {
            lock (Turns)
            {
                Turns.Add(services.GetRequiredService<Turn>());
                return Turns.Count == 1 ? throw new InvalidOperationException("the first turn fails") : Task.FromResult(1);
            }
        }
    }
}
