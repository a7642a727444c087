using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace StarPlatform.AppHost.Infrastructure;

/// <summary>
/// How many copies of each service <c>./run.sh</c> starts: <c>STAR_REPLICAS=complaints=2,ratings=2</c>
/// (a service not named runs once). Each copy beyond the first is a resource of its own
/// (<c>complaints-api-2</c>) with its own port, the same database, broker, references, health check
/// and waits, and the service's name in its telemetry (copies told apart by <c>service.instance.id</c>).
/// Aspire's own <c>WithReplicas</c> balances through DCP's proxy, which the services do without
/// (<see cref="ServiceExtensions"/>): here every caller is given every copy's address under the
/// service's name (<c>services__complaints-api__http__0</c>, <c>__1</c> …), so service discovery
/// resolves the name to all copies and the gateway balances across them.
/// </summary>
public static class Replicas
{
    public const string Setting = "STAR_REPLICAS";

    /// <summary>More copies than this on one machine is a mistake, not a deployment.</summary>
    public const int Max = 8;

    /// <summary>The copies of a service beyond its first resource, in order (<c>-2</c>, <c>-3</c> …).</summary>
    public sealed class CopiesAnnotation : IResourceAnnotation
    {
        public List<IResourceBuilder<ProjectResource>> Copies { get; } = [];
    }

    /// <summary>The number of copies configured for <paramref name="service"/> (1 when not named or not a count).</summary>
    public static int Of(IConfiguration configuration, string service) =>
        Parse(configuration[Setting]).TryGetValue(service, out var count) && count is >= 1 and <= Max ? count : 1;

    /// <summary><c>complaints=2,ratings=2</c> as service → count; a malformed entry maps to 0 (<see cref="Problems"/> names it).</summary>
    public static IReadOnlyDictionary<string, int> Parse(string? value)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            counts[parts[0]] = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return counts;
    }

    /// <summary>What is wrong with <c>STAR_REPLICAS</c>: a name that is no service, a count out of 1..<see cref="Max"/>.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration, IEnumerable<string> services)
    {
        var known = services.ToHashSet(StringComparer.Ordinal);
        foreach (var (service, count) in Parse(configuration[Setting]))
        {
            if (!known.Contains(service))
            {
                yield return $"{Setting} names '{service}', which is no service (one of: {string.Join(", ", known.Order())})";
            }
            else if (count is < 1 or > Max)
            {
                yield return $"{Setting}: {service} needs a count from 1 to {Max}, as in {service}=2";
            }
        }
    }

    /// <summary>The service's first resource and each of its copies.</summary>
    public static IEnumerable<IResourceBuilder<ProjectResource>> EveryCopy(this IResourceBuilder<ProjectResource> service) =>
        service.Resource.TryGetLastAnnotation<CopiesAnnotation>(out var copies) ? [service, .. copies.Copies] : [service];

    /// <summary>
    /// References <paramref name="service"/> as <c>WithReference</c> does, and adds each copy's endpoint
    /// under the service's own name, so <c>http://complaints-api</c> resolves to every copy.
    /// </summary>
    public static IResourceBuilder<T> WithReferenceToEveryCopy<T>(this IResourceBuilder<T> caller, IResourceBuilder<ProjectResource> service)
        where T : IResourceWithEnvironment
    {
        caller.WithReference(service);
        if (!service.Resource.TryGetLastAnnotation<CopiesAnnotation>(out var copies))
        {
            return caller;
        }

        var index = 1;
        foreach (var copy in copies.Copies)
        {
            caller.WithEnvironment($"services__{service.Resource.Name}__http__{index.ToString(CultureInfo.InvariantCulture)}", copy.GetEndpoint("http"));
            index++;
        }

        return caller;
    }
}
