using System.Collections.Concurrent;
using System.Text.Json;

namespace StarPlatform.Messaging;

/// <summary>How outbox rows name and serialize their messages.</summary>
public static class MessageTypes
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly ConcurrentDictionary<string, Type?> Resolved = new();

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Resolved.GetOrAdd(name, n => Type.GetType(n, throwOnError: false))
        ?? throw new InvalidOperationException($"Outbox message type '{name}' is not known to this service.");
}
