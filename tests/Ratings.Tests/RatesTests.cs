using StarPlatform.Contracts;
using StarPlatform.Ratings.Apis;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Tests;

/// <summary>The rates' definition (decision 0018) as plain C#.</summary>
public class RatesTests
{
    [Fact]
    public void The_good_levels_are_the_three_satisfied_ones_of_the_national_rules()
    {
        Assert.Equal([RatingLevel.VerySatisfied, RatingLevel.Satisfied, RatingLevel.FairlySatisfied], Rates.Good);
        Assert.True(Rates.IsBad(RatingLevel.Dissatisfied));
        Assert.True(Rates.IsBad(RatingLevel.VeryDissatisfied));
        Assert.Equal(["very-satisfied", "satisfied", "fairly-satisfied", "dissatisfied", "very-dissatisfied"], Messaging.Words.All<RatingLevel>());
    }

    [Fact]
    public void Rates_are_percent_with_two_decimals_and_none_without_a_denominator()
    {
        Assert.Equal(95.24m, SatisfactionMath.Percent(20, 21));
        Assert.Equal(98m, SatisfactionMath.Percent(49, 50));
        Assert.Equal(66.67m, SatisfactionMath.Percent(2, 3));
        Assert.Null(SatisfactionMath.Percent(0, 0));
        var figures = RatingsApi.Figures([
            new MonthlyRate { Served = 100, Rated = 96, VerySatisfied = 50, Satisfied = 40, FairlySatisfied = 8, Dissatisfied = 1, VeryDissatisfied = 1 },
            new MonthlyRate { Served = 0, Rated = 0 }]);
        Assert.Equal(96m, figures.EvaluationRate);
        Assert.Equal(98m, figures.SatisfactionRate);
        Assert.Equal(100, figures.Ratings);
    }

    [Fact]
    public void A_month_is_the_China_month_of_the_service()
    {
        Assert.Equal(new DateOnly(2027, 1, 1), Rates.MonthOf(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 1), Rates.MonthOf(new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero)));
    }
}
