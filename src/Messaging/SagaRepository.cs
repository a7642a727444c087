using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Messaging;

/// <summary>
/// MassTransit saga repository on the service's own DbContext (PostgreSQL). Optimistic
/// concurrency through <c>xmin</c>: a conflicting update throws and the message is retried.
/// Runs inside <see cref="TransactionalConsumeFilter{TMessage}"/>'s transaction, so the saga's
/// state, the inbox record and the outbox rows of a transition commit together.
/// </summary>
internal sealed class SagaRepositoryContextFactory<TSaga>(DbContext db) :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class =>
        next.Send(new DbSagaRepositoryContext<TSaga, T>(db, context));

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        var instances = await db.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(new DbSagaRepositoryContext<TSaga, T>(db, context), instances));
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => asyncMethod(new SagaReadContext<TSaga>(db, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => asyncMethod(new SagaReadContext<TSaga>(db, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");
}

internal sealed class DbSagaRepositoryContext<TSaga, TMessage>(DbContext db, ConsumeContext<TMessage> context) :
    ConsumeContextScope<TMessage>(context, db),
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _context = context;

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        Task.FromResult<SagaConsumeContext<TSaga, TMessage>>(new DefaultSagaConsumeContext<TSaga, TMessage>(_context, instance));

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var entry = db.Set<TSaga>().Add(instance);
        // A failed statement aborts a PostgreSQL transaction: the savepoint keeps the consume's
        // transaction usable when the instance is already there.
        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null)
        {
            await transaction.CreateSavepointAsync(InsertSavepoint, CancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken);
            return new DefaultSagaConsumeContext<TSaga, TMessage>(_context, instance);
        }
        catch (DbUpdateException)
        {
            // Already there (the usual case for a pre-insert): the caller loads it instead.
            entry.State = EntityState.Detached;
            if (transaction is not null)
            {
                await transaction.RollbackToSavepointAsync(InsertSavepoint, CancellationToken);
            }

            return default!;
        }
    }

    private const string InsertSavepoint = "saga_insert";

    /// <summary>
    /// Loads and row-locks the instance for the rest of the consume's transaction: concurrent
    /// events for one saga then wait for each other instead of failing at commit. The xmin check
    /// stays as the guard against anything that did not take the lock.
    /// </summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        // Not composed (no Single/First): EF sends the statement as written, key-lookup only.
        TSaga? instance = null;
        await foreach (var row in db.Set<TSaga>().FromSqlRaw(SagaSql<TSaga>.LoadForUpdate(db), correlationId)
                           .AsAsyncEnumerable().WithCancellation(CancellationToken))
        {
            instance = row;
        }

        return instance is null ? default! : new DefaultSagaConsumeContext<TSaga, TMessage>(_context, instance);
    }

    public Task Save(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Add(context.Saga);
        return SaveUnlessInConsumeTransaction();
    }

    public Task Update(SagaConsumeContext<TSaga> context) => SaveUnlessInConsumeTransaction();

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Remove(context.Saga);
        return SaveUnlessInConsumeTransaction();
    }

    /// <summary>
    /// Inside <see cref="TransactionalConsumeFilter{TMessage}"/>'s transaction the change is left
    /// to its one <c>SaveChanges</c>, which writes the saga's state together with the outbox rows
    /// of the transition in one batch; a conflict (xmin, duplicate key) fails that save the same way
    /// and the message is retried. Anywhere else the change is saved at once.
    /// </summary>
    private Task SaveUnlessInConsumeTransaction() =>
        db.Database.CurrentTransaction is null ? db.SaveChangesAsync(CancellationToken) : Task.CompletedTask;

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = db.ChangeTracker.Entries<TSaga>().FirstOrDefault(e => e.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null)
        {
            entry.State = EntityState.Unchanged;
        }

        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<TSaga, T>>(new DefaultSagaConsumeContext<TSaga, T>(consumeContext, instance));
}

internal static class SagaSql<TSaga> where TSaga : class, ISaga
{
    private static string? _loadForUpdate;

    public static string LoadForUpdate(DbContext db)
    {
        if (_loadForUpdate is not null)
        {
            return _loadForUpdate;
        }

        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped: call modelBuilder.AddSagaState<{typeof(TSaga).Name}>().");
        var key = entity.FindProperty(nameof(ISaga.CorrelationId))!.GetColumnName();
        // xmin is a system column: SELECT * leaves it out, so it is named.
        return _loadForUpdate = $"SELECT s.*, s.xmin FROM {entity.GetSchemaQualifiedTableName()} AS s WHERE s.\"{key}\" = {{0}} FOR UPDATE";
    }
}

/// <summary>Reads outside a consume (tests, APIs): no tracking, no locks.</summary>
internal sealed class SagaReadContext<TSaga>(DbContext db, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    QuerySagaRepositoryContext<TSaga>,
    LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public async Task<TSaga> Load(Guid correlationId) =>
        (await db.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == correlationId, CancellationToken))!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(s => s.CorrelationId)
            .ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}
