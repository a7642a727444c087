using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace StarPlatform.Gateway.Tests;

/// <summary>
/// No exception text or stack trace in a response in Development either (the gateway and every
/// service share these defaults), unless Diagnostics:ShowExceptionDetails switches the developer page on.
/// </summary>
public sealed class ExceptionDetailsTests
{
    private const string Secret = "secret-exception-text";

    [Theory]
    [InlineData("/throws")]
    [InlineData("/throws-before-the-handler")]
    public async Task A_fault_in_Development_is_a_bare_500_problem_for_a_browser_and_for_an_API_client(string path)
    {
        await using var app = await StartAsync(showDetails: false);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        foreach (var accept in new[] { "text/html", "application/json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Accept", accept);
            request.Headers.Add("X-Private", "header-value");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{path} accepting {accept}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("header-value", body, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_setting_switches_the_developer_page_on()
    {
        await using var app = await StartAsync(showDetails: true);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var body = await (await client.GetAsync("/throws-before-the-handler")).Content.ReadAsStringAsync();

        Assert.Contains(Secret, body, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(bool showDetails)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Diagnostics:ShowExceptionDetails"] = showDetails ? "true" : "false";
        builder.AddServiceDefaults();
        var app = builder.Build();
        // Middleware the host runs before the exception handler (as it does authentication).
        app.Use((http, next) => http.Request.Path == "/throws-before-the-handler" ? throw new InvalidOperationException(Secret) : next(http));
        app.MapDefaultEndpoints(checkText: false);
        app.MapGet("/throws", IResult () => throw new InvalidOperationException(Secret));
        await app.StartAsync();
        return app;
    }
}
