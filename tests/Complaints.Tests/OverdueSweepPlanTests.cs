using Npgsql;
using StarPlatform.Complaints.Deadlines;

namespace StarPlatform.Complaints.Tests;

/// <summary>The overdue sweep runs every minute over every open case: it must read only the cases still waiting for a flag.</summary>
[Collection(ComplaintsCollection.Name)]
public class OverdueSweepPlanTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task The_sweep_as_a_prepared_statement_reads_its_two_partial_indexes()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        // The plan a prepared statement gets once PostgreSQL stops re-planning it per call (Npgsql
        // prepares the statements it runs often); sequential scans off, so the plan shows what the
        // indexes can answer, whatever the table's size in this test.
        await Run(connection, "set plan_cache_mode = force_generic_plan; set enable_seqscan = off");
        await Run(connection, "prepare due_cases(timestamptz, int) as " + string.Format(OverdueSweeper.DueSql, "$1", "$2"));
        var plan = string.Join('\n', await Lines(connection, "explain execute due_cases(now(), 200)"));

        Assert.Contains(OverdueSweeper.AcknowledgePendingIndex, plan, StringComparison.Ordinal);
        Assert.Contains(OverdueSweeper.ConcludePendingIndex, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    private static async Task Run(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> Lines(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
