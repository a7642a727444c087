using System.Diagnostics;

namespace StarPlatform.Messaging.Tests;

internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                Assert.Fail($"Not within {within.TotalSeconds} s: {what}");
            }

            await Task.Delay(100);
        }
    }
}
