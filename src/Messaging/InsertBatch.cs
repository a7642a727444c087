using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace StarPlatform.Messaging;

/// <summary>
/// New rows of the DbContext's model, and the outbox messages they cause, written in one round
/// trip and all or nothing: PostgreSQL runs statements sent with one Sync as one implicit
/// transaction, so a failing statement rolls back the ones before it and skips the rest. For a hot
/// path that only adds rows, it saves what <c>SaveChanges</c> costs on top of the write: change
/// tracking, building the commands, and its own BEGIN and separate COMMIT round trip.
/// </summary>
/// <remarks>
/// Values are written as the entities hold them, through the model's value converters; nothing is
/// generated client-side. A store-generated column (an identity, <c>xmin</c>) whose value is the
/// CLR default is left to the database. Runs outside any transaction of the DbContext (it is its own).
/// </remarks>
public sealed class InsertBatch(DbContext db, TimeProvider clock, OutboxSignal signal)
{
    private readonly List<NpgsqlBatchCommand> _commands = [];
    private bool _publishes;

    /// <summary>Adds an INSERT of <paramref name="entity"/> (an entity type of the model).</summary>
    public InsertBatch Insert<T>(T entity) where T : class
    {
        _commands.Add(InsertTemplate.For(db, entity.GetType()).Command(entity));
        return this;
    }

    /// <summary>Adds a statement of the caller's own (positional parameters <c>$1</c>, <c>$2</c> …).</summary>
    public InsertBatch Statement(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        _commands.Add(command);
        return this;
    }

    /// <summary>Adds the outbox row that publishes <paramref name="message"/> once the batch has committed.</summary>
    public Guid Publish<T>(T message) where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var messageId = NewId.NextGuid();
        Insert(Outbox.Row(message, message.GetType(), clock, messageId, null, null, null, destination: null));
        _publishes = true;
        return messageId;
    }

    /// <summary>Writes every row in one round trip; a <see cref="PostgresException"/> means none was written.</summary>
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("An insert batch is its own transaction; it cannot join the DbContext's.");
        }

        if (_commands.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var command in _commands)
            {
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        _commands.Clear();
        if (_publishes)
        {
            _publishes = false;
            signal.Notify();
        }
    }
}

/// <summary>The INSERT of one entity type, built once from the EF model: table, columns, store types, converters.</summary>
internal sealed class InsertTemplate
{
    private static readonly ConcurrentDictionary<IEntityType, InsertTemplate> Templates = new();

    private readonly string _table;
    private readonly Column[] _columns;

    /// <summary>The statement when every store-generated column is left to the database (the usual case).</summary>
    private readonly string _sql;

    /// <param name="Default">for a store-generated column, the CLR default that leaves it to the database</param>
    private sealed record Column(string Name, string Cast, IClrPropertyGetter Getter, Func<object?, object?>? Convert, bool StoreGenerated, object? Default);

    private InsertTemplate(string table, Column[] columns)
    {
        _table = table;
        _columns = columns;
        _sql = Sql(columns.Where(c => !c.StoreGenerated));
    }

    public static InsertTemplate For(DbContext db, Type clrType)
    {
        var entityType = db.Model.FindEntityType(clrType)
            ?? throw new InvalidOperationException($"{clrType.Name} is not an entity type of {db.GetType().Name}.");
        return Templates.GetOrAdd(entityType, static (type, sql) => Build(type, sql), db.GetService<ISqlGenerationHelper>());
    }

    private static InsertTemplate Build(IEntityType entityType, ISqlGenerationHelper sql)
    {
        if (entityType.GetComplexProperties().Any() || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
        {
            throw new NotSupportedException($"{entityType.DisplayName()} has complex or owned properties; an insert batch writes plain columns only.");
        }

        var table = entityType.GetTableName()
            ?? throw new NotSupportedException($"{entityType.DisplayName()} is not mapped to a table.");
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties())
        {
            var storeGenerated = property.ValueGenerated != ValueGenerated.Never;
            if (property.IsShadowProperty())
            {
                if (!storeGenerated)
                {
                    throw new NotSupportedException(
                        $"{entityType.DisplayName()}.{property.Name} is a shadow property the database does not generate; an insert batch has no value for it.");
                }

                continue;
            }

            var mapping = property.GetRelationalTypeMapping();
            // Cast to the column's type without its facets, so a value too long for varchar(n) is an
            // error, as it would be from SaveChanges, not silently cut by the cast.
            columns.Add(new Column(sql.DelimitIdentifier(property.GetColumnName()), "::" + mapping.StoreTypeNameBase,
                property.GetGetter(), mapping.Converter is { } converter ? converter.ConvertToProvider : null, storeGenerated,
                property.ClrType.IsValueType ? Activator.CreateInstance(property.ClrType) : null));
        }

        return new InsertTemplate(sql.DelimitIdentifier(table, entityType.GetSchema()), [.. columns]);
    }

    private string Sql(IEnumerable<Column> columns)
    {
        var list = columns.ToList();
        return $"INSERT INTO {_table} ({string.Join(", ", list.Select(c => c.Name))}) VALUES ({string.Join(", ", list.Select((c, i) => $"${i + 1}{c.Cast}"))})";
    }

    public NpgsqlBatchCommand Command(object entity)
    {
        var command = new NpgsqlBatchCommand(_sql);
        List<Column>? written = null;
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var value = column.Getter.GetClrValueUsingContainingEntity(entity);
            if (column.StoreGenerated)
            {
                if (Equals(value, column.Default))
                {
                    continue;
                }

                // A value of its own for a store-generated column: this row needs a statement of its own.
                written ??= [.. _columns.Take(i).Where(c => !c.StoreGenerated)];
            }

            written?.Add(column);
            command.Parameters.Add(new NpgsqlParameter { Value = (column.Convert is null ? value : column.Convert(value)) ?? DBNull.Value });
        }

        if (written is not null)
        {
            command.CommandText = Sql(written);
        }

        return command;
    }
}
