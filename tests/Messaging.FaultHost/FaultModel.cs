using MassTransit;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;

namespace StarPlatform.Messaging.FaultHost;

/// <summary>The event each accepted write publishes through the outbox.</summary>
public sealed record Written(Guid WriteId, int Sequence);

/// <summary>An accepted HTTP write (the cause).</summary>
public sealed class Write
{
    public Guid Id { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
}

/// <summary>A consumer's effect. No unique key on purpose: a duplicate effect must be countable.</summary>
public sealed class Effect
{
    public long Id { get; set; }
    public Guid WriteId { get; set; }
    public int Sequence { get; set; }
}

public sealed class FaultDbContext(DbContextOptions<FaultDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Write>().Property(w => w.Id).ValueGeneratedNever();
        modelBuilder.Entity<Effect>().HasIndex(e => e.WriteId);
        modelBuilder.AddMessaging();
    }
}

public sealed class WrittenConsumer(FaultDbContext db) : IConsumer<Written>
{
    public Task Consume(ConsumeContext<Written> context)
    {
        db.Add(new Effect { WriteId = context.Message.WriteId, Sequence = context.Message.Sequence });
        return Task.CompletedTask;
    }
}

public static class WritesApi
{
    /// <summary>Accepts a write: the row and its event commit together, whether or not RabbitMQ is up.</summary>
    public static async Task<IResult> Write(int sequence, FaultDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var write = new Write { Id = Guid.CreateVersion7(), Sequence = sequence, AcceptedAt = clock.GetUtcNow() };
        db.Add(write);
        outbox.Publish(new Written(write.Id, sequence));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/writes/{write.Id}", new { write.Id, write.Sequence });
    }

    public static async Task EnsureDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FaultDbContext>().Database.EnsureCreatedAsync();
    }
}
