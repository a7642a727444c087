using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabbitMQ.Client;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>What services need from the infrastructure, the same in both modes.</summary>
public sealed record StarInfrastructure(
    IResourceBuilder<IResource> Postgres,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> AddDatabase,
    MigrateStamps Stamps)
{
    /// <summary>The services on the bus (they publish through their outbox relay).</summary>
    public List<IResourceBuilder<ProjectResource>> Publishers { get; } = [];

    /// <summary>The migrate steps that declare a service's queues and bindings.</summary>
    public List<IResourceBuilder<ProjectResource>> TopologySteps { get; } = [];
}

public static class InfrastructureExtensions
{
    public static StarInfrastructure AddStarInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var stamps = MigrateStamps.From(builder, settings);
        builder.Services.AddSingleton(stamps);
        builder.Services.AddHostedService<MigrateStamps.Recorder>();
        return settings.Mode == InfrastructureMode.Local ? AddLocal(builder, settings, stamps) : AddContainers(builder, stamps);
    }

    private static StarInfrastructure AddContainers(IDistributedApplicationBuilder builder, MigrateStamps stamps)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume("starplatform-postgres");
        var messaging = builder.AddRabbitMQ(ServiceDataExtensionsNames.Messaging).WithDataVolume("starplatform-rabbitmq");
        builder.Services.AddHostedService<DatabaseStates>();
        return new StarInfrastructure(postgres, messaging, name => postgres.AddDatabase($"{name}-db", name), stamps);
    }

    private static StarInfrastructure AddLocal(IDistributedApplicationBuilder builder, InfrastructureSettings settings, MigrateStamps stamps)
    {
        settings.WriteInfraEnv();

        var pgPassword = builder.AddParameter("postgres-password", settings.Secret("postgres-password"), secret: true);
        var postgres = builder.AddResource(new LocalPostgresResource("postgres", settings.ScriptsDir, pgPassword.Resource))
            .WithArgs(Path.Combine(settings.ScriptsDir, "postgres.sh"))
            .WithEndpoint(port: settings.PostgresPort, targetPort: settings.PostgresPort, scheme: "tcp",
                name: LocalPostgresResource.EndpointName, env: "PGPORT", isProxied: false)
            .WithEnvironment("STAR_PG_DATA", Path.Combine(settings.StateDir, "postgres"))
            .WithEnvironment("STAR_PG_PASSWORD", pgPassword)
            .Supervised(requiredToStart: true);
        postgres.WithHealthCheck(AddReadinessCheck(builder, "postgres-ready", async ct =>
        {
            await using var connection = new NpgsqlConnection(await postgres.Resource.ConnectionStringExpression.GetValueAsync(ct));
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
        }));

        var rabbitPassword = builder.AddParameter("rabbitmq-password", settings.Secret("rabbitmq-password"), secret: true);
        var messaging = builder.AddResource(new LocalRabbitMqResource(
                ServiceDataExtensionsNames.Messaging, settings.ScriptsDir, "star", rabbitPassword.Resource))
            .WithArgs(Path.Combine(settings.ScriptsDir, "rabbitmq.sh"))
            .WithEndpoint(port: settings.AmqpPort, targetPort: settings.AmqpPort, scheme: "tcp",
                name: LocalRabbitMqResource.EndpointName, env: "RABBITMQ_NODE_PORT", isProxied: false)
            .WithEnvironment("STAR_RABBIT_DIR", Path.Combine(settings.StateDir, "rabbitmq"))
            .WithEnvironment("STAR_RABBIT_USER", "star")
            .WithEnvironment("STAR_RABBIT_PASSWORD", rabbitPassword)
            .WithEnvironment("ERL_EPMD_PORT", settings.EpmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("RABBITMQ_DIST_PORT", settings.ErlangDistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Supervised(requiredToStart: true);
        messaging.WithHealthCheck(AddReadinessCheck(builder, "rabbitmq-ready", async ct =>
        {
            var factory = new ConnectionFactory { Uri = new Uri(await messaging.Resource.ConnectionStringExpression.GetValueAsync(ct) ?? "") };
            await using var connection = await factory.CreateConnectionAsync(ct);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        }));

        builder.Services.AddHostedService<DatabaseStates>();
        return new StarInfrastructure(postgres, messaging, name =>
            builder.AddResource(new LocalPostgresDatabaseResource($"{name}-db", name, postgres.Resource))
                .WithParentRelationship(postgres), stamps);
    }

    /// <summary>A health check that really connects; <c>WaitFor</c> waits for it.</summary>
    private static string AddReadinessCheck(IDistributedApplicationBuilder builder, string name, Func<CancellationToken, Task> probe)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(name, async ct =>
        {
            try
            {
                await probe(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        });
        return name;
    }
}

/// <summary>Connection string names the services expect (see ServiceDefaults).</summary>
internal static class ServiceDataExtensionsNames
{
    public const string Messaging = "messaging";
}
