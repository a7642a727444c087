using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Data;

/// <summary>A served transaction to record.</summary>
public sealed record ServedRecord(Guid UnitId, string TransactionId, string ServiceItem, DateTimeOffset ServedAt);

/// <summary>A rating to record for a transaction that is recorded (or recorded in the same write).</summary>
public sealed record GivenRating(Guid UnitId, string TransactionId, RatingChannel Channel, RatingLevel Level, string? Comment, string? ProtectedContact);

/// <summary>What one write recorded: the ratings taken (the others were on a transaction already rated on their channel, or too old).</summary>
public sealed record WriteResult(int TransactionsRecorded, IReadOnlySet<(Guid UnitId, string TransactionId, RatingChannel Channel)> RatingsRecorded,
    IReadOnlyDictionary<(Guid UnitId, string TransactionId, RatingChannel Channel), Guid> RatingIds);

/// <summary>
/// Records transactions and ratings set-based, in the caller's transaction: each table written by one
/// statement whatever the number of records, duplicates skipped by the keys (a transaction per unit and
/// id, a rating per transaction and channel), and each unit's monthly counts moved by exactly what was
/// recorded — so the counts and the rows can never disagree. A bad rating publishes
/// <see cref="BadRatingReceived"/> through the outbox and opens its <see cref="RectificationCase"/>, in the same transaction.
/// The moved counts are announced to the other services by <see cref="MonthAnnouncer"/>, once per unit and month and
/// period however many writes moved them (decision 0019): a write itself adds no outbox row for them.
/// </summary>
public sealed class RatingWriter(RatingsDbContext db, IOutbox outbox, TimeProvider clock, IOptions<RatingOptions> options)
{
    /// <param name="reporter">the device (actor) that reports <paramref name="served"/></param>
    /// <param name="ratableFrom">a rating of a transaction served before this instant is too old and not taken</param>
    public async Task<WriteResult> WriteAsync(Guid reporter, IReadOnlyList<ServedRecord> served, IReadOnlyList<GivenRating> ratings,
        DateTimeOffset ratableFrom, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            throw new InvalidOperationException("RatingWriter writes in the caller's transaction.");
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        var now = clock.GetUtcNow();
        var deltas = new Dictionary<(Guid Unit, DateOnly Month), long[]>();

        long[] Delta(Guid unit, DateOnly month) =>
            deltas.TryGetValue((unit, month), out var d) ? d : deltas[(unit, month)] = new long[7];

        var recorded = 0;
        if (served.Count > 0)
        {
            // A transaction reported together with a rating it can take is written rated (first_rated_at), rather than
            // updated once more below: the update is for transactions reported before.
            var ratedWith = ratings.Select(r => (r.UnitId, r.TransactionId)).ToHashSet();
            await using var insert = new NpgsqlCommand("""
                insert into served_transactions (unit_id, transaction_id, service_item, served_at, month, reported_by, reported_at, first_rated_at)
                select r.unit_id, r.transaction_id, r.service_item, r.served_at, r.month, $6, $7, case when r.rated then $7 end
                from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::date[], $8::boolean[])
                  as r(unit_id, transaction_id, service_item, served_at, month, rated)
                on conflict (unit_id, transaction_id) do nothing
                returning unit_id, month, first_rated_at is not null
                """, connection, tx);
            insert.Parameters.Add(new NpgsqlParameter { Value = served.Select(s => s.UnitId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = served.Select(s => s.TransactionId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = served.Select(s => s.ServiceItem).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = served.Select(s => s.ServedAt.ToUniversalTime()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = served.Select(s => Rates.MonthOf(s.ServedAt)).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = reporter });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            insert.Parameters.Add(new NpgsqlParameter
            {
                Value = served.Select(s => s.ServedAt >= ratableFrom && ratedWith.Contains((s.UnitId, s.TransactionId))).ToArray(),
            });
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var delta = Delta(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1));
                delta[0]++;
                delta[1] += reader.GetBoolean(2) ? 1 : 0;
                recorded++;
            }
        }

        var taken = new HashSet<(Guid, string, RatingChannel)>();
        var ids = new Dictionary<(Guid, string, RatingChannel), Guid>();
        if (ratings.Count > 0)
        {
            var proposed = ratings.Select(r => (Rating: r, Id: Guid.CreateVersion7(now))).ToList();
            await using (var insert = new NpgsqlCommand("""
                with taken as (
                  insert into ratings (id, unit_id, transaction_id, channel, level, comment, protected_contact, rated_at, month)
                  select r.id, r.unit_id, r.transaction_id, r.channel, r.level, r.comment, r.contact, $8, t.month
                  from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                    as r(id, unit_id, transaction_id, channel, level, comment, contact)
                  join served_transactions t on t.unit_id = r.unit_id and t.transaction_id = r.transaction_id
                  where t.served_at >= $9
                  on conflict (unit_id, transaction_id, channel) do nothing
                  returning id, unit_id, transaction_id, channel, level, month, protected_contact is not null as real_name)
                select taken.*, t.served_at, t.service_item from taken
                join served_transactions t on t.unit_id = taken.unit_id and t.transaction_id = taken.transaction_id
                """, connection, tx))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => p.Id).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => p.Rating.UnitId).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => p.Rating.TransactionId).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => Words.Of(p.Rating.Channel)).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => Words.Of(p.Rating.Level)).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => p.Rating.Comment).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = proposed.Select(p => p.Rating.ProtectedContact).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = now });
                insert.Parameters.Add(new NpgsqlParameter { Value = ratableFrom.ToUniversalTime() });
                await using var reader = await insert.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetGuid(0);
                    var unit = reader.GetGuid(1);
                    var transactionId = reader.GetString(2);
                    var channel = Words.Parse<RatingChannel>(reader.GetString(3));
                    var level = Words.Parse<RatingLevel>(reader.GetString(4));
                    Delta(unit, reader.GetFieldValue<DateOnly>(5))[2 + (int)level]++;
                    taken.Add((unit, transactionId, channel));
                    ids[(unit, transactionId, channel)] = id;
                    if (Rates.IsBad(level))
                    {
                        var serviceItem = reader.GetString(8);
                        outbox.Publish(new BadRatingReceived(id, unit, transactionId, serviceItem, channel, level,
                            reader.GetFieldValue<DateTimeOffset>(7), now));
                        // 差评整改: the case opens with the rating, in its transaction.
                        db.RectificationCases.Add(RectificationCase.Open(id, unit, transactionId, serviceItem, channel, level,
                            realName: reader.GetBoolean(6), now, WorkingDayCalendar.China, options.Value));
                    }
                }
            }

            if (taken.Count > 0)
            {
                // A transaction counts as rated once, on whichever channel its first rating came (one reported in this
                // write with its rating is rated already).
                await using var rated = new NpgsqlCommand("""
                    update served_transactions t set first_rated_at = $3
                    from unnest($1::uuid[], $2::text[]) as r(unit_id, transaction_id)
                    where t.unit_id = r.unit_id and t.transaction_id = r.transaction_id and t.first_rated_at is null
                    returning t.unit_id, t.month
                    """, connection, tx);
                rated.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Item1).ToArray() });
                rated.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Item2).ToArray() });
                rated.Parameters.Add(new NpgsqlParameter { Value = now });
                await using var reader = await rated.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    Delta(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1))[1]++;
                }
            }

        }

        if (deltas.Count > 0)
        {
            // In one order of (unit, month), so two writes moving the same months take their row locks in turn, not crosswise.
            var rows = deltas.OrderBy(d => d.Key.Unit).ThenBy(d => d.Key.Month).ToList();
            await using var upsert = new NpgsqlCommand("""
                insert into monthly_rates as m (unit_id, month, served, rated, very_satisfied, satisfied, fairly_satisfied, dissatisfied, very_dissatisfied, announced_tally)
                select *, 0 from unnest($1::uuid[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
                on conflict (unit_id, month) do update set
                  served = m.served + excluded.served, rated = m.rated + excluded.rated,
                  very_satisfied = m.very_satisfied + excluded.very_satisfied, satisfied = m.satisfied + excluded.satisfied,
                  fairly_satisfied = m.fairly_satisfied + excluded.fairly_satisfied, dissatisfied = m.dissatisfied + excluded.dissatisfied,
                  very_dissatisfied = m.very_dissatisfied + excluded.very_dissatisfied
                """, connection, tx);
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Unit).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Month).ToArray() });
            for (var i = 0; i < 7; i++)
            {
                var column = i;
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value[column]).ToArray() });
            }

            await upsert.ExecuteNonQueryAsync(ct);
        }

        // The outbox rows and the rectification cases of the bad ratings.
        await db.SaveChangesAsync(ct);
        return new WriteResult(recorded, taken, ids);
    }

    /// <summary>
    /// Runs <paramref name="write"/> — a whole transaction of its own — again when PostgreSQL made it a deadlock's
    /// victim or failed its serialization, three runs at most. A run that failed committed nothing, and the keys make a
    /// second run record nothing twice.
    /// </summary>
    public async Task<T> RetryingAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write(ct);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Keeps what a device's records got, by (device, record id), in the caller's transaction: one statement for the
    /// whole batch (a thousand tracked entities cost a batch more CPU than its transactions and ratings).
    /// </summary>
    public async Task KeepDeviceRecordsAsync(Guid deviceId, IReadOnlyList<(string RecordId, string Outcome)> records, DateTimeOffset receivedAt,
        CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is not { } transaction)
        {
            throw new InvalidOperationException("RatingWriter writes in the caller's transaction.");
        }

        await using var insert = new NpgsqlCommand("""
            insert into device_records (device_id, record_id, outcome, received_at)
            select $1, r.record_id, r.outcome, $4 from unnest($2::text[], $3::text[]) as r(record_id, outcome)
            """, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        insert.Parameters.Add(new NpgsqlParameter { Value = deviceId });
        insert.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.RecordId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Outcome).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Opens the write's transaction (read committed: the keys and the upserts decide).</summary>
    public Task<IDbContextTransaction> BeginAsync(CancellationToken ct) => db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
}
