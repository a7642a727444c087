namespace StarPlatform;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving): the days the services count in — case deadlines,
/// receipt years, application windows, cycle years.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The calendar day an instant falls on, in China.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The calendar year an instant falls in, in China.</summary>
    public static int YearOf(DateTimeOffset instant) => instant.ToOffset(Offset).Year;

    /// <summary>Today in China.</summary>
    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>
    /// The day a deadline is the end of: deadlines are kept as the next day's 00:00 (24:00 of their
    /// day, <see cref="StartOf"/> of the day after), and read as that day.
    /// </summary>
    public static DateOnly DayEndingAt(DateTimeOffset end) => DayOf(end.AddTicks(-1));

    /// <summary>The instant a day starts (00:00 China time), in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();
}
