using System.Diagnostics;

namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>
/// Which of the console's API calls make traces. A circuit's events run under its connection's
/// request (whose span ServiceDefaults leaves out), so each call starts a trace of its own: a page
/// load or a step is one trace through the gateway and the services. Search-as-you-type would make
/// one per keystroke; it runs <see cref="Untraced"/>: under a context whose trace is not recorded,
/// which the gateway and the services (parent-based sampling) honour too.
/// </summary>
public static class CallTracing
{
    private const string UntracedName = "console.untraced";

    /// <summary>Until disposed, the calls made from here on (in this async flow) record no trace.</summary>
    public static Activity Untraced()
    {
        var untraced = new Activity(UntracedName);
        untraced.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        return untraced.Start();
    }

    /// <summary>Called as a call begins: leaves an <see cref="Untraced"/> context, otherwise starts a new trace.</summary>
    internal static void BeginCall()
    {
        if (Activity.Current?.OperationName != UntracedName)
        {
            Activity.Current = null;
        }
    }
}
