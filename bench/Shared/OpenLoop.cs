using System.Diagnostics;

namespace StarPlatform.Bench;

/// <summary>
/// An open-loop sender: request <c>i</c> leaves at <c>start + i/rate</c> whatever the system does, and is handed the
/// instant it was due (Stopwatch ticks) so its latency runs from there — a stall counts in full, with no coordinated
/// omission. Shared by every driver.
/// </summary>
internal static class OpenLoop
{
    /// <param name="Sending">until the last request left</param>
    /// <param name="AllAnswered">until every request's task ended</param>
    public sealed record Timing(TimeSpan Sending, TimeSpan AllAnswered);

    /// <summary>
    /// Sends <paramref name="total"/> requests at <paramref name="rate"/> a second; <paramref name="send"/> gets the
    /// request's index and the instant it was due. With <paramref name="slots"/>, a request due while none is free
    /// waits for one (its latency still runs from when it was due); <paramref name="send"/> releases it.
    /// </summary>
    public static async Task<Timing> RunAsync(int total, double rate, Func<int, long, Task> send, SemaphoreSlim? slots = null)
    {
        var interval = Stopwatch.Frequency / rate;
        var inFlight = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var scheduled = start + (long)(i * interval);
            // Sleep until the request is due, never spin: the driver shares the two cores with the suite, and a
            // spinning sender takes a core from it. A timer wakes ~1 ms late at worst; every request then due leaves
            // at once, and the late start counts against the suite (latency runs from the scheduled instant).
            while (Stopwatch.GetTimestamp() < scheduled)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
            }

            if (slots is not null)
            {
                await slots.WaitAsync();
            }

            var n = i;
            inFlight.Add(Task.Run(() => send(n, scheduled)));
        }

        var sending = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(inFlight);
        return new Timing(sending, Stopwatch.GetElapsedTime(start));
    }
}
