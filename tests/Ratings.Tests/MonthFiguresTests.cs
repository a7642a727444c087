using StarPlatform.Contracts;
using StarPlatform.Ratings.Model;
using StarPlatform.Testing;

namespace StarPlatform.Ratings.Tests;

/// <summary>
/// Scoring's copy of the figures (decision 0019): each write announces every unit and month it moved once, with
/// the counts as they then stand — a batch of many records for one window is one message, and a later write's
/// message carries the larger tally.
/// </summary>
[Collection(RatingsCollection.Name)]
public sealed class MonthFiguresTests(RatingsFixture fixture)
{
    [Fact]
    public async Task A_batch_announces_each_unit_month_it_moved_once_with_the_counts_as_they_stand()
    {
        var center = await fixture.UnitAsync();
        var window = await fixture.UnitAsync(center);
        var device = fixture.Device(center);
        var first = Enumerable.Range(1, 200).Select(i => DeviceBatchTests.Record($"m{i}", $"M-{i}", i <= 190 ? (i % 50 == 0 ? "dissatisfied" : "satisfied") : null, window)).ToArray();

        await (await DeviceBatchTests.UploadAsync(device, first)).OkAsync();
        await (await DeviceBatchTests.UploadAsync(device, DeviceBatchTests.Record("m201", "M-201", "very-satisfied", window))).OkAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.MonthFigures.Count(f => f.UnitId == window) == 2), RatingsFixture.Delivery,
            "both writes are announced");

        var figures = fixture.MonthFigures.Where(f => f.UnitId == window).OrderBy(f => f.Tally).ToList();
        var month = Rates.MonthOf(DateTimeOffset.UtcNow.AddHours(-2));
        Assert.All(figures, f => Assert.Equal(month, f.Month));
        Assert.Equal((200L, 190L, 0L, 187L, 3L), (figures[0].Served, figures[0].Rated, figures[0].VerySatisfied, figures[0].Satisfied, figures[0].Dissatisfied));
        Assert.Equal((201L, 191L, 1L, 187L, 3L), (figures[1].Served, figures[1].Rated, figures[1].VerySatisfied, figures[1].Satisfied, figures[1].Dissatisfied));
        Assert.True(figures[1].Tally > figures[0].Tally);
    }
}
