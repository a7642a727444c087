using Npgsql;

namespace StarPlatform.Testing;

/// <summary>Reading a service's database straight, the way tests count what was written.</summary>
public static class Sql
{
    /// <summary>Runs a query with positional parameters ($1, $2 …) and returns its single value as a number.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
