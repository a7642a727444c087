namespace StarPlatform.AppHost.Infrastructure;

public static class ServiceExtensions
{
    /// <summary>
    /// A StarPlatform service: its own database, a migrate step that runs once and exits
    /// before the service starts, the broker, the identity server it validates tokens
    /// against (service discovery), and a readiness check on <c>/health</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddStarService<TProject>(
        this IDistributedApplicationBuilder builder, string name, StarInfrastructure infrastructure,
        IResourceBuilder<ProjectResource>? identity = null)
        where TProject : IProjectMetadata, new()
    {
        var database = infrastructure.AddDatabase(name);
        var migrate = builder.AddProject<TProject>($"{name}-migrate", options => options.ExcludeLaunchProfile = true)
            .WithArgs("migrate")
            .WithReference(database)
            .WithReference(infrastructure.Messaging)
            .WaitFor(infrastructure.Postgres);

        var service = builder.AddProject<TProject>($"{name}-api")
            .WithReference(database)
            .WithReference(infrastructure.Messaging)
            .WaitFor(infrastructure.Postgres)
            .WaitFor(infrastructure.Messaging)
            .WaitForCompletion(migrate)
            .WithHttpHealthCheck("/health")
            .WithDirectCalls();
        if (identity is not null)
        {
            service.WithReference(identity);
        }

        return service;
    }

    /// <summary>
    /// The operator console (Blazor, server-rendered): reached by browsers through the gateway at
    /// <c>/console</c>, it calls the APIs through the gateway too, with the signed-in person's token.
    /// It has no database: its Data Protection keys (the sign-in cookie) live in the state folder.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddConsole(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings) =>
        builder.AddProject<Projects.Console_Web>("console")
            .WithEnvironment("Console__Gateway", "http://localhost:" + settings.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/")
            .WithEnvironment("Console__PublicUrl", IdentityExtensions.PublicUrl(builder.Configuration, settings))
            .WithEnvironment("Console__KeysPath", Path.Combine(settings.StateDir, "console-keys"))
            .WithHttpHealthCheck("/health")
            .WithDirectCalls();

    /// <summary>
    /// Callers reach the service on the port it listens on, not through DCP's proxy: every request
    /// the gateway forwarded used to cross one more loopback hop and a proxy process, about a
    /// twentieth of the machine's CPU per intake at 500 intakes/s (bench/IntakeBench). Each service
    /// runs once, so the proxy's load balancing has nothing to do.
    /// </summary>
    static IResourceBuilder<ProjectResource> WithDirectCalls(this IResourceBuilder<ProjectResource> project)
    {
        project.WithEndpointProxySupport(false);
        // The launch profile's fixed port would then be the port itself: leave it to Aspire, so a
        // test run and ./run.sh on one machine do not collide.
        return project.WithEndpoint("http", endpoint => endpoint.Port = null);
    }

    /// <summary>
    /// The one entry point for clients; waits for every service so no request arrives before its
    /// consumers are bound. Not proxied: the gateway sees each client's own address, which its
    /// per-address rate limits need. <c>STAR_PORTAL_ORIGIN</c> is the portal's origin for CORS.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGateway(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, params IResourceBuilder<ProjectResource>[] services)
    {
        var gateway = builder.AddProject<Projects.Gateway>("gateway")
            .WithEndpoint("http", endpoint =>
            {
                endpoint.Port = settings.GatewayPort;
                endpoint.TargetPort = settings.GatewayPort;
                endpoint.IsProxied = false;
            })
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");
        if (builder.Configuration["STAR_PORTAL_ORIGIN"] is { Length: > 0 } portalOrigin)
        {
            gateway.WithEnvironment("Gateway__PortalOrigin", portalOrigin);
        }

        foreach (var service in services)
        {
            gateway.WithReference(service).WaitFor(service);
        }

        return gateway;
    }
}
