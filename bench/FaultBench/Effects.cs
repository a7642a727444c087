using System.Diagnostics;
using Npgsql;

namespace StarPlatform.Bench;

/// <summary>
/// Where a run's intakes and findings end up, counted in the services' own databases by the run's marker (each
/// description begins with it) and the cases it finds: Complaints' cases, Scoring's findings (<c>unit_findings</c>, the veto
/// a substantiated complaint (有效投诉) puts on the unit's year) and Awards' record of it (<c>substantiated_complaints</c>).
/// </summary>
internal sealed class Effects(string complaintsDb, string scoringDb, string awardsDb, Guid target)
{
    /// <summary>Rows and distinct cases: more rows than cases is an effect applied twice.</summary>
    public readonly record struct Count(long Rows, long Distinct, long OfAccepted)
    {
        public long Duplicated => Rows - Distinct;
    }

    /// <param name="Cases">complaints of the run (distinct: by description, which numbers each intake); of accepted: the ids answered 2xx</param>
    /// <param name="Substantiated">of the findings accepted, the cases Complaints holds as substantiated</param>
    public readonly record struct Counts(Count Cases, long Keys, long Substantiated, Count Scoring, Count Awards);

    /// <summary>The run's cases (by its <paramref name="marker"/>, which begins each description) and their effects downstream.</summary>
    public async Task<Counts> CountAsync(Guid[] accepted, Guid[] found, string marker)
    {
        await using var connection = new NpgsqlConnection(complaintsDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, description from complaints where description like $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = marker + " %" });
        var cases = new List<(Guid Id, string Description)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                cases.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        Guid[] ids = [.. cases.Select(c => c.Id)];
        var acceptedSet = accepted.ToHashSet();
        return new Counts(
            new Count(cases.Count, cases.Select(c => c.Description).Distinct().LongCount(), cases.LongCount(c => acceptedSet.Contains(c.Id))),
            await ScalarAsync(complaintsDb, "select count(*) from idempotency_records where key like $1", marker + "-%"),
            await ScalarAsync(complaintsDb, "select count(*) from complaints where id = any($1) and status = 'substantiated'", found),
            await CountAsync(scoringDb, "select count(*), count(distinct complaint_id), count(distinct complaint_id) filter (where complaint_id = any($2)) from unit_findings where complaint_id = any($1)", ids, found),
            await CountAsync(awardsDb, "select count(*), count(distinct complaint_id), count(distinct complaint_id) filter (where complaint_id = any($2)) from substantiated_complaints where complaint_id = any($1)", ids, found));
    }

    /// <summary>How many findings on the target Scoring and Awards hold now (every run's: the runs share the target).</summary>
    public async Task<(long Scoring, long Awards)> HeldAsync() => (
        await ScalarAsync(scoringDb, "select count(*) from unit_findings where unit_id = $1", target),
        await ScalarAsync(awardsDb, "select count(*) from substantiated_complaints where unit_id = $1", target));

    /// <summary>
    /// Every 250 ms until <paramref name="stop"/>, how many findings on the target Scoring and Awards hold (a sample is
    /// skipped while a database does not answer), with its instant.
    /// </summary>
    public async Task<List<(long At, long Scoring, long Awards)>> SampleAsync(CancellationToken stop)
    {
        var samples = new List<(long, long, long)>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var (scoring, awards) = await HeldAsync();
                samples.Add((Stopwatch.GetTimestamp(), scoring, awards));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return samples;
    }

    /// <summary>
    /// The longest time after <paramref name="faultAt"/> in which the count did not grow while it was still short of
    /// <paramref name="final"/>: from the first sample at one count to the first at a higher one.
    /// </summary>
    public static TimeSpan LongestPause(IEnumerable<(long At, long Count)> samples, long faultAt, long final)
    {
        var longest = 0L;
        (long At, long Count)? since = null;
        foreach (var sample in samples)
        {
            if (since is not { } start || sample.Count > start.Count)
            {
                if (since is { } previous && sample.At > faultAt)
                {
                    longest = Math.Max(longest, sample.At - Math.Max(previous.At, faultAt));
                }

                since = sample;
            }
        }

        if (since is { } last && last.Count < final)
        {
            longest = Math.Max(longest, Stopwatch.GetTimestamp() - Math.Max(last.At, faultAt));
        }

        return TimeSpan.FromSeconds((double)longest / Stopwatch.Frequency);
    }

    private static async Task<Count> CountAsync(string connectionString, string sql, Guid[] ids, Guid[] found)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = found });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Count(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, object value)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
