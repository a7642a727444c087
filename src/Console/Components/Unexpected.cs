namespace StarPlatform.OperatorConsole.Components;

/// <summary>
/// Runs a page's action (a submission, a step) so that an exception nobody expected is logged and
/// told to the person (<see cref="UnexpectedError"/>) instead of ending the circuit; the page and
/// what was typed into it stay as they were. (An error boundary cannot do that: Blazor disposes
/// the boundary's content before showing its error.)
/// </summary>
public static class Unexpected
{
    /// <summary>Whether <paramref name="action"/> ran without an unexpected exception.</summary>
    public static async Task<bool> RunAsync(Func<Task> action, ILogger logger, string what)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Action} failed unexpectedly; the page kept what was entered", what);
            return false;
        }
    }
}
