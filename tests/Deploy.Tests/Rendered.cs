using System.Diagnostics;
using k8s;
using k8s.Models;
using StarPlatform.Deploy;

namespace StarPlatform.Deploy.Tests;

/// <summary>
/// The example installation as <c>kubectl apply -k</c> would send it: deploy/ copied to a temporary
/// folder, its Secrets made by <c>new-secrets.sh</c> as an operator would, rendered by kubectl's own
/// Kustomize (no cluster needed), and read strictly into the Kubernetes API's types (KubernetesClient)
/// and the operators' (<see cref="Cnpg"/>, <see cref="Rabbitmq"/>): an unknown field or a wrong type throws.
/// </summary>
public sealed class Rendered : IDisposable
{
    public static readonly Dictionary<string, Type> OperatorTypes = new()
    {
        [$"{Cnpg.ApiVersion}/Cluster"] = typeof(Cnpg.Cluster),
        [$"{Cnpg.ApiVersion}/Database"] = typeof(Cnpg.Database),
        [$"{Rabbitmq.ApiVersion}/RabbitmqCluster"] = typeof(Rabbitmq.Cluster),
    };

    private readonly string _work = Directory.CreateTempSubdirectory("starplatform-deploy-").FullName;

    public Rendered()
    {
        var deploy = Path.Combine(Repository.Root, "deploy");
        CopyTree(deploy, Path.Combine(_work, "deploy"));
        var secrets = Path.Combine(_work, "deploy", "overlays", "example", "secrets");
        if (Directory.Exists(secrets))
        {
            Directory.Delete(secrets, recursive: true);
        }

        Run("bash", Path.Combine(_work, "deploy", "new-secrets.sh"), secrets);
        Yaml = Run("kubectl", "kustomize", Path.Combine(_work, "deploy", "overlays", "example"));
        Objects = KubernetesYaml.LoadAllFromString(Yaml, OperatorTypes, strict: true);
    }

    public string Yaml { get; }

    public List<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} is needed to render the deployment (kubectl ships Kustomize; this machine kind has it at /usr/bin/kubectl).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output.Result
                : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}");
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StarPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StarPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}

public static class Objects
{
    public static string Name(this IKubernetesObject<V1ObjectMeta> o) => o.Metadata.Name;
}
