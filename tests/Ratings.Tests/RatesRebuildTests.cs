using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Ratings.Data;

namespace StarPlatform.Ratings.Tests;

/// <summary>
/// The monthly counts are kept as data arrives, and rebuildable from the stored rows by a command (issue 23 §2):
/// a rebuild repairs counts that drifted, leaves exact counts as they were, keeps them exact while batches keep
/// arriving, and runs as <c>Ratings.Api rebuild-rates</c>.
/// </summary>
[Collection(RatingsCollection.Name)]
public class RatesRebuildTests(RatingsFixture fixture)
{
    [Fact]
    public async Task A_rebuild_recounts_drifted_months_from_the_rows_and_the_published_figures_come_back()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        var device = fixture.Device(center);
        var earlier = DateTimeOffset.UtcNow.AddDays(-20);
        await (await DeviceBatchTests.UploadAsync(device,
            DeviceBatchTests.Record("a1", "R-1", "very-satisfied", window),
            DeviceBatchTests.Record("a2", "R-2", "dissatisfied", window),
            DeviceBatchTests.Record("a3", "R-3", null, window),
            DeviceBatchTests.Record("a4", "R-4", "satisfied", window, servedAt: earlier))).OkAsync();
        var published = (await fixture.Anonymous().GetJsonAsync($"/api/ratings/units/{window}?from={Month(earlier)}&to={Month(DateTimeOffset.UtcNow)}")).GetProperty("total").ToString();
        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());

        // Drift: one month's counts wrong, another's row gone.
        await fixture.ScalarAsync("with changed as (update monthly_rates set served = served + 7, dissatisfied = 0 where unit_id = $1 and month = $2 returning 1) select count(*) from changed",
            window, Model.Rates.MonthOf(DateTimeOffset.UtcNow.AddHours(-2)));
        await fixture.ScalarAsync("with gone as (delete from monthly_rates where unit_id = $1 and month = $2 returning 1) select count(*) from gone",
            window, Model.Rates.MonthOf(earlier));
        Assert.True(await fixture.CountsThatDisagreeAsync() > 0);

        var outcome = await RebuildAsync();

        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
        Assert.Equal(await fixture.ScalarAsync("select count(*) from monthly_rates"), outcome.Rows);
        var rebuilt = (await fixture.Anonymous().GetJsonAsync($"/api/ratings/units/{window}?from={Month(earlier)}&to={Month(DateTimeOffset.UtcNow)}")).GetProperty("total").ToString();
        Assert.Equal(published, rebuilt);

        // Every rebuilt row is announced again, once, with the rebuilt counts.
        Assert.Equal(outcome.Rows, await fixture.ScalarAsync($"select count(*) from monthly_rates where {Model.MonthlyRate.Unannounced}"));
        var announced = (await fixture.AnnounceAsync()).Where(a => a.UnitId == window).OrderBy(a => a.Month).ToList();
        Assert.Equal(new[] { Model.Rates.MonthOf(earlier), Model.Rates.MonthOf(DateTimeOffset.UtcNow.AddHours(-2)) }.Distinct().Order(), announced.Select(a => a.Month));
        Assert.Equal(4L, announced.Sum(a => a.Served));
        Assert.Equal(0, await fixture.ScalarAsync($"select count(*) from monthly_rates where {Model.MonthlyRate.Unannounced}"));
    }

    [Fact]
    public async Task Batches_arriving_during_a_rebuild_are_counted_exactly_once()
    {
        var center = await fixture.UnitAsync();
        var windows = new[] { await fixture.UnitAsync(center), await fixture.UnitAsync(center) };
        var device = fixture.Device(center);
        string[] levels = ["very-satisfied", "satisfied", "fairly-satisfied", "dissatisfied", "very-dissatisfied", null!];

        async Task UploadAsync(int batch)
        {
            var records = Enumerable.Range(0, 200).Select(i => DeviceBatchTests.Record($"b{batch}-{i}", $"C-{batch}-{i}", levels[i % levels.Length],
                windows[i % 2])).ToArray();
            await (await DeviceBatchTests.UploadAsync(device, records)).OkAsync();
        }

        var uploads = Enumerable.Range(0, 6).Select(b => Task.Run(() => UploadAsync(b))).ToList();
        var rebuilds = new[] { Task.Run(RebuildAsync), Task.Run(async () => { await Task.Yield(); return await RebuildAsync(); }) };
        await Task.WhenAll(uploads);
        await Task.WhenAll(rebuilds);

        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
        Assert.Equal(1200, await fixture.ScalarAsync("select coalesce(sum(served), 0)::bigint from monthly_rates where unit_id = any($1)", windows));
        // Every sixth record (i % 6 == 5) carries no rating: 33 of each batch of 200.
        Assert.Equal(6 * (200 - 33), await fixture.ScalarAsync("select coalesce(sum(rated), 0)::bigint from monthly_rates where unit_id = any($1)", windows));
    }

    [Fact]
    public async Task The_command_rebuilds_with_the_services_connection_strings()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        await (await DeviceBatchTests.UploadAsync(fixture.Device(center), DeviceBatchTests.Record("c1", "K-1", "satisfied", window))).OkAsync();
        await fixture.ScalarAsync("with changed as (update monthly_rates set served = 0 where unit_id = $1 returning 1) select count(*) from changed", window);
        Assert.True(await fixture.CountsThatDisagreeAsync() > 0);

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Ratings.Api.dll"), "rebuild-rates" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__ratings-db"] = fixture.ConnectionString,
                ["ConnectionStrings__messaging"] = fixture.Infrastructure.RabbitMqUri.ToString(),
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(process.ExitCode == 0, $"rebuild-rates exited {process.ExitCode}: {await error}");
        Assert.Matches(@"rebuild-rates: \d+ rows in \d+\.\d{3} s", await output);
        Assert.Equal(0, await fixture.CountsThatDisagreeAsync());
    }

    private async Task<RatesRebuild.Outcome> RebuildAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await RatesRebuild.RunAsync(scope.ServiceProvider.GetRequiredService<RatingsDbContext>(), CancellationToken.None);
    }

    private static string Month(DateTimeOffset at) => Model.Rates.MonthOf(at).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
