using System.Diagnostics;

namespace StarPlatform.Testing;

/// <summary>Polling for effects that arrive asynchronously (messages, relays, restarts).</summary>
public static class Eventually
{
    /// <summary>Polls every 100 ms until <paramref name="condition"/> holds; throws after <paramref name="within"/>.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what) =>
        HoldsAsync(condition, within, () => what, TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// Polls every <paramref name="every"/> (for a costly condition) until <paramref name="condition"/>
    /// holds; throws after <paramref name="within"/>, saying <paramref name="what"/> as it stands then.
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> what, TimeSpan every)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"Not within {within.TotalSeconds} s: {what()}");
            }

            await Task.Delay(every);
        }
    }
}
