namespace StarPlatform.Scoring.Model;

/// <summary>Dates as the programme reads them: the calendar of China (UTC+8, no daylight saving).</summary>
public static class ChinaCalendar
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>The calendar year an instant falls in, in China.</summary>
    public static int YearOf(DateTimeOffset at) => at.ToOffset(Offset).Year;
}
