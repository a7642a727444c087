using k8s;
using StarPlatform.Deploy;

namespace StarPlatform.Deploy.Tests;

/// <summary>The reading that validates the installation refuses what the API servers would.</summary>
public sealed class StrictReadingTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: registry-api
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: registry-api
          template:
            metadata:
              labels:
                app.kubernetes.io/name: registry-api
            spec:
              containers:
              - name: registry-api
                image: starplatform/registry-api
                ports:
                - containerPort: 8080
        """;

    [Fact]
    public void A_well_formed_Deployment_is_read()
    {
        var deployment = Assert.IsType<k8s.Models.V1Deployment>(Assert.Single(KubernetesYaml.LoadAllFromString(Deployment, Rendered.OperatorTypes, strict: true)));
        Assert.Equal(8080, deployment.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort);
    }

    [Fact]
    public void An_unknown_field_is_refused() =>
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(
            Deployment.Replace("containerPort: 8080", "containerPort: 8080\n            protocl: TCP", StringComparison.Ordinal), Rendered.OperatorTypes, strict: true));

    [Fact]
    public void A_wrong_type_is_refused() =>
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(
            Deployment.Replace("containerPort: 8080", "containerPort: http", StringComparison.Ordinal), Rendered.OperatorTypes, strict: true));

    [Fact]
    public void A_misspelt_field_of_an_operators_resource_is_refused()
    {
        const string cluster = """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata:
              name: starplatform-postgres
            spec:
              instances: 2
            """;
        Assert.IsType<Cnpg.Cluster>(Assert.Single(KubernetesYaml.LoadAllFromString(cluster, Rendered.OperatorTypes, strict: true)));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(cluster.Replace("instances", "instance", StringComparison.Ordinal), Rendered.OperatorTypes, strict: true));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(cluster.Replace("instances: 2", "instances: two", StringComparison.Ordinal), Rendered.OperatorTypes, strict: true));
    }

    [Fact]
    public void A_resource_of_an_unknown_kind_is_refused() =>
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(
            "apiVersion: rabbitmq.com/v1beta1\nkind: Queue\nmetadata:\n  name: q\n", Rendered.OperatorTypes, strict: true));
}
