using System.Globalization;
using StarPlatform.Contracts;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Model;

/// <summary>The award rules as plain C#: star levels, plaque numbers, terms.</summary>
public static class AwardRules
{
    /// <summary>每2年进行一次评定: a star is rated every two years.</summary>
    public const int CycleYears = 2;

    /// <summary>五星级、四星级、三星级: the three star levels (0 is "no star").</summary>
    public static readonly IReadOnlyList<int> StarLevels = [5, 4, 3];

    public static bool IsStarLevel(int stars) => stars is 3 or 4 or 5;

    /// <summary><c>MS-2026-5S-0007</c>: prefix, cycle year, stars, the number within that year and level (at least four digits).</summary>
    public static string PlaqueNumber(string prefix, int cycleYear, int stars, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{cycleYear}-{stars}S-{number:0000}");

    /// <summary>The end of an award's term: <paramref name="termYears"/> after the grant.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset awardedAt, int termYears) => awardedAt.AddYears(termYears);

    /// <summary>
    /// Whether a newly approved result of <paramref name="resultCycleYear"/> ends a held award of
    /// <paramref name="awardCycleYear"/>: a later cycle's result does (and a second, corrected result of
    /// the same cycle); an older cycle's result arriving late never ends a newer award.
    /// </summary>
    public static bool Supersedes(int resultCycleYear, int awardCycleYear) => resultCycleYear >= awardCycleYear;

    /// <summary>The revocation's reason as shown on the award and in <c>StarRevoked</c>.</summary>
    public static string RevocationReason(string caseNumber, string category, Offence? offence, string? comment) =>
        $"Violation of law or discipline confirmed (case {caseNumber}, " +
        (offence is { } named ? $"offence {Words.Of(named)}, " : "") + $"category {category})" +
        (string.IsNullOrWhiteSpace(comment) ? "." : $": {comment.Trim()}");
}
