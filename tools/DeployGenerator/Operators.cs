using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace StarPlatform.Deploy;

// The operators' resources this deployment uses, with only the fields it uses, each as the
// operator's API reference documents it. Read strictly (an unknown or misspelt field fails), they
// are the schemas the deployment's tests check the CRs against; the generator writes Database with them.

/// <summary>CloudNativePG's <c>postgresql.cnpg.io/v1</c> resources (API reference: cloudnative-pg.io/documentation/current/cloudnative-pg.v1/).</summary>
public static class Cnpg
{
    public const string ApiVersion = "postgresql.cnpg.io/v1";

    /// <summary>Cluster: a PostgreSQL primary and its streaming replicas; the operator fails over to a replica.</summary>
    public sealed class Cluster : IKubernetesObject<V1ObjectMeta>
    {
        [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = Cnpg.ApiVersion;
        [JsonPropertyName("kind")] public string Kind { get; set; } = "Cluster";
        [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
        [JsonPropertyName("spec")] public ClusterSpec Spec { get; set; } = new();
    }

    public sealed class ClusterSpec
    {
        /// <summary>Number of instances: one primary, the rest replicas (required).</summary>
        [JsonPropertyName("instances")] public int Instances { get; set; }
        [JsonPropertyName("imageName")] public string? ImageName { get; set; }
        [JsonPropertyName("primaryUpdateStrategy")] public string? PrimaryUpdateStrategy { get; set; }
        [JsonPropertyName("storage")] public StorageConfiguration? Storage { get; set; }
        [JsonPropertyName("resources")] public V1ResourceRequirements? Resources { get; set; }
        [JsonPropertyName("postgresql")] public PostgresConfiguration? Postgresql { get; set; }
        [JsonPropertyName("managed")] public ManagedConfiguration? Managed { get; set; }
        [JsonPropertyName("enablePDB")] public bool? EnablePdb { get; set; }
    }

    public sealed class StorageConfiguration
    {
        [JsonPropertyName("size")] public string? Size { get; set; }
        [JsonPropertyName("storageClass")] public string? StorageClass { get; set; }
    }

    public sealed class PostgresConfiguration
    {
        [JsonPropertyName("parameters")] public Dictionary<string, string>? Parameters { get; set; }
    }

    public sealed class ManagedConfiguration
    {
        [JsonPropertyName("roles")] public List<RoleConfiguration>? Roles { get; set; }
    }

    /// <summary>A role the operator keeps as declared; its password from a <c>kubernetes.io/basic-auth</c> Secret whose username is the role's name.</summary>
    public sealed class RoleConfiguration
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("ensure")] public string? Ensure { get; set; }
        [JsonPropertyName("login")] public bool? Login { get; set; }
        [JsonPropertyName("passwordSecret")] public LocalObjectReference? PasswordSecret { get; set; }
        [JsonPropertyName("connectionLimit")] public long? ConnectionLimit { get; set; }
    }

    public sealed class LocalObjectReference
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
    }

    /// <summary>Database (CloudNativePG 1.25+): a database in a Cluster, owned by a role, kept as declared.</summary>
    public sealed class Database : IKubernetesObject<V1ObjectMeta>
    {
        [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = Cnpg.ApiVersion;
        [JsonPropertyName("kind")] public string Kind { get; set; } = "Database";
        [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
        [JsonPropertyName("spec")] public DatabaseSpec Spec { get; set; } = new();
    }

    public sealed class DatabaseSpec
    {
        /// <summary>The database's name in PostgreSQL (required).</summary>
        [JsonPropertyName("name")] public string Name { get; set; } = "";

        /// <summary>The role that owns it (required).</summary>
        [JsonPropertyName("owner")] public string Owner { get; set; } = "";

        /// <summary>The Cluster it lives in (required).</summary>
        [JsonPropertyName("cluster")] public LocalObjectReference Cluster { get; set; } = new();
        [JsonPropertyName("ensure")] public string? Ensure { get; set; }
    }
}

/// <summary>The RabbitMQ cluster operator's <c>rabbitmq.com/v1beta1</c> RabbitmqCluster (API reference: rabbitmq.com/kubernetes/operator/using-operator).</summary>
public static class Rabbitmq
{
    public const string ApiVersion = "rabbitmq.com/v1beta1";

    /// <summary>
    /// A RabbitMQ cluster of <see cref="ClusterSpec.Replicas"/> nodes. The operator makes a Service of the
    /// cluster's name (AMQP on 5672) and a Secret <c>&lt;name&gt;-default-user</c> (keys <c>username</c>, <c>password</c>).
    /// </summary>
    public sealed class Cluster : IKubernetesObject<V1ObjectMeta>
    {
        [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = Rabbitmq.ApiVersion;
        [JsonPropertyName("kind")] public string Kind { get; set; } = "RabbitmqCluster";
        [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
        [JsonPropertyName("spec")] public ClusterSpec Spec { get; set; } = new();
    }

    public sealed class ClusterSpec
    {
        [JsonPropertyName("replicas")] public int? Replicas { get; set; }
        [JsonPropertyName("image")] public string? Image { get; set; }
        [JsonPropertyName("resources")] public V1ResourceRequirements? Resources { get; set; }
        [JsonPropertyName("persistence")] public Persistence? Persistence { get; set; }
        [JsonPropertyName("rabbitmq")] public RabbitmqConfiguration? Rabbitmq { get; set; }
    }

    public sealed class Persistence
    {
        [JsonPropertyName("storage")] public string? Storage { get; set; }
        [JsonPropertyName("storageClassName")] public string? StorageClassName { get; set; }
    }

    public sealed class RabbitmqConfiguration
    {
        [JsonPropertyName("additionalPlugins")] public List<string>? AdditionalPlugins { get; set; }

        /// <summary>Lines appended to <c>rabbitmq.conf</c>.</summary>
        [JsonPropertyName("additionalConfig")] public string? AdditionalConfig { get; set; }
    }

    public static string DefaultUserSecret(string cluster) => $"{cluster}-default-user";
}
