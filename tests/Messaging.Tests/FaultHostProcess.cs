using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>The fault host (tests/Messaging.FaultHost) as a separate process: writes over HTTP, relays, consumes.</summary>
internal sealed class FaultHostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FaultHostProcess(Process process) => _process = process;

    public static async Task<FaultHostProcess> StartAsync(LocalInfrastructure infrastructure, string connectionString, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Messaging.FaultHost.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__fault-db"] = connectionString;
        start.Environment["ConnectionStrings__messaging"] = infrastructure.RabbitMqUri.ToString();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__StarPlatform"] = "Error";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "None";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return new FaultHostProcess(process);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("The fault host did not become healthy.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: no shutdown, no flush, whatever was in flight is cut.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            LocalInfrastructure.Terminate(_process.Id);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                _process.Kill();
            }
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>Writes through the fault host's HTTP API, retrying any write that was not answered 201.</summary>
internal sealed class WriteDriver(int port) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };

    public int Refused;

    /// <returns>how many writes needed more than one attempt</returns>
    public async Task WriteAllAsync(IEnumerable<int> sequences, int concurrency)
    {
        await Parallel.ForEachAsync(sequences, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (sequence, ct) =>
        {
            var clock = Stopwatch.StartNew();
            while (!await TryWriteAsync(sequence))
            {
                Interlocked.Increment(ref Refused);
                if (clock.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException($"write {sequence} was never accepted");
                }

                await Task.Delay(200, ct);
            }
        });
    }

    public async Task<bool> TryWriteAsync(int sequence)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync($"/writes/{sequence}", new { });
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Losses and duplicates, counted from the database.</summary>
internal sealed record DeliveryCounts(long Writes, long Effects, long Lost, long Duplicated)
{
    public static async Task<DeliveryCounts> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select (select count(*) from write),
                   (select count(*) from effect),
                   (select count(*) from write w where not exists (select 1 from effect e where e.write_id = w.id)),
                   (select count(*) - count(distinct write_id) from effect)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DeliveryCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    public static async Task<DeliveryCounts> TryReadAsync(string connectionString)
    {
        try
        {
            return await ReadAsync(connectionString);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return new DeliveryCounts(-1, -1, -1, -1);
        }
    }
}
