using System.Globalization;

// The resources' names start with the root namespace, not with the assembly's name (Console.Web).
[assembly: Microsoft.Extensions.Localization.RootNamespace("StarPlatform.OperatorConsole")]

namespace StarPlatform.OperatorConsole;

/// <summary>The console's texts: <c>Resources/Ui.resx</c> (Simplified Chinese) and <c>Ui.en.resx</c>.</summary>
public sealed class Ui;

/// <summary>Times and numbers as people in China read them: China time, the current culture's formats.</summary>
public static class Fmt
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ChinaTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, China);

    /// <summary>2026-11-27 14:30: the way times are written in China, whatever the browser's locale.</summary>
    public static string Time(DateTimeOffset at) => ChinaTime(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A China time typed as 2026-11-27 14:30 (also 2026-11-27T14:30, single-digit month, day or hour);
    /// null when it is not one.
    /// </summary>
    public static DateTimeOffset? ParseChinaTime(string? text)
    {
        string[] formats = ["yyyy-MM-dd HH:mm", "yyyy-M-d H:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm"];
        if (text is null || !DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || local.Year < 2000)
        {
            return null;
        }

        return new DateTimeOffset(local, China.GetUtcOffset(local));
    }

    /// <summary>00:00 China time of the day <paramref name="at"/> falls on.</summary>
    public static DateTimeOffset StartOfChinaDay(DateTimeOffset at)
    {
        var china = ChinaTime(at);
        return new DateTimeOffset(china.Date, china.Offset);
    }

    /// <summary>2026-12-18: a day in a table.</summary>
    public static string DateOnly(DateTimeOffset at) => ChinaTime(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>2026年12月18日 in zh-CN.</summary>
    public static string Date(DateTimeOffset at) => ChinaTime(at).ToString("D", CultureInfo.CurrentCulture);

    /// <summary>
    /// A deadline: the API stores "the end of the day" as 00:00 China time of the next day; people
    /// read it as that day, 24:00 (2026年12月18日星期五 24:00).
    /// </summary>
    public static string Deadline(DateTimeOffset at)
    {
        var china = ChinaTime(at);
        return china.TimeOfDay == TimeSpan.Zero
            ? $"{china.AddDays(-1).ToString("D", CultureInfo.CurrentCulture)} 24:00"
            : china.ToString("f", CultureInfo.CurrentCulture);
    }

    /// <summary>Scoring's points, which it rounds to two decimals (93.00, 87.45); "—" while there are none.</summary>
    public static string Points(decimal? points) => points?.ToString("0.00", CultureInfo.CurrentCulture) ?? "—";

    public static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
