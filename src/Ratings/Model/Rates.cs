using StarPlatform.Contracts;

namespace StarPlatform.Ratings.Model;

/// <summary>
/// The rates 好差评 publishes (decision 0018): the evaluation rate (评价率) is transactions rated on any
/// channel ÷ transactions served; the satisfaction rate (满意率) is good ratings (非常满意, 满意, 基本满意)
/// ÷ all ratings. Both in percent with two decimals; none when nothing was served or rated.
/// </summary>
public static class Rates
{
    /// <summary>The levels that count as satisfied (好评).</summary>
    public static readonly IReadOnlyList<RatingLevel> Good = [RatingLevel.VerySatisfied, RatingLevel.Satisfied, RatingLevel.FairlySatisfied];

    public static bool IsBad(RatingLevel level) => !Good.Contains(level);

    /// <summary>满意率 as 好差评 publishes it: good ratings ÷ all ratings (the evaluation rate is <see cref="SatisfactionMath.EvaluationRate"/>).</summary>
    public static decimal? SatisfactionRate(RatingCounts counts) => SatisfactionMath.Percent(Good.Sum(counts.Of), counts.Ratings);

    public static DateOnly MonthOf(DateTimeOffset instant)
    {
        var day = ChinaTime.DayOf(instant);
        return new DateOnly(day.Year, day.Month, 1);
    }
}
