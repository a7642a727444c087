using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using StarPlatform.Deploy;

namespace StarPlatform.Deploy.Tests;

/// <summary>The example installation (deploy/overlays/example), rendered and read strictly, and its objects' references to each other.</summary>
public sealed partial class InstallationTests(Rendered rendered) : IClassFixture<Rendered>
{
    private static readonly string[] Services =
        ["registry-api", "criteria-api", "scoring-api", "complaints-api", "awards-api", "ratings-api", "identity-api", "gateway", "console"];

    private List<V1Deployment> Deployments => rendered.All<V1Deployment>().ToList();

    [Fact]
    public void Every_service_is_a_Deployment_behind_a_Service_with_an_autoscaler_and_a_disruption_budget()
    {
        Assert.Equal(Services.Order(), Deployments.Select(d => d.Name()).Order());
        Assert.Equal(Services.Order(), rendered.All<V1Service>().Select(s => s.Name()).Order());
        Assert.Equal(Services.Order(), rendered.All<V2HorizontalPodAutoscaler>().Select(h => h.Spec.ScaleTargetRef.Name).Order());
        Assert.Equal(Services.Order(), rendered.All<V1PodDisruptionBudget>().Select(p => p.Name()).Order());
        Assert.All(rendered.Objects.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("starplatform", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Every_Deployment_is_probed_on_health_and_alive_through_a_port_it_declares_and_asks_for_CPU()
    {
        foreach (var deployment in Deployments)
        {
            var container = deployment.Spec.Template.Spec.Containers[0];
            var ports = container.Ports.Select(p => p.Name).ToHashSet();
            // The gateway stays ready while a backend is down (it answers that backend's routes 503):
            // its readiness is that it answers; a service is ready when its dependencies are.
            Assert.Equal(deployment.Name() == "gateway" ? "/alive" : "/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Contains(container.ReadinessProbe.HttpGet.Port.Value, ports);
            Assert.Contains(container.LivenessProbe.HttpGet.Port.Value, ports);
            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
            Assert.Null(deployment.Spec.Replicas); // the autoscaler's
        }
    }

    [Fact]
    public void Every_service_with_a_migrate_step_waits_for_its_Job_with_an_account_that_may_read_Jobs()
    {
        var jobs = rendered.All<V1Job>().ToList();
        Assert.Equal(7, jobs.Count);
        foreach (var job in jobs)
        {
            var migrate = job.Spec.Template.Spec.Containers.Single();
            Assert.Equal(["migrate"], migrate.Args);
            var services = Deployments.Where(d => d.Spec.Template.Spec.Containers[0].Image == migrate.Image).ToList();
            var service = Assert.Single(services);
            var wait = Assert.Single(service.Spec.Template.Spec.InitContainers);
            Assert.Contains($"job/{job.Name()}", wait.Args);
            Assert.Contains("--for=condition=complete", wait.Args);
            // A service on the bus waits for every migrate Job: each declares its service's queues, and
            // nothing may publish before every consumer's queue exists.
            if (service.Spec.Template.Spec.Containers[0].Env.Any(e => e.Name == "ConnectionStrings__messaging"))
            {
                Assert.All(jobs, other => Assert.Contains($"job/{other.Name()}", wait.Args));
            }

            var account = service.Spec.Template.Spec.ServiceAccountName;
            var binding = Assert.Single(rendered.All<V1RoleBinding>(), b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account));
            Assert.Contains(rendered.All<V1ServiceAccount>(), a => a.Name() == account);
            var role = Assert.Single(rendered.All<V1Role>(), r => r.Name() == binding.RoleRef.Name);
            Assert.Contains(role.Rules, r => r.ApiGroups.Contains("batch") && r.Resources.Contains("jobs") && r.Verbs.Contains("watch") && r.Verbs.Contains("get"));
        }
    }

    [Fact]
    public void Every_Secret_ConfigMap_and_volume_a_container_reads_exists_with_the_keys_it_reads()
    {
        var secrets = rendered.All<V1Secret>().ToDictionary(s => s.Name(), s => s.Data.Keys.ToHashSet());
        // Made by the RabbitMQ operator for each RabbitmqCluster.
        foreach (var cluster in rendered.All<Rabbitmq.Cluster>())
        {
            secrets[Rabbitmq.DefaultUserSecret(cluster.Name())] = ["username", "password"];
        }

        var configMaps = rendered.All<V1ConfigMap>().ToDictionary(c => c.Name(), c => c.Data.Keys.ToHashSet());
        var claims = rendered.All<V1PersistentVolumeClaim>().Select(c => c.Name()).ToHashSet();
        foreach (var (owner, pod) in Pods())
        {
            foreach (var container in pod.Containers)
            {
                foreach (var env in container.Env ?? [])
                {
                    if (env.ValueFrom?.SecretKeyRef is { } secret)
                    {
                        Assert.True(secrets.TryGetValue(secret.Name, out var keys), $"{owner}: Secret {secret.Name} is not part of the installation");
                        Assert.Contains(secret.Key, keys!);
                    }
                }

                foreach (var from in container.EnvFrom ?? [])
                {
                    Assert.True(configMaps.ContainsKey(from.ConfigMapRef.Name), $"{owner}: ConfigMap {from.ConfigMapRef.Name} is missing");
                }
            }

            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.Secret is { } secret)
                {
                    Assert.True(secrets.ContainsKey(secret.SecretName), $"{owner}: Secret {secret.SecretName} is missing");
                }

                if (volume.PersistentVolumeClaim is { } claim)
                {
                    Assert.Contains(claim.ClaimName, claims);
                }
            }
        }
    }

    [Fact]
    public void Every_variable_a_value_refers_to_is_defined_before_it_and_every_key_folder_is_mounted()
    {
        var configMaps = rendered.All<V1ConfigMap>().ToDictionary(c => c.Name(), c => c.Data.Keys.ToHashSet());
        foreach (var (owner, pod) in Pods())
        {
            foreach (var container in pod.Containers)
            {
                var defined = (container.EnvFrom ?? []).SelectMany(f => configMaps[f.ConfigMapRef.Name]).ToHashSet();
                foreach (var env in container.Env ?? [])
                {
                    foreach (Match reference in VariableReference().Matches(env.Value ?? ""))
                    {
                        Assert.True(defined.Contains(reference.Groups[1].Value), $"{owner}: {env.Name} refers to $({reference.Groups[1].Value}), not defined before it");
                    }

                    defined.Add(env.Name);
                    if (env.Name.EndsWith("__KeysPath", StringComparison.Ordinal))
                    {
                        Assert.Contains(env.Value, (container.VolumeMounts ?? []).Select(m => m.MountPath));
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_host_a_service_is_given_is_a_Service_of_the_installation_or_of_its_operators()
    {
        var services = rendered.All<V1Service>().ToDictionary(s => s.Name(), s => s.Spec.Ports.Select(p => p.Port).ToHashSet());
        foreach (var cluster in rendered.All<Cnpg.Cluster>())
        {
            services[$"{cluster.Name()}-rw"] = [5432];
        }

        foreach (var cluster in rendered.All<Rabbitmq.Cluster>())
        {
            services[cluster.Name()] = [5672];
        }

        foreach (var (owner, pod) in Pods())
        {
            foreach (var env in pod.Containers.SelectMany(c => c.Env ?? []).Where(e => e.Value is not null))
            {
                foreach (var (host, port) in Endpoints(env.Value))
                {
                    Assert.True(services.TryGetValue(host, out var ports), $"{owner}: {env.Name} names {host}, which no Service is");
                    Assert.Contains(port, ports!);
                }
            }
        }
    }

    [Fact]
    public void Every_Service_autoscaler_and_budget_selects_a_Deployment_and_the_Ingress_reaches_the_gateway()
    {
        foreach (var service in rendered.All<V1Service>())
        {
            var selected = Deployments.Where(d => service.Spec.Selector.All(l => d.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
            var deployment = Assert.Single(selected);
            Assert.All(service.Spec.Ports, p => Assert.Contains(deployment.Spec.Template.Spec.Containers[0].Ports, c => c.Name == p.TargetPort.Value));
        }

        foreach (var budget in rendered.All<V1PodDisruptionBudget>())
        {
            Assert.Single(Deployments, d => budget.Spec.Selector.MatchLabels.All(l => d.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        }

        foreach (var autoscaler in rendered.All<V2HorizontalPodAutoscaler>())
        {
            Assert.Equal("Deployment", autoscaler.Spec.ScaleTargetRef.Kind);
            Assert.Contains(Deployments, d => d.Name() == autoscaler.Spec.ScaleTargetRef.Name);
            Assert.True(autoscaler.Spec.MinReplicas >= 2);
            var cpu = Assert.Single(autoscaler.Spec.Metrics);
            Assert.Equal("cpu", cpu.Resource.Name);
        }

        var ingress = Assert.Single(rendered.All<V1Ingress>());
        var backend = Assert.Single(ingress.Spec.Rules.SelectMany(r => r.Http.Paths)).Backend.Service;
        Assert.Equal("gateway", backend.Name);
        Assert.Contains(rendered.All<V1Service>().Single(s => s.Name() == "gateway").Spec.Ports, p => p.Name == backend.Port.Name);
    }

    [Fact]
    public void PostgreSQL_has_a_replica_and_one_database_per_service_owned_by_its_role_whose_password_the_service_reads()
    {
        var cluster = Assert.Single(rendered.All<Cnpg.Cluster>());
        Assert.True(cluster.Spec.Instances >= 2, "a primary and at least one replica");
        var roles = cluster.Spec.Managed!.Roles!.ToDictionary(r => r.Name);
        var secrets = rendered.All<V1Secret>().ToDictionary(s => s.Name());
        foreach (var role in roles.Values)
        {
            Assert.Equal("present", role.Ensure);
            Assert.True(role.Login);
            var secret = secrets[role.PasswordSecret!.Name];
            Assert.Equal("kubernetes.io/basic-auth", secret.Type);
            Assert.Equal(role.Name, Encoding.UTF8.GetString(secret.Data["username"]));
            Assert.True(secret.Data["password"].Length >= 32);
        }

        var databases = rendered.All<Cnpg.Database>().ToList();
        Assert.Equal(7, databases.Count);
        foreach (var database in databases)
        {
            Assert.Equal(cluster.Name(), database.Spec.Cluster.Name);
            Assert.True(roles.ContainsKey(database.Spec.Owner), $"{database.Spec.Name}'s owner {database.Spec.Owner} is no managed role");
            // The services of the database sign in with the owner's Secret.
            var readers = Pods().Where(p => p.Pod.Containers.SelectMany(c => c.Env ?? [])
                .Any(e => e.Value?.Contains($"Database={database.Spec.Name}", StringComparison.Ordinal) == true)).ToList();
            Assert.Equal(2, readers.Count); // the service and its migrate Job
            Assert.All(readers, r => Assert.Contains(r.Pod.Containers.SelectMany(c => c.Env ?? []),
                e => e.ValueFrom?.SecretKeyRef?.Name == roles[database.Spec.Owner].PasswordSecret!.Name));
        }
    }

    [Fact]
    public void RabbitMQ_is_a_three_node_cluster_with_quorum_queues()
    {
        var cluster = Assert.Single(rendered.All<Rabbitmq.Cluster>());
        Assert.Equal(3, cluster.Spec.Replicas);
        Assert.NotNull(cluster.Spec.Persistence?.Storage);
        // The services declare their queues as quorum queues everywhere (ServiceDataExtensions), replicated on the three nodes.
    }

    [Fact]
    public void Every_container_sends_its_telemetry_to_the_collector_under_its_own_name()
    {
        var settings = rendered.All<V1ConfigMap>().Single(c => c.Name() == ClusterMap.SettingsConfigMap);
        Assert.StartsWith("http://", settings.Data["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal);
        foreach (var (owner, pod) in Pods())
        {
            var container = pod.Containers[0];
            Assert.Contains(container.EnvFrom, f => f.ConfigMapRef.Name == settings.Name());
            Assert.Equal(owner, container.Env.Single(e => e.Name == "OTEL_SERVICE_NAME").Value);
        }
    }

    private IEnumerable<(string Owner, V1PodSpec Pod)> Pods() =>
        Deployments.Select(d => (d.Name(), d.Spec.Template.Spec))
            .Concat(rendered.All<V1Job>().Select(j => (j.Name(), j.Spec.Template.Spec)));

    /// <summary>host:port pairs in a value: URLs (http://host:port) and connection strings (Host=…;Port=…).</summary>
    private static IEnumerable<(string Host, int Port)> Endpoints(string value)
    {
        foreach (Match url in Url().Matches(value))
        {
            yield return (url.Groups[2].Value, int.Parse(url.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (HostPort().Match(value) is { Success: true } pair)
        {
            yield return (pair.Groups[1].Value, int.Parse(pair.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"(https?|amqp)://(?:[^@/\s]*@)?([a-z0-9.-]+):(\d+)")]
    private static partial Regex Url();

    [GeneratedRegex(@"Host=([^;]+);Port=(\d+)")]
    private static partial Regex HostPort();
}
