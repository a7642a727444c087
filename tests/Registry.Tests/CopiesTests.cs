using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Registry.Data;
using StarPlatform.Testing;
using Xunit.Abstractions;

namespace StarPlatform.Registry.Tests;

/// <summary>
/// Two copies of the registry on one database (as replicas behind the gateway): an Idempotency-Key
/// holds across them. Real PostgreSQL and RabbitMQ.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class CopiesTests(RegistryFixture registry, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<InProcessService<Program>> _copies = [];

    public async Task InitializeAsync()
    {
        var connectionString = await registry.Infrastructure.CreateDatabaseAsync($"registry_copies_{Guid.NewGuid():N}"[..40]);
        for (var i = 0; i < 2; i++)
        {
            _copies.Add(new InProcessService<Program>(InProcessService<Program>.Connections("registry-db", connectionString, registry.Infrastructure)));
        }

        await using var scope = _copies[0].Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var copy in _copies)
        {
            await copy.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_key_sent_to_two_copies_at_once_creates_one_center_and_every_answer_names_it_or_asks_to_resend()
    {
        var subject = Guid.NewGuid().ToString();
        var clients = _copies.Select(c => c.Client("admin", subject)).ToList();
        var body = new { name = "两副本幂等中心", level = "county", divisionCode = Api.CountyCode(), floorAreaM2 = 1500 };
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SendAsync(clients[i % 2], body, key)));

        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        var busy = answers.Where(a => a.StatusCode == HttpStatusCode.Conflict).ToList();
        output.WriteLine($"12 requests with one key over two copies: {created.Count} × 201, {busy.Count} × 409 (key in use)");
        Assert.Equal(answers.Length, created.Count + busy.Count);
        Assert.NotEmpty(created);
        var ids = new HashSet<Guid>();
        foreach (var answer in created)
        {
            ids.Add((await answer.CreatedAsync()).Id());
        }

        foreach (var answer in busy)
        {
            await answer.ProblemAsync(HttpStatusCode.Conflict);
        }

        var id = Assert.Single(ids);
        // The one asked to send again gets the original from either copy.
        foreach (var client in clients)
        {
            var again = await SendAsync(client, body, key);
            Assert.Equal(id, (await again.CreatedAsync()).Id());
            Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        }

        await using var scope = _copies[1].Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Centers.CountAsync(c => c.Name == body.name));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registry/centers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
