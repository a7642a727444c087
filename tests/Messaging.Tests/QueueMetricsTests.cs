using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>What ops see of a service's queues on its queue meter: depths read from the real broker, dead letters included.</summary>
[Collection(MessagingCollection.Name)]
public sealed class QueueMetricsTests(MessagingFixture fixture)
{
    [Fact]
    public async Task Messages_put_on_a_queues_error_queue_are_reported_by_the_queue_gauge()
    {
        var service = $"depth-{Guid.NewGuid():N}"[..20];
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] = await fixture.Infrastructure.CreateDatabaseAsync($"depth_{Guid.NewGuid():N}");
        builder.Configuration["ConnectionStrings:messaging"] = fixture.Infrastructure.RabbitMqUri.ToString();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        builder.AddServiceMessaging<CounterDbContext>(service, bus => bus.AddConsumer<CounterNudgedConsumer>());
        builder.Services.AddSingleton(new ConsumerRepair { Broken = false });
        using var host = builder.Build();
        await CounterHost.QueryAsync(host, db => db.Database.EnsureCreatedAsync());
        using var recorder = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>(), QueueMetrics.MeterName);
        var queue = new KebabCaseEndpointNameFormatter(service, includeNamespace: false).Consumer<CounterNudgedConsumer>();

        await host.StartAsync();
        try
        {
            // Two messages left on the _error queue, as MassTransit leaves a message whose consumer kept failing.
            await using (var connection = await new ConnectionFactory { Uri = fixture.Infrastructure.RabbitMqUri }.CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
            {
                await channel.QueueDeclareAsync(queue + DeadLetters.ErrorSuffix, durable: true, exclusive: false, autoDelete: false);
                for (var i = 0; i < 2; i++)
                {
                    await channel.BasicPublishAsync("", queue + DeadLetters.ErrorSuffix, mandatory: true, new BasicProperties { MessageId = Guid.NewGuid().ToString() }, "{}"u8.ToArray());
                }
            }

            string Tag(string name) => $"messaging.destination.name={name}";
            await Eventually.HoldsAsync(() =>
                {
                    recorder.Observe();
                    return Task.FromResult(recorder.Gauge(QueueMetrics.Instrument, Tag(queue + DeadLetters.ErrorSuffix)) == 2);
                },
                TimeSpan.FromSeconds(60),
                () => $"the gauge reports 2 in {queue}_error; it says {recorder.Gauge(QueueMetrics.Instrument, Tag(queue + DeadLetters.ErrorSuffix))?.ToString() ?? "nothing"}",
                TimeSpan.FromMilliseconds(500));
            Assert.Equal(0, recorder.Gauge(QueueMetrics.Instrument, Tag(queue)));
            Assert.Equal(0, recorder.Gauge(QueueMetrics.Instrument, Tag(queue + DeadLetters.SkippedSuffix)));
            Assert.Equal(2, recorder.Gauge(QueueMetrics.Instrument, "starplatform.queue.kind=error"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
