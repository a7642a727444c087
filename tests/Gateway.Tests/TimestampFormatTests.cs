using System.Text.Json;
using StarPlatform.Http;

namespace StarPlatform.Gateway.Tests;

/// <summary>
/// The one timestamp format of every service's answers (decision 0017, <see cref="UtcTimestampConverter"/>):
/// UTC with <c>Z</c> and six fractional digits when written; any ISO 8601 instant when read.
/// </summary>
public sealed class TimestampFormatTests
{
    private sealed record Stamped(DateTimeOffset At, DateTimeOffset? Until);

    private static readonly JsonSerializerOptions Api = ApiOptions();

    private static JsonSerializerOptions ApiOptions()
    {
        var options = new JsonSerializerOptions();
        Microsoft.Extensions.Hosting.Extensions.ConfigureJson(options);
        return options;
    }

    [Fact]
    public void An_instant_is_written_in_UTC_with_Z_and_six_fractional_digits_and_reads_back_the_same()
    {
        var at = new DateTimeOffset(2026, 12, 3, 8, 15, 30, TimeSpan.Zero).AddTicks(1_234_560);

        var json = JsonSerializer.Serialize(new Stamped(at, null), Api);

        Assert.Equal("""{"at":"2026-12-03T08:15:30.123456Z","until":null}""", json);
        var back = JsonSerializer.Deserialize<Stamped>(json, Api)!;
        Assert.Equal(at, back.At);
        Assert.Equal(TimeSpan.Zero, back.At.Offset);
        Assert.Null(back.Until);
    }

    [Fact]
    public void A_China_time_midnight_is_written_as_the_UTC_instant_it_is()
    {
        var deadline = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.FromHours(8));

        var json = JsonSerializer.Serialize(new Stamped(deadline, deadline), Api);

        Assert.Equal("""{"at":"2026-12-03T16:00:00.000000Z","until":"2026-12-03T16:00:00.000000Z"}""", json);
    }

    [Fact]
    public void A_seventh_fractional_digit_is_cut_as_PostgreSQL_keeps_microseconds()
    {
        var at = new DateTimeOffset(2026, 12, 3, 8, 15, 30, TimeSpan.Zero).AddTicks(1_234_567);

        Assert.Equal("\"2026-12-03T08:15:30.123456Z\"", JsonSerializer.Serialize(at, Api));
    }

    [Theory]
    [InlineData("2026-12-03T16:15:30.123456+08:00")]
    [InlineData("2026-12-03T08:15:30.123456Z")]
    [InlineData("2026-12-03T08:15:30.1234560+00:00")]
    [InlineData("2026-12-03T03:15:30.123456-05:00")]
    public void Any_ISO_8601_instant_is_read_and_written_again_as_UTC(string sent)
    {
        var read = JsonSerializer.Deserialize<Stamped>($$"""{"at":"{{sent}}","until":"{{sent}}"}""", Api)!;

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 8, 15, 30, TimeSpan.Zero).AddTicks(1_234_560), read.At);
        Assert.Equal("""{"at":"2026-12-03T08:15:30.123456Z","until":"2026-12-03T08:15:30.123456Z"}""", JsonSerializer.Serialize(read, Api));
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2026-13-03T08:15:30Z\"")]
    [InlineData("12345")]
    [InlineData("\"2026-12-03T08:15:30\"")]
    public void What_is_not_an_instant_with_an_offset_is_a_JSON_error_naming_the_member(string sent)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Stamped>($$"""{"at":{{sent}}}""", Api));

        Assert.Equal("$.at", error.Path);
    }
}
