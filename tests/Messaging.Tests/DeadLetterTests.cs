using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

public sealed record CounterNudged(Guid CounterId);

/// <summary>Whether <see cref="CounterNudgedConsumer"/> is broken (the fault a deployment would fix).</summary>
public sealed class ConsumerRepair
{
    public volatile bool Broken = true;
}

/// <summary>Adds one to a counter's completions; throws while it is broken.</summary>
public sealed class CounterNudgedConsumer(CounterDbContext db, ConsumerRepair repair) : IConsumer<CounterNudged>
{
    public async Task Consume(ConsumeContext<CounterNudged> context)
    {
        if (repair.Broken)
        {
            throw new InvalidOperationException("The nudge consumer is broken.");
        }

        var counter = await db.Set<CompletedCounter>().SingleAsync(c => c.Id == context.Message.CounterId, context.CancellationToken);
        counter.Count++;
    }
}

/// <summary>
/// A message whose consumer keeps failing ends in the queue's <c>_error</c> queue; once the
/// consumer is repaired, ops replay it (the admin endpoints' <see cref="DeadLetters"/>) and it
/// takes effect once. Real RabbitMQ and PostgreSQL.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class DeadLetterTests(MessagingFixture fixture)
{
    [Fact]
    public async Task A_dead_lettered_message_is_listed_and_once_replayed_after_the_repair_takes_effect_exactly_once()
    {
        var service = $"dead-{Guid.NewGuid():N}"[..20];
        var connectionString = await fixture.Infrastructure.CreateDatabaseAsync($"dead_{Guid.NewGuid():N}");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] = connectionString;
        builder.Configuration["ConnectionStrings:messaging"] = fixture.Infrastructure.RabbitMqUri.ToString();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        // One message at a time, in queue order: when a later message is done, so is every earlier one.
        builder.AddServiceMessaging<CounterDbContext>(service, bus => bus.AddConsumer<CounterNudgedConsumer>().Endpoint(e => e.ConcurrentMessageLimit = 1));
        var repair = new ConsumerRepair();
        builder.Services.AddSingleton(repair);
        using var host = builder.Build();
        await CounterHost.QueryAsync(host, db => db.Database.EnsureCreatedAsync());
        var counterId = Guid.NewGuid();
        await CounterHost.QueryAsync(host, async db =>
        {
            db.Add(new CompletedCounter { Id = counterId, Count = 0 });
            return await db.SaveChangesAsync();
        });

        await host.StartAsync();
        try
        {
            var deadLetters = host.Services.GetRequiredService<DeadLetters>();
            var messageId = NewId.NextGuid();
            await host.Services.GetRequiredService<IBus>().Publish(new CounterNudged(counterId), c => c.MessageId = messageId);

            // Every retry fails (about 40 s of them), then MassTransit moves it to <queue>_error.
            DeadLetter? letter = null;
            await Eventually.HoldsAsync(async () =>
                (letter = (await deadLetters.ListAsync(null, 100, default)).SingleOrDefault(l => l.MessageId == messageId)) is not null,
                TimeSpan.FromSeconds(120), "the message is dead-lettered");
            var queue = new KebabCaseEndpointNameFormatter(service, includeNamespace: false).Consumer<CounterNudgedConsumer>();
            Assert.Equal(queue + DeadLetters.ErrorSuffix, letter!.Queue);
            Assert.Equal(queue, letter.OriginalQueue);
            Assert.Equal("fault", letter.Reason);
            Assert.Equal("The nudge consumer is broken.", letter.FaultMessage);
            Assert.Contains(nameof(InvalidOperationException), letter.ExceptionType, StringComparison.Ordinal);
            Assert.Contains(nameof(CounterNudged), letter.MessageType, StringComparison.Ordinal);
            Assert.NotNull(letter.FaultedAt);
            // Listing takes nothing away.
            Assert.Contains(await deadLetters.ListAsync(queue, 100, default), l => l.MessageId == messageId);
            Assert.Equal(0, await CountAsync(host, counterId));

            repair.Broken = false;
            var replay = await deadLetters.ReplayAsync(messageId, default);
            Assert.NotNull(replay);
            Assert.Equal(queue, replay.Queue);
            await Eventually.HoldsAsync(async () => await CountAsync(host, counterId) == 1, TimeSpan.FromSeconds(30), "the replayed message takes effect");

            // It left the error queue: a second replay of the id is refused, and nothing more happens.
            Assert.DoesNotContain(await deadLetters.ListAsync(null, 100, default), l => l.MessageId == messageId);
            Assert.Null(await deadLetters.ReplayAsync(messageId, default));
            // A copy that reached the queue twice (a replay interrupted between publish and ack) meets the inbox.
            await host.Services.GetRequiredService<IBus>().Publish(new CounterNudged(counterId), c => c.MessageId = messageId);
            var marker = Guid.NewGuid();
            await CounterHost.QueryAsync(host, async db =>
            {
                db.Add(new CompletedCounter { Id = marker, Count = 0 });
                return await db.SaveChangesAsync();
            });
            await host.Services.GetRequiredService<IBus>().Publish(new CounterNudged(marker));
            await Eventually.HoldsAsync(async () => await CountAsync(host, marker) == 1, TimeSpan.FromSeconds(30), "the message after the copy is consumed");
            Assert.Equal(1, await CountAsync(host, counterId));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static Task<int> CountAsync(IHost host, Guid id) =>
        CounterHost.QueryAsync(host, db => db.Set<CompletedCounter>().AsNoTracking().Where(c => c.Id == id).Select(c => c.Count).SingleAsync());
}
