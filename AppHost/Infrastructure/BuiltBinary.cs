using System.Reflection;
using System.Xml.Linq;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>
/// Runs a project's built binary directly instead of under <c>dotnet run</c>. Aspire launches a
/// project resource as <c>dotnet run --project … --no-build</c>: a second .NET process per service
/// (~70 MB) in front of the real one, which ignores SIGTERM so every stop waited ~12 s for DCP's
/// SIGKILL. With an <see cref="ExecutableAnnotation"/> the project resource keeps everything it is
/// (endpoints, references, health checks, <c>WaitFor</c>, OTLP settings, the dashboard's logs,
/// traces and metrics, start/stop commands) and DCP starts the apphost executable the build made.
/// </summary>
public static class BuiltBinary
{
    /// <summary>The configuration the AppHost was built in; its project references were built the same.</summary>
    private static readonly string Configuration =
        typeof(BuiltBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static IResourceBuilder<ProjectResource> RunBuiltBinary(this IResourceBuilder<ProjectResource> project)
    {
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var directory = Path.GetDirectoryName(projectPath)!;
        return project.WithAnnotation(new ExecutableAnnotation
        {
            Command = PathOf(projectPath),
            // As under dotnet run: the content root (appsettings.json) is the project folder.
            WorkingDirectory = directory,
        }, ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary><c>bin/&lt;configuration&gt;/&lt;framework&gt;/&lt;assembly name&gt;</c> of the project.</summary>
    public static string PathOf(string projectPath)
    {
        var project = XDocument.Load(projectPath);
        string? Property(string name) => project.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        var assemblyName = Property("AssemblyName") ?? Path.GetFileNameWithoutExtension(projectPath);
        var framework = Property("TargetFramework") ?? $"net{Environment.Version.Major}.0";
        return Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", Configuration, framework, assemblyName);
    }

    /// <summary>Every binary the AppHost will start, with the ones the build has not made.</summary>
    public static IReadOnlyList<string> Missing(DistributedApplicationModel model) =>
        model.Resources.OfType<ProjectResource>()
            .Select(p => p.TryGetLastAnnotation<ExecutableAnnotation>(out var exe) ? exe.Command : null)
            .OfType<string>()
            .Distinct()
            .Where(path => !File.Exists(path))
            .ToList();
}
