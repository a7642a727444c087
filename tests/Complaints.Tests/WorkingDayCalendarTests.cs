using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Tests;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.China;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_calendar_holds_2026_and_2027()
    {
        Assert.Equal([2026, 2027], Calendar.Years);
    }

    [Theory]
    [InlineData("2026-02-13", true)]   // Friday before the Spring Festival
    [InlineData("2026-02-14", true)]   // Saturday made a working day (调休)
    [InlineData("2026-02-16", false)]  // Monday inside the Spring Festival
    [InlineData("2026-02-23", false)]  // last day of the Spring Festival, a Monday
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)]   // Saturday made a working day (调休)
    [InlineData("2026-03-01", false)]  // an ordinary Sunday
    [InlineData("2026-10-01", false)]
    [InlineData("2026-10-10", true)]   // Saturday after National Day (调休)
    [InlineData("2027-02-08", false)]  // 2027's provisional Spring Festival
    public void Working_days_follow_weekends_holidays_and_make_up_days(string day, bool working)
    {
        Assert.Equal(working, Calendar.IsWorkingDay(D(day)));
    }

    [Fact]
    public void One_working_day_from_Friday_before_the_Spring_Festival_is_the_make_up_Saturday()
    {
        Assert.Equal(D("2026-02-14"), Calendar.AddWorkingDays(D("2026-02-13"), 1));
    }

    [Fact]
    public void One_working_day_from_the_make_up_Saturday_skips_the_whole_Spring_Festival()
    {
        Assert.Equal(D("2026-02-24"), Calendar.AddWorkingDays(D("2026-02-14"), 1));
    }

    [Fact]
    public void Fifteen_working_days_across_the_Spring_Festival_count_both_make_up_Saturdays()
    {
        // After Feb 10 (Tue): 11, 12, 13, 14 (调休) = 4; holiday 15–23; 24, 25, 26, 27, 28 (调休) = 9;
        // Mar 2–6 = 14; Mar 9 = 15.
        Assert.Equal(D("2026-03-09"), Calendar.AddWorkingDays(D("2026-02-10"), 15));
        Assert.Equal(15, Calendar.WorkingDaysBetween(D("2026-02-10"), D("2026-03-09")));
    }

    [Fact]
    public void A_deadline_ends_at_midnight_China_time_of_its_last_working_day()
    {
        // Received Friday 2026-09-18 at 22:30 China time (14:30 UTC): one working day later is the make-up Sunday 20th.
        var received = new DateTimeOffset(2026, 9, 18, 14, 30, 0, TimeSpan.Zero);
        var due = Calendar.DueAt(received, 1);
        Assert.Equal(new DateTimeOffset(2026, 9, 21, 0, 0, 0, ChinaTime.Offset), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void The_day_of_an_instant_is_the_China_day()
    {
        // 2026-09-30 17:00 UTC is already October 1st in Meishan, a holiday.
        Assert.Equal(D("2026-10-01"), ChinaTime.DayOf(new DateTimeOffset(2026, 9, 30, 17, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_year_without_data_counts_weekends_only()
    {
        Assert.True(Calendar.IsWorkingDay(D("2028-01-03")));
        Assert.False(Calendar.IsWorkingDay(D("2028-01-01")));
    }

    [Fact]
    public void A_holiday_outside_its_year_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.Parse(
            ["""{"year":2026,"source":"x","provisional":true,"holidays":[{"name":"x","from":"2025-12-31","to":"2026-01-01"}],"makeUpWorkingDays":[]}"""]));
    }
}
