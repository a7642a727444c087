using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using StarPlatform.Testing;

namespace StarPlatform.Registry.Tests;

/// <summary>
/// The service's database down (nothing listening where PostgreSQL was, as while the AppHost restarts it): a read and a
/// write each get 503 with <c>Retry-After</c> as a problem detail in the caller's language (Chinese unless asked otherwise) — never a 500 — and nothing
/// is logged at Error for them.
/// </summary>
[Collection(RegistryCollection.Name)]
public class UnreachableDatabaseTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_request_while_the_database_is_down_gets_503_with_Retry_After_not_500()
    {
        var database = $"Host=127.0.0.1;Port={ClosedPort()};Database=registry;Username=postgres;Timeout=2;Pooling=false";
        await using var service = new InProcessService<Program>(InProcessService<Program>.Connections("registry-db", database, registry.Infrastructure));
        var admin = service.Client("admin");

        var read = await admin.GetAsync("/api/registry/centers?page=1");
        var write = await admin.PostAsJsonAsync("/api/registry/centers",
            new { name = "停库测试中心", level = "county", divisionCode = Api.CountyCode(), floorAreaM2 = 1200 });
        using var english = new HttpRequestMessage(HttpMethod.Get, "/api/registry/centers?page=1");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var inEnglish = await admin.SendAsync(english);

        var problems = new List<JsonElement>();
        foreach (var response in new[] { read, write, inEnglish })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.6.4", problem.GetProperty("type").GetString());
            Assert.False(problem.TryGetProperty("exception", out _), "no exception in the body");
            problems.Add(problem);
        }

        // Chinese unless the caller asks for English.
        Assert.Equal("The service's database is not reachable right now; try again in 5 s.", problems[2].GetProperty("detail").GetString());
        var zh = problems[0];
        Assert.Equal("服务暂时不可用。", zh.GetProperty("title").GetString());
        Assert.Equal("服务的数据库暂时无法连接，请 5 秒后重试。", zh.GetProperty("detail").GetString());

        // A Warning per request for whoever reads the log; nothing at Error, which is for on-call.
        var records = service.Logs.Records;
        Assert.Contains(records, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("answered 503", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error && r.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
