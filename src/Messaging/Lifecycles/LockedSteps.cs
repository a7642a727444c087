using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace StarPlatform.Messaging.Lifecycles;

/// <summary>What became of a step: taken (<see cref="Aggregate"/> holds the new state), refused, or nothing to take it on.</summary>
public readonly record struct StepOutcome<T>(T? Aggregate, Refusal? Refusal) where T : Aggregate
{
    public bool Taken => Aggregate is not null && Refusal is null;
}

/// <summary>
/// The one way a lifecycle step runs, from an HTTP request or from a consumer: the aggregate's row
/// is locked (<c>SELECT … FOR UPDATE</c>) for the transaction, so steps on one aggregate wait for
/// each other; the step decides (its transition table and rules) and either refuses — nothing is
/// written, the refusal is logged at Information and returned, never thrown — or changes the
/// aggregate; the change, whatever else the step added to the DbContext and the events the
/// aggregate raised (as outbox rows) are written by one <c>SaveChanges</c> in that transaction.
/// <list type="bullet">
/// <item><see cref="RunAsync{T}"/>: a request's step, in a transaction of its own, committed here.</item>
/// <item><see cref="ApplyAsync{T}"/>: a consumer's step, inside the consume's transaction
/// (<see cref="TransactionalConsumeFilter{TMessage}"/> saves and commits it with the inbox record).</item>
/// </list>
/// </summary>
public sealed partial class LockedSteps(DbContext db, IOutbox outbox, ILogger<LockedSteps> log)
{
    /// <summary>
    /// Runs a step in a transaction of its own: locks the row of <typeparamref name="T"/> with key
    /// <paramref name="id"/> (404 when there is none, or when <paramref name="mayAct"/> says the actor
    /// may not act on it), runs <paramref name="step"/>, and commits the change with its events — or
    /// rolls back on a refusal.
    /// </summary>
    /// <param name="what">how the aggregate is named in a 404 (<c>case</c>, <c>application</c>)</param>
    public async Task<StepOutcome<T>> RunAsync<T>(
        object id, string what, Func<T, CancellationToken, ValueTask<Refusal?>> step, CancellationToken ct, Func<T, bool>? mayAct = null)
        where T : Aggregate
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outcome = await DecideAsync(id, what, step, mayAct, cause: null, ct);
        if (!outcome.Taken)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return outcome;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Runs a step inside the current consume's transaction: locks the row, decides, and leaves the
    /// change and its events (outbox rows naming <paramref name="cause"/>) to the consume's one save.
    /// A refusal changes nothing; the consumer decides what it means (usually: the step no longer
    /// applies, and the message is done).
    /// </summary>
    public async Task<StepOutcome<T>> ApplyAsync<T>(
        object id, string what, Func<T, CancellationToken, ValueTask<Refusal?>> step, ConsumeContext cause, CancellationToken ct)
        where T : Aggregate
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("ApplyAsync runs inside a consume's transaction; use RunAsync otherwise.");
        }

        return await DecideAsync(id, what, step, mayAct: null, cause, ct);
    }

    /// <summary>The aggregate's row, locked until the current transaction ends; null when there is none.</summary>
    public async Task<T?> LockAsync<T>(object id, CancellationToken ct) where T : Aggregate
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A row lock needs a transaction.");
        }

        // Not composed (no Single/First): EF sends the statement as written, a key lookup.
        T? found = null;
        await foreach (var row in db.Set<T>().FromSqlRaw(LockSql<T>(), id).AsAsyncEnumerable().WithCancellation(ct))
        {
            found = row;
        }

        return found;
    }

    private async Task<StepOutcome<T>> DecideAsync<T>(
        object id, string what, Func<T, CancellationToken, ValueTask<Refusal?>> step, Func<T, bool>? mayAct, ConsumeContext? cause,
        CancellationToken ct)
        where T : Aggregate
    {
        var aggregate = await LockAsync<T>(id, ct);
        if (aggregate is null || (mayAct is not null && !mayAct(aggregate)))
        {
            var notFound = Refusal.NotFound(what);
            LogRefused(typeof(T).Name, id, notFound.Status, notFound.Code);
            return new StepOutcome<T>(null, notFound);
        }

        var refusal = await step(aggregate, ct);
        if (refusal is not null)
        {
            // A refused step has changed nothing (steps check before they change); what it raised is dropped.
            aggregate.TakeEvents();
            LogRefused(typeof(T).Name, id, refusal.Status, refusal.Code);
            return new StepOutcome<T>(aggregate, refusal);
        }

        foreach (var @event in aggregate.TakeEvents())
        {
            outbox.Publish(@event, cause);
        }

        return new StepOutcome<T>(aggregate, null);
    }

    private string LockSql<T>() => Statements.GetOrAdd((db.GetType(), typeof(T)), _ =>
    {
        var entity = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped in {db.GetType().Name}.");
        var key = entity.FindPrimaryKey()?.Properties is [var single]
            ? single.GetColumnName()
            : throw new InvalidOperationException($"{typeof(T).Name} needs a single-column key to be locked by id.");
        // xmin is a system column: SELECT * leaves it out, so it is named when the entity maps it.
        var xmin = entity.FindProperty("xmin") is null ? "" : ", t.xmin";
        return $"SELECT t.*{xmin} FROM {entity.GetSchemaQualifiedTableName()} AS t WHERE t.\"{key}\" = {{0}} FOR UPDATE";
    });

    private static readonly ConcurrentDictionary<(Type, Type), string> Statements = new();

    [LoggerMessage(Level = LogLevel.Information, Message = "A step on {Aggregate} {Id} was refused: {Status} {Code}")]
    private partial void LogRefused(string aggregate, object id, int status, string code);
}
