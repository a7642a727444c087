using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace StarPlatform.Ratings.Data;

/// <summary>
/// Rebuilds every unit's monthly counts from the stored transactions and ratings: the repair for counts
/// that are kept as data arrives (<see cref="RatingWriter"/>), run by the command <c>rebuild-rates</c>.
/// One transaction holds <c>monthly_rates</c> in EXCLUSIVE mode while it recounts, so writes that arrive
/// meanwhile wait for it and then add exactly what they recorded on top of the rebuilt counts; reads go on.
/// The rebuilt rows are new and unannounced, so <see cref="MonthAnnouncer"/> announces every one of them once after the
/// commit (the announcer waits for the lock too).
/// </summary>
public static class RatesRebuild
{
    // Every rebuilt row is unannounced (announced_tally 0): MonthAnnouncer announces each once, with the rebuilt counts.
    private const string Rebuild = """
        insert into monthly_rates (unit_id, month, served, rated, very_satisfied, satisfied, fairly_satisfied, dissatisfied, very_dissatisfied, announced_tally)
        select recount.*, 0 from (
        """ + "\n" + RatesRecount.Sql + "\n) recount";

    /// <summary>The (unit, month) rows written and how long the rebuild took.</summary>
    public sealed record Outcome(long Rows, TimeSpan Took);

    public static async Task<Outcome> RunAsync(RatingsDbContext db, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("lock table monthly_rates in exclusive mode", ct);
        await db.Database.ExecuteSqlRawAsync("delete from monthly_rates", ct);
        var rows = await db.Database.ExecuteSqlRawAsync(Rebuild, ct);
        await transaction.CommitAsync(ct);
        return new Outcome(rows, started.Elapsed);
    }

    /// <summary>
    /// <c>rebuild-rates</c>: the command an operator runs (with the service's connection strings, as the migrate
    /// step) after restoring raw rows or repairing data. Exit code 0 when done.
    /// </summary>
    public static async Task<int> CommandAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RatingsDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("RatesRebuild");
        var outcome = await RunAsync(db, CancellationToken.None);
        logger.LogInformation("Rebuilt {Rows} monthly rate rows from the stored transactions and ratings in {Seconds:0.000} s",
            outcome.Rows, outcome.Took.TotalSeconds);
        Console.WriteLine(FormattableString.Invariant($"rebuild-rates: {outcome.Rows} rows in {outcome.Took.TotalSeconds:0.000} s"));
        return 0;
    }
}
