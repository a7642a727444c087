namespace StarPlatform.AppHost.Infrastructure;

public static class ServiceExtensions
{
    /// <summary>
    /// A StarPlatform service: its own database, a migrate step that runs once and exits
    /// before the service starts, the broker, and a readiness check on <c>/health</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddStarService<TProject>(
        this IDistributedApplicationBuilder builder, string name, StarInfrastructure infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var database = infrastructure.AddDatabase(name);
        var migrate = builder.AddProject<TProject>($"{name}-migrate", options => options.ExcludeLaunchProfile = true)
            .WithArgs("migrate")
            .WithReference(database)
            .WithReference(infrastructure.Messaging)
            .WaitFor(infrastructure.Postgres);

        return builder.AddProject<TProject>($"{name}-api")
            .WithReference(database)
            .WithReference(infrastructure.Messaging)
            .WaitFor(infrastructure.Postgres)
            .WaitFor(infrastructure.Messaging)
            .WaitForCompletion(migrate)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>The one entry point for clients; waits for every service so no request arrives before its consumers are bound.</summary>
    public static IResourceBuilder<ProjectResource> AddGateway(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, params IResourceBuilder<ProjectResource>[] services)
    {
        var gateway = builder.AddProject<Projects.Gateway>("gateway")
            .WithEndpoint("http", endpoint => endpoint.Port = settings.GatewayPort)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");
        foreach (var service in services)
        {
            gateway.WithReference(service).WaitFor(service);
        }

        return gateway;
    }
}
