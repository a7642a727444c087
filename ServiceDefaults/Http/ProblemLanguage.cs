using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace StarPlatform.Http;

/// <summary>
/// The language of what a service says to a person (problem details, a case's timeline): Simplified Chinese unless the
/// caller's <c>Accept-Language</c> prefers English. Ranges are read in order of their quality; the first that names
/// Chinese or English decides, any other language is passed over, and no header at all means Chinese.
/// </summary>
public static class ProblemLanguage
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>Chinese or English, as <paramref name="request"/>'s <c>Accept-Language</c> prefers; Chinese by default.</summary>
    public static CultureInfo Of(HttpRequest request)
    {
        var ranges = request.GetTypedHeaders().AcceptLanguage
            .Where(l => (l.Quality ?? 1) > 0)
            .Select((l, order) => (Range: l.Value.Value ?? "", Quality: l.Quality ?? 1, order))
            .OrderByDescending(l => l.Quality).ThenBy(l => l.order);
        foreach (var (range, _, _) in ranges)
        {
            if (range.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }

            if (range.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return Chinese;
            }
        }

        return Chinese;
    }

    /// <summary>Whether <paramref name="request"/> prefers English (see <see cref="Of"/>).</summary>
    public static bool PrefersEnglish(HttpRequest request) => Equals(Of(request), English);
}
