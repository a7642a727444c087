namespace StarPlatform.Deploy;

/// <summary>
/// Where the AppHost's resources are in the cluster: what the manifest says of a machine (hosts,
/// ports, passwords, folders) and a cluster says otherwise. Every name here is made by the
/// hand-written layer (<c>deploy/platform</c>) or by an operator it declares.
/// </summary>
public static class ClusterMap
{
    /// <summary>The port every service listens on in its container (ASP.NET Core's container default).</summary>
    public const int HttpPort = 8080;

    /// <summary>The AppHost's PostgreSQL and the CloudNativePG Cluster that takes its place.</summary>
    public const string PostgresResource = "postgres";
    public const string PostgresCluster = "starplatform-postgres";

    /// <summary>CloudNativePG's Service of the current primary.</summary>
    public const string PostgresHost = PostgresCluster + "-rw";
    public const string PostgresPort = "5432";

    /// <summary>The AppHost's RabbitMQ and the RabbitmqCluster that takes its place (its Service has the cluster's name).</summary>
    public const string MessagingResource = "messaging";
    public const string RabbitMqCluster = "starplatform-rabbitmq";
    public const string RabbitMqPort = "5672";

    /// <summary>Settings of the installation (public URL, OTLP collector), given to every container.</summary>
    public const string SettingsConfigMap = "starplatform-settings";

    /// <summary>The ServiceAccount allowed to read Jobs: the services' init containers wait with it for their migrate Job.</summary>
    public const string MigrateWaiter = "starplatform-migrate-waiter";

    /// <summary>An image whose entrypoint is kubectl (overridable with the overlay's <c>images:</c>).</summary>
    public const string KubectlImage = "registry.k8s.io/kubectl:v1.33.0";

    /// <summary>Container images: <c>starplatform/&lt;project&gt;</c>, named and tagged by the overlay's <c>images:</c>.</summary>
    public const string ImagePrefix = "starplatform/";

    /// <summary>A database's role and password: a <c>kubernetes.io/basic-auth</c> Secret, also the CloudNativePG role's password.</summary>
    public static string CredentialsSecret(string database) => $"{database}-credentials";

    /// <summary>
    /// Environment values the manifest gives as one machine's literals (a local state folder, a
    /// localhost URL), as the cluster gives them. Expressions in braces resolve like the manifest's.
    /// <c>$(STAR_PUBLIC_URL)</c> comes from <see cref="SettingsConfigMap"/>; the folders are where the
    /// platform layer mounts the identity keys (a Secret) and the console's key ring (a volume).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["Identity__Issuer"] = "$(STAR_PUBLIC_URL)",
        ["Identity__KeysPath"] = "/var/run/starplatform/identity-keys",
        ["Console__PublicUrl"] = "$(STAR_PUBLIC_URL)",
        ["OpenApi__PublicUrl"] = "$(STAR_PUBLIC_URL)",
        ["Console__Gateway"] = "{gateway.bindings.http.url}/",
        ["Console__KeysPath"] = "/var/lib/starplatform/console-keys",
    };
}
