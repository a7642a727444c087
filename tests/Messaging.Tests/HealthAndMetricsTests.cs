using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>
/// What a service's <c>/health</c> and its messaging meter tell ops, against real PostgreSQL and RabbitMQ:
/// a stuck outbox, an unreachable database and the relay's and inbox's counts.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class HealthAndMetricsTests(MessagingFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_outbox_check_is_degraded_while_a_row_is_stuck_past_the_threshold_and_healthy_once_it_is_delivered()
    {
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}");
        using var host = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString, services => services.Configure<OutboxOptions>(o =>
        {
            o.BacklogAgeThreshold = TimeSpan.FromSeconds(30);
            o.BacklogSampleInterval = TimeSpan.Zero;
        }));
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>(), MessagingMetrics.MeterName);
        await host.StartAsync();
        try
        {
            Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host, ServiceHealth.OutboxCheckName)).Status);

            // A row enqueued two minutes ago that the relay may not claim yet: stuck past the threshold.
            var id = Guid.NewGuid();
            var enqueued = DateTimeOffset.UtcNow.AddMinutes(-2);
            await CounterHost.QueryAsync(host, db =>
            {
                db.Add(new OutboxMessage
                {
                    MessageId = Guid.NewGuid(),
                    MessageType = MessageTypes.NameOf(typeof(CounterCompleted)),
                    Body = JsonSerializer.Serialize(new CounterCompleted(id, 1), MessageTypes.JsonOptions),
                    EnqueuedAt = enqueued,
                    NextAttemptAt = DateTimeOffset.UtcNow.AddDays(1),
                });
                return db.SaveChangesAsync();
            });

            var stuck = await CheckAsync(host, ServiceHealth.OutboxCheckName);
            Assert.Equal(HealthStatus.Degraded, stuck.Status);
            Assert.Equal(1L, stuck.Data["rows"]);
            Assert.True((double)stuck.Data["oldestAgeSeconds"] >= 120);
            // The gauges report the same sample.
            recorder.Observe();
            Assert.Equal(1, recorder.Gauge("starplatform.outbox.backlog"));
            Assert.True(recorder.Gauge("starplatform.outbox.oldest_age") >= 120);

            // Due now: the relay delivers it and the backlog is gone.
            await CounterHost.QueryAsync(host, db => db.Set<OutboxMessage>()
                .ExecuteUpdateAsync(m => m.SetProperty(r => r.NextAttemptAt, DateTimeOffset.UtcNow)));
            await Eventually.HoldsAsync(async () => (await CheckAsync(host, ServiceHealth.OutboxCheckName)).Status == HealthStatus.Healthy,
                Within, "the outbox check is Healthy once the row is delivered");
            await Eventually.HoldsAsync(() => CounterHost.QueryAsync(host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == id)),
                Within, "the delivered row was consumed");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_database_check_is_unhealthy_for_a_database_nobody_answers_for()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] =
            $"Host=127.0.0.1;Port={LocalInfrastructure.FreePort()};Username=u;Password=p;Database=gone;Timeout=3";
        builder.AddDefaultHealthChecks();
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries[ServiceHealth.DatabaseCheckName].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["self"].Status);
    }

    [Fact]
    public async Task The_broker_check_turns_degraded_within_seconds_of_a_broker_outage_and_healthy_when_it_returns()
    {
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}");
        using var host = await CounterHost.StartAsync(fixture.Infrastructure, connectionString);
        try
        {
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Healthy, report.Entries[ServiceHealth.DatabaseCheckName].Status);
            await Eventually.HoldsAsync(async () => (await CheckAsync(host, ServiceHealth.BrokerCheckName)).Status == HealthStatus.Healthy,
                Within, "the broker check is Healthy once the bus is connected");

            await fixture.Infrastructure.StopRabbitMqAsync();
            try
            {
                // MassTransit reports the bus Degraded, naming each receive endpoint as faulted; /health answers 503 for it.
                await Eventually.HoldsAsync(async () => (await CheckAsync(host, ServiceHealth.BrokerCheckName)).Status != HealthStatus.Healthy,
                    TimeSpan.FromSeconds(10), "the broker check is no longer Healthy within seconds of the outage");
            }
            finally
            {
                await fixture.Infrastructure.StartRabbitMqAsync();
            }

            await Eventually.HoldsAsync(async () => (await CheckAsync(host, ServiceHealth.BrokerCheckName)).Status == HealthStatus.Healthy,
                Within, "the broker check is Healthy again once the broker is back");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_relay_counts_what_it_delivers_and_what_fails()
    {
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}");
        using var host = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString);
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>(), MessagingMetrics.MeterName);
        await host.StartAsync();
        try
        {
            await CounterHost.QueryAsync(host, db =>
            {
                for (var i = 0; i < 3; i++)
                {
                    db.Add(Row(MessageTypes.NameOf(typeof(CounterCompleted)), JsonSerializer.Serialize(new CounterCompleted(Guid.NewGuid(), 1), MessageTypes.JsonOptions)));
                }

                // A type no process knows: its delivery fails, and is retried.
                db.Add(Row("Nowhere.Gone, Nowhere", "{}"));
                return db.SaveChangesAsync();
            });

            await Eventually.HoldsAsync(() => Task.FromResult(recorder.Sum("starplatform.outbox.published") == 3),
                Within, "three deliveries counted");
            await Eventually.HoldsAsync(() => Task.FromResult(recorder.Sum("starplatform.outbox.publish_failures", "messaging.message.type=Gone") >= 1),
                Within, "the failed delivery counted");
            Assert.Equal(3, recorder.Sum("starplatform.outbox.published", "messaging.message.type=CounterCompleted"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_inbox_counts_a_redelivered_message_it_skips()
    {
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}");
        using var host = await CounterHost.BuildAsync(fixture.Infrastructure, connectionString);
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>(), MessagingMetrics.MeterName);
        await host.StartAsync();
        try
        {
            var messageId = Guid.NewGuid();
            var counter = Guid.NewGuid();
            var bus = host.Services.GetRequiredService<IBus>();
            await bus.Publish(new CounterCompleted(counter, 1), c => c.MessageId = messageId);
            await Eventually.HoldsAsync(() => CounterHost.QueryAsync(host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == counter)),
                Within, "the first delivery is consumed");
            Assert.Equal(0, recorder.Sum("starplatform.inbox.duplicates"));

            await bus.Publish(new CounterCompleted(counter, 1), c => c.MessageId = messageId);
            await Eventually.HoldsAsync(() => Task.FromResult(recorder.Sum("starplatform.inbox.duplicates") == 1),
                Within, "the redelivery is counted as a skipped duplicate");
            Assert.Equal(1, await CounterHost.QueryAsync(host, db => db.Set<CompletedCounter>().CountAsync(c => c.Id == counter)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Healthy, 200)]
    [InlineData(HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Degraded, 200)]
    [InlineData(HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Healthy, 503)]
    [InlineData(HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Healthy, 503)]
    public async Task Health_answers_503_when_the_database_or_the_broker_is_not_healthy_and_200_for_a_stuck_outbox_alone(
        HealthStatus database, HealthStatus broker, HealthStatus outbox, int expected)
    {
        var entries = new Dictionary<string, HealthReportEntry>
        {
            ["self"] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null, ["live"]),
            [ServiceHealth.DatabaseCheckName] = new(database, "database", TimeSpan.Zero, null, null, [ServiceHealth.ReadyTag]),
            [ServiceHealth.BrokerCheckName] = new(broker, "broker", TimeSpan.Zero, null, null, [ServiceHealth.ReadyTag]),
            [ServiceHealth.OutboxCheckName] = new(outbox, "outbox", TimeSpan.Zero, null,
                new Dictionary<string, object> { ["rows"] = 3L }, [ServiceHealth.InformationalTag]),
        };
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ServiceHealth.WriteAsync(context, new HealthReport(entries, TimeSpan.Zero));

        Assert.Equal(expected, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(new[] { database, broker, outbox }.Min().ToString(), body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal(outbox.ToString(), checks.GetProperty("outbox").GetProperty("status").GetString());
        Assert.Equal(3, checks.GetProperty("outbox").GetProperty("data").GetProperty("rows").GetInt64());
        Assert.Equal(JsonValueKind.Null, checks.GetProperty("self").GetProperty("data").ValueKind);
    }

    private static OutboxMessage Row(string type, string body) => new()
    {
        MessageId = Guid.NewGuid(),
        MessageType = type,
        Body = body,
        EnqueuedAt = DateTimeOffset.UtcNow,
        NextAttemptAt = DateTimeOffset.UtcNow,
    };

    private static async Task<HealthReportEntry> CheckAsync(IHost host, string name)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries[name];
    }
}
