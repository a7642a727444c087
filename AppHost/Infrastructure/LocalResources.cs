namespace StarPlatform.AppHost.Infrastructure;

/// <summary>PostgreSQL from the Debian package, run by <c>infra/postgres.sh</c> as an executable resource.</summary>
public sealed class LocalPostgresResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    // 127.0.0.1, not localhost: the server listens on IPv4 loopback only.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.TargetPort)};Username=postgres;Password={Password}");
}

/// <summary>One service's database on <see cref="LocalPostgresResource"/>; the service's migrate step creates it.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent.ConnectionStringExpression};Database={DatabaseName}");
}

/// <summary>RabbitMQ from the Debian package, run by <c>infra/rabbitmq.sh</c> as an executable resource.</summary>
public sealed class LocalRabbitMqResource(string name, string workingDirectory, string userName, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "amqp";

    public string UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{Password}@127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.TargetPort)}");
}
