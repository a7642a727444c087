using System.Text.Json;
using StarPlatform.Access;
using StarPlatform.Gateway.Access;

namespace StarPlatform.Gateway.Tests;

/// <summary>The gateway's route table (<c>appsettings.json</c>) against the policies the suite knows.</summary>
public class RouteTableTests
{
    private static readonly JsonElement Routes = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "gateway.appsettings.json"))).RootElement.GetProperty("ReverseProxy").GetProperty("Routes");

    public static TheoryData<string> RouteNames()
    {
        var names = new TheoryData<string>();
        foreach (var route in Routes.EnumerateObject())
        {
            names.Add(route.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void Every_route_names_anonymous_or_a_known_role_policy(string name)
    {
        var route = Routes.GetProperty(name);

        Assert.True(route.TryGetProperty("AuthorizationPolicy", out var policy), $"{name} names no policy");
        Assert.True(policy.GetString() == "anonymous" || Policies.RolesByPolicy.ContainsKey(policy.GetString()!),
            $"{name}: unknown policy {policy}");
    }

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void Every_api_route_is_bound_to_its_methods(string name)
    {
        var match = Routes.GetProperty(name).GetProperty("Match");
        if (match.GetProperty("Path").GetString()!.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.True(match.TryGetProperty("Methods", out var methods) && methods.GetArrayLength() > 0, $"{name} matches every method");
        }
    }

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void An_anonymous_api_write_is_rate_limited_per_address(string name)
    {
        var route = Routes.GetProperty(name);
        var match = route.GetProperty("Match");
        // Only API writes: the console's POSTs are SignalR negotiation (the console signs people in itself), under the per-address limit.
        var anonymousWrite = match.GetProperty("Path").GetString()!.StartsWith("/api/", StringComparison.Ordinal)
            && route.GetProperty("AuthorizationPolicy").GetString() == "anonymous"
            && match.TryGetProperty("Methods", out var methods)
            && methods.EnumerateArray().Any(m => m.GetString() != "GET");
        if (anonymousWrite)
        {
            Assert.Equal(RateLimits.PublicSubmissionsPolicy, route.GetProperty("RateLimiterPolicy").GetString());
        }
    }
}
