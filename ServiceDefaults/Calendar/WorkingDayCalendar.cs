using System.Reflection;
using System.Text.Json;

namespace StarPlatform;

/// <summary>
/// 工作日 (working days) in China: Monday to Friday, except public holidays, plus the weekend
/// days the State Council turns into working days (调休, make-up working days). Holidays and
/// make-up days are data, one JSON file per year (<c>ServiceDefaults/Calendar/cn-YYYY.json</c>); a year
/// without a file counts weekends only. Days are China Standard Time (UTC+8, no daylight saving).
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkingDays;

    public WorkingDayCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays, IEnumerable<int> years)
    {
        _holidays = [.. holidays];
        _makeUpWorkingDays = [.. makeUpWorkingDays];
        Years = [.. years.Order()];
    }

    /// <summary>The years the data covers.</summary>
    public IReadOnlyList<int> Years { get; }

    public bool IsWorkingDay(DateOnly day) =>
        _makeUpWorkingDays.Contains(day)
        || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>The <paramref name="workingDays"/>-th working day after <paramref name="day"/> (the day itself not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly day, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var current = day;
        for (var counted = 0; counted < workingDays;)
        {
            current = current.AddDays(1);
            if (IsWorkingDay(current))
            {
                counted++;
            }
        }

        return current;
    }

    /// <summary>
    /// A deadline of <paramref name="workingDays"/> working days from <paramref name="received"/>:
    /// the end (24:00 China time) of the n-th working day after the day it was received, so a case
    /// received at any hour of a day has the same deadline.
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset received, int workingDays)
    {
        var last = AddWorkingDays(ChinaTime.DayOf(received), workingDays);
        return ChinaTime.StartOf(last.AddDays(1));
    }

    /// <summary>Working days strictly between <paramref name="from"/> and up to <paramref name="to"/> (inclusive).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The calendar built from the year files embedded in this assembly.</summary>
    public static WorkingDayCalendar China { get; } = LoadEmbedded();

    public static WorkingDayCalendar Parse(IEnumerable<string> yearFiles)
    {
        var holidays = new List<DateOnly>();
        var makeUp = new List<DateOnly>();
        var years = new List<int>();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var json in yearFiles)
        {
            var year = JsonSerializer.Deserialize<CalendarYear>(json, options)
                ?? throw new InvalidDataException("An empty calendar file.");
            years.Add(year.Year);
            foreach (var holiday in year.Holidays)
            {
                if (holiday.From.Year != year.Year || holiday.To < holiday.From)
                {
                    throw new InvalidDataException($"Holiday '{holiday.Name}' does not fit year {year.Year}.");
                }

                for (var day = holiday.From; day <= holiday.To; day = day.AddDays(1))
                {
                    holidays.Add(day);
                }
            }

            makeUp.AddRange(year.MakeUpWorkingDays.Select(d => d.Date));
        }

        return new WorkingDayCalendar(holidays, makeUp, years);
    }

    private static WorkingDayCalendar LoadEmbedded()
    {
        var assembly = typeof(WorkingDayCalendar).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Calendar.cn-", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Read(assembly, n));
        return Parse(files);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record CalendarYear(int Year, string Source, bool Provisional, List<Holiday> Holidays, List<MakeUpDay> MakeUpWorkingDays);

    private sealed record Holiday(string Name, DateOnly From, DateOnly To);

    private sealed record MakeUpDay(DateOnly Date, string? Note);
}
