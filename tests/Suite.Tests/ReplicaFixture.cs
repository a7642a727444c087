using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

// Each collection starts a whole suite of its own (SuiteFixture, ReplicaFixture): one after the other,
// never two at once on the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace StarPlatform.Suite.Tests;

/// <summary>
/// The suite with two copies of complaints-api, scoring-api, awards-api and ratings-api
/// (<c>STAR_REPLICAS</c>, as <c>./run.sh</c> takes it), started once for <see cref="ReplicaTests"/> in a
/// state folder of its own. Complaints' overdue sweep and Awards' expiry sweep run every
/// <see cref="SweepSeconds"/> seconds, so a short run sees many of their turns.
/// </summary>
public sealed class ReplicaFixture : SuiteFixture
{
    public const string Replicas = "complaints=2,scoring=2,awards=2,ratings=2";

    public static readonly string[] ReplicatedServices = ["complaints", "scoring", "awards", "ratings"];

    public const int SweepSeconds = 2;

    protected override IEnumerable<string> Settings() => [$"STAR_REPLICAS={Replicas}"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var seconds = SweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var copy in new[] { "complaints-api", "complaints-api-2" })
        {
            builder.CreateResourceBuilder<ProjectResource>(copy).WithEnvironment("Complaints__Overdue__SweepSeconds", seconds);
        }

        foreach (var copy in new[] { "awards-api", "awards-api-2" })
        {
            builder.CreateResourceBuilder<ProjectResource>(copy).WithEnvironment("Awards__Expiry__SweepSeconds", seconds);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicaCollection : ICollectionFixture<ReplicaFixture>
{
    public const string Name = "replicas";
}
