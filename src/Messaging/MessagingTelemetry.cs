using System.Diagnostics;

namespace StarPlatform.Messaging;

public static class MessagingTelemetry
{
    public const string SourceName = "StarPlatform.Messaging";
    public static readonly ActivitySource Source = new(SourceName);
}
