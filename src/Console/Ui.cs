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

    /// <summary>2026/11/27 14:30 in zh-CN.</summary>
    public static string Time(DateTimeOffset at) => ChinaTime(at).ToString("g", CultureInfo.CurrentCulture);

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
