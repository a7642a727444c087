using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

public enum BatchRowKind
{
    Plain,
    Special,
}

/// <summary>A row with every kind of column an insert batch must write as SaveChanges would.</summary>
public sealed class BatchRow
{
    public Guid Id { get; set; }
    public string? Label { get; set; }
    public BatchRowKind Kind { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public Guid? Owner { get; set; }
    public bool Flag { get; set; }
    public long Count { get; set; }
    public decimal Amount { get; set; }
    public string Document { get; set; } = "{}";
}

/// <summary><see cref="InsertBatch"/> against real PostgreSQL and RabbitMQ.</summary>
[Collection(MessagingCollection.Name)]
public sealed class InsertBatchTests(MessagingFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private IHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await CounterHost.StartAsync(fixture.Infrastructure,
            await fixture.Infrastructure.CreateDatabaseAsync($"counter_{Guid.NewGuid():N}"));

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task Rows_are_stored_as_SaveChanges_would_store_them_and_the_message_is_delivered()
    {
        var full = new BatchRow
        {
            Id = Guid.NewGuid(), Label = "eight ch", Kind = BatchRowKind.Special, Tags = ["a", "b c"],
            At = new DateTimeOffset(2026, 11, 27, 8, 30, 15, TimeSpan.Zero).AddTicks(1230), ClosedAt = DateTimeOffset.UnixEpoch,
            Owner = Guid.NewGuid(), Flag = true, Count = long.MaxValue, Amount = 12.345m, Document = """{"x": [1, 2]}""",
        };
        var empty = new BatchRow { Id = Guid.NewGuid() };
        var saga = new CounterState { CorrelationId = Guid.NewGuid(), CurrentState = "Counting", Count = 2, Target = 5 };
        var completed = new CounterCompleted(Guid.NewGuid(), 7);

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var batch = scope.ServiceProvider.GetRequiredService<InsertBatch>();
            batch.Insert(full).Insert(empty).Insert(saga);
            batch.Publish(completed);
            await batch.ExecuteAsync(CancellationToken.None);
        }

        var rows = await CounterHost.QueryAsync(_host, db => db.Set<BatchRow>().AsNoTracking().ToDictionaryAsync(r => r.Id));
        AssertSame(full, rows[full.Id]);
        AssertSame(empty, rows[empty.Id]);
        var stored = await CounterHost.SagaAsync(_host, saga.CorrelationId);
        Assert.NotNull(stored);
        Assert.Equal((saga.CurrentState, saga.Count, saga.Target), (stored.CurrentState, stored.Count, stored.Target));

        // The saga row got its xmin from the database: EF can update it with its concurrency check.
        await CounterHost.QueryAsync(_host, async db =>
        {
            var tracked = await db.Set<CounterState>().SingleAsync(s => s.CorrelationId == saga.CorrelationId);
            tracked.Count = 3;
            return await db.SaveChangesAsync();
        });

        // The outbox row left through the relay (woken by the batch) and RabbitMQ to the consumer.
        await Eventually.HoldsAsync(async () => await CounterHost.QueryAsync(_host,
            db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == completed.CounterId && c.Count == 7)), Within,
            "the published message is consumed");
        Assert.Equal(0, await CounterHost.QueryAsync(_host, db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task A_failing_statement_leaves_nothing_of_the_batch_written()
    {
        var existing = Guid.NewGuid();
        await CounterHost.QueryAsync(_host, db =>
        {
            db.Add(new CompletedCounter { Id = existing, Count = 1 });
            return db.SaveChangesAsync();
        });

        var row = new BatchRow { Id = Guid.NewGuid(), Label = "first" };
        Guid messageId;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var batch = scope.ServiceProvider.GetRequiredService<InsertBatch>();
            batch.Insert(row);
            messageId = batch.Publish(new CounterCompleted(Guid.NewGuid(), 1));
            batch.Insert(new CompletedCounter { Id = existing, Count = 2 });
            var failure = await Assert.ThrowsAsync<PostgresException>(() => batch.ExecuteAsync(CancellationToken.None));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
        }

        Assert.False(await CounterHost.QueryAsync(_host, db => db.Set<BatchRow>().AnyAsync(r => r.Id == row.Id)));
        Assert.False(await CounterHost.QueryAsync(_host, db => db.Set<OutboxMessage>().AnyAsync(m => m.MessageId == messageId)));
        Assert.Equal(1, await CounterHost.QueryAsync(_host, db => db.Set<CompletedCounter>().Where(c => c.Id == existing).Select(c => c.Count).SingleAsync()));
    }

    [Fact]
    public async Task A_value_too_long_for_its_column_is_refused_not_cut()
    {
        var row = new BatchRow { Id = Guid.NewGuid(), Label = "nine char" };
        await using var scope = _host.Services.CreateAsyncScope();
        var batch = scope.ServiceProvider.GetRequiredService<InsertBatch>().Insert(row);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => batch.ExecuteAsync(CancellationToken.None));
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, failure.SqlState);
        Assert.False(await CounterHost.QueryAsync(_host, db => db.Set<BatchRow>().AnyAsync(r => r.Id == row.Id)));
    }

    [Fact]
    public async Task A_statement_of_its_own_runs_in_the_same_transaction()
    {
        var gone = Guid.NewGuid();
        await CounterHost.QueryAsync(_host, db =>
        {
            db.Add(new CompletedCounter { Id = gone, Count = 1 });
            return db.SaveChangesAsync();
        });

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var batch = scope.ServiceProvider.GetRequiredService<InsertBatch>();
            batch.Statement("DELETE FROM completed_counter WHERE id = $1", gone);
            batch.Insert(new BatchRow { Id = gone, Label = "123456789" });
            await Assert.ThrowsAsync<PostgresException>(() => batch.ExecuteAsync(CancellationToken.None));
        }

        // The insert failed, so the delete before it was rolled back.
        Assert.True(await CounterHost.QueryAsync(_host, db => db.Set<CompletedCounter>().AnyAsync(c => c.Id == gone)));
    }

    [Fact]
    public async Task A_batch_refuses_to_run_inside_the_DbContexts_transaction()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var batch = scope.ServiceProvider.GetRequiredService<InsertBatch>().Insert(new BatchRow { Id = Guid.NewGuid() });
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteAsync(CancellationToken.None));
    }

    private static void AssertSame(BatchRow expected, BatchRow actual)
    {
        Assert.Equal(expected.Label, actual.Label);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Tags, actual.Tags);
        // PostgreSQL keeps microseconds.
        Assert.Equal(expected.At.UtcTicks / 10, actual.At.UtcTicks / 10);
        Assert.Equal(expected.ClosedAt, actual.ClosedAt);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Amount, actual.Amount);
        Assert.Equal(
            System.Text.Json.JsonDocument.Parse(expected.Document).RootElement.GetRawText().Replace(" ", ""),
            System.Text.Json.JsonDocument.Parse(actual.Document).RootElement.GetRawText().Replace(" ", ""));
    }
}
