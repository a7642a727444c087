using Microsoft.AspNetCore.Http;

namespace StarPlatform.Gateway.Tests;

/// <summary>Which requests get a span (ServiceDefaults: the gateway, the console and every service).</summary>
public class TracingTests
{
    [Theory]
    [InlineData("/console/_blazor")]
    [InlineData("/console/_blazor/negotiate")]
    [InlineData("/_blazor")]
    [InlineData("/_blazor/disconnect")]
    [InlineData("/health")]
    [InlineData("/alive")]
    public void The_console_circuit_and_the_probes_make_no_spans(string path) =>
        Assert.False(Microsoft.Extensions.Hosting.Extensions.Traced(new PathString(path)));

    [Theory]
    [InlineData("/api/complaints")]
    [InlineData("/console/cases")]
    [InlineData("/console/_blazorish")]
    [InlineData("/api/registry/outlets")]
    public void Pages_and_api_requests_make_spans(string path) =>
        Assert.True(Microsoft.Extensions.Hosting.Extensions.Traced(new PathString(path)));
}
