using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Tests;

/// <summary>The rectification case as plain C#: its deadlines on the working-day calendar and its transition table.</summary>
public sealed class RectificationCaseTests
{
    private static readonly RatingOptions Defaults = new();
    private static readonly DateTimeOffset EveOfNationalDay = new(2026, 9, 30, 16, 0, 0, TimeSpan.FromHours(8));

    private static RectificationCase Open(bool realName) => RectificationCase.Open(Guid.NewGuid(), Guid.NewGuid(), "T-1", "社保卡补办",
        RatingChannel.Online, RatingLevel.Dissatisfied, realName, EveOfNationalDay, WorkingDayCalendar.China, Defaults);

    [Fact]
    public void A_bad_rating_on_the_eve_of_national_day_is_called_back_after_the_holiday_and_rectified_15_working_days_on()
    {
        var c = Open(realName: true);

        // 1 Oct – 7 Oct are holidays: the callback's working day is Thursday 8 Oct, until 24:00.
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 0, 0, 0, TimeSpan.FromHours(8)), c.CallbackDueAt);
        // Fifteen working days, Saturday 10 Oct (调休) among them: until 24:00 on Tuesday 27 Oct.
        Assert.Equal(new DateTimeOffset(2026, 10, 28, 0, 0, 0, TimeSpan.FromHours(8)), c.RectifyDueAt);
        Assert.Equal(RectificationState.AwaitingCallback, c.State);
    }

    [Fact]
    public void An_anonymous_rating_has_no_callback_and_the_deadlines_follow_the_settings()
    {
        var c = RectificationCase.Open(Guid.NewGuid(), Guid.NewGuid(), "T-1", "社保卡补办", RatingChannel.Device, RatingLevel.VeryDissatisfied,
            realName: false, EveOfNationalDay, WorkingDayCalendar.China, new RatingOptions { RectifyWorkingDays = 10 });

        Assert.Equal(RectificationState.Rectifying, c.State);
        Assert.Null(c.CallbackDueAt);
        Assert.Equal(WorkingDayCalendar.China.DueAt(EveOfNationalDay, 10), c.RectifyDueAt);
        Assert.Equal("out-of-turn", c.CallBack(true, "x", Guid.NewGuid(), EveOfNationalDay)?.Code);
    }

    [Fact]
    public void Each_step_is_taken_in_its_turn_only_and_closing_announces_the_case_once()
    {
        var c = Open(realName: true);
        var staff = Guid.NewGuid();
        var at = EveOfNationalDay.AddHours(1);

        Assert.Equal(409, c.Rectify(true, "x", staff, at)?.Status);
        Assert.Equal(409, c.Close(staff, at)?.Status);
        Assert.Equal(RectificationState.AwaitingCallback, c.State);
        Assert.Null(c.RectifiedAt);

        Assert.Null(c.CallBack(reached: true, "核实", staff, at));
        Assert.Equal(409, c.CallBack(reached: true, "again", staff, at)?.Status);
        Assert.Null(c.Rectify(rectified: false, "缺乏法定依据，已解释说明", staff, at));
        Assert.Null(c.FeedBack("已反馈", staff, at));
        Assert.Empty(c.TakeEvents());
        Assert.Null(c.Close(staff, at));

        Assert.Equal(RectificationState.Closed, c.State);
        var closed = Assert.IsType<RectificationClosed>(Assert.Single(c.TakeEvents()));
        Assert.False(closed.Rectified);
        Assert.True(closed.CalledBackOnTime);
        Assert.True(closed.RectifiedOnTime);
        Assert.Equal("核实", c.CallbackNote);
        Assert.Equal(409, c.Close(staff, at)?.Status);
    }
}
