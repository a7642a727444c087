namespace StarPlatform.AppHost.Infrastructure;

public static class ServiceExtensions
{
    /// <summary>
    /// A StarPlatform service: its own database, a migrate step that runs once and exits before
    /// the service starts, the broker, the identity server it validates tokens against (service
    /// discovery), and a readiness check on <c>/health</c>. The migrate step also declares the
    /// service's broker topology (its queues and their bindings, as the service itself declares
    /// them); no service starts before every migrate step has finished, so no event is published
    /// before the queues of all its consumers exist, whatever order the services start in.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddStarService<TProject>(
        this IDistributedApplicationBuilder builder, string name, StarInfrastructure infrastructure,
        IResourceBuilder<ProjectResource>? identity = null, bool messaging = true)
        where TProject : IProjectMetadata, new()
    {
        var database = infrastructure.AddDatabase(name);
        // A warm start leaves out a migrate step whose build and state are as its last run left them.
        var migrate = infrastructure.Stamps.MustRun($"{name}-migrate", BuiltBinary.PathOf(new TProject().ProjectPath))
            ? builder.AddProject<TProject>($"{name}-migrate", options => options.ExcludeLaunchProfile = true)
                .RunBuiltBinary()
                .WithArgs("migrate")
                .StartupStep()
                .WithReference(database)
                .WaitFor(infrastructure.Postgres)
            : null;

        IResourceBuilder<ProjectResource> AddCopy(string resourceName)
        {
            var copy = builder.AddProject<TProject>(resourceName)
                .RunBuiltBinary()
                .WithReference(database)
                .WithHttpHealthCheck("/health")
                .WithDirectCalls()
                .Supervised();
            if (migrate is not null)
            {
                copy.WaitForCompletion(migrate);
            }
            else
            {
                copy.WaitFor(infrastructure.Postgres);
            }

            if (messaging)
            {
                copy.WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging);
                infrastructure.Publishers.Add(copy);
            }

            if (identity is not null)
            {
                copy.WithReferenceToEveryCopy(identity);
            }

            return copy;
        }

        var service = AddCopy($"{name}-api");
        if (messaging && migrate is not null)
        {
            // Not WaitFor: the step migrates its database while RabbitMQ boots, then waits for the
            // broker itself before declaring its topology (QuorumQueues.WaitForBrokerAsync).
            migrate.WithReference(infrastructure.Messaging);
            infrastructure.TopologySteps.Add(migrate);
        }

        // STAR_REPLICAS: the further copies share the first one's migrate step, database and queues
        // (consumers compete on each queue) and report to telemetry under its name. Kubernetes runs
        // copies as a Deployment's replicas, so they stay out of the manifest deploy/ is generated from.
        var copies = Replicas.Of(builder.Configuration, name);
        if (copies > 1)
        {
            var annotation = new Replicas.CopiesAnnotation();
            service.WithAnnotation(annotation);
            for (var i = 2; i <= copies; i++)
            {
                annotation.Copies.Add(AddCopy($"{name}-api-{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
                    .WithEnvironment("OTEL_SERVICE_NAME", service.Resource.Name)
                    .ExcludeFromManifest());
            }
        }

        return service;
    }

    /// <summary>
    /// Every service on the bus starts after every migrate step that declares broker topology:
    /// publishing to an exchange with no queue bound drops the message, so the queues of all
    /// consumers exist before anything publishes. The steps run in parallel and take a few seconds.
    /// </summary>
    public static void DeclareTopologyBeforePublishing(this StarInfrastructure infrastructure)
    {
        foreach (var publisher in infrastructure.Publishers)
        {
            foreach (var step in infrastructure.TopologySteps)
            {
                publisher.WaitForCompletion(step);
            }
        }
    }

    /// <summary>
    /// The operator console (Blazor, server-rendered): reached by browsers through the gateway at
    /// <c>/console</c>, it calls the APIs through the gateway too, with the signed-in person's token.
    /// It has no database: its Data Protection keys (the sign-in cookie) live in the state folder.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddConsole(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings) =>
        builder.AddProject<Projects.Console_Web>("console")
            .RunBuiltBinary()
            .WithEnvironment("Console__Gateway", "http://localhost:" + settings.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/")
            .WithEnvironment("Console__PublicUrl", IdentityExtensions.PublicUrl(builder.Configuration, settings))
            .WithEnvironment("Console__KeysPath", Path.Combine(settings.StateDir, "console-keys"))
            .WithHttpHealthCheck("/health")
            .WithDirectCalls()
            .Supervised();

    /// <summary>
    /// Callers reach the service on the port it listens on, not through DCP's proxy: every request
    /// the gateway forwarded used to cross one more loopback hop and a proxy process, about a
    /// twentieth of the machine's CPU per intake at 500 intakes/s (bench/IntakeBench). Copies of a
    /// service (<see cref="Replicas"/>) are balanced by their callers instead: the gateway's YARP cluster.
    /// </summary>
    static IResourceBuilder<ProjectResource> WithDirectCalls(this IResourceBuilder<ProjectResource> project)
    {
        project.WithEndpointProxySupport(false);
        // The launch profile's fixed port would then be the port itself: leave it to Aspire, so a
        // test run and ./run.sh on one machine do not collide.
        return project.WithEndpoint("http", endpoint => endpoint.Port = null);
    }

    /// <summary>
    /// The one entry point for clients. It starts with the services, not after them: its
    /// <c>/health</c> is healthy once every backend answers, and a request for a backend that is
    /// not up yet gets 503 with <c>Retry-After</c>. Not proxied: the gateway sees each client's own address, which its
    /// per-address rate limits need. <c>STAR_PORTAL_ORIGIN</c> is the portal's origin for CORS.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGateway(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, params IResourceBuilder<ProjectResource>[] services)
    {
        var gateway = builder.AddProject<Projects.Gateway>("gateway")
            .RunBuiltBinary()
            .WithEndpoint("http", endpoint =>
            {
                endpoint.Port = settings.GatewayPort;
                endpoint.TargetPort = settings.GatewayPort;
                endpoint.IsProxied = false;
            })
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .Supervised();
        if (builder.Configuration["STAR_PORTAL_ORIGIN"] is { Length: > 0 } portalOrigin)
        {
            gateway.WithEnvironment("Gateway__PortalOrigin", portalOrigin);
        }

        // A service's OpenAPI document names the gateway as its one server (STAR_PUBLIC_URL, like the issuer).
        var publicUrl = IdentityExtensions.PublicUrl(builder.Configuration, settings);
        foreach (var service in services)
        {
            gateway.WithReferenceToEveryCopy(service);
            if (service.Resource.Name.EndsWith("-api", StringComparison.Ordinal))
            {
                foreach (var copy in service.EveryCopy())
                {
                    copy.WithEnvironment("OpenApi__PublicUrl", publicUrl);
                }
            }
        }

        return gateway;
    }
}
