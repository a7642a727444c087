using System.Collections.Concurrent;
using System.Text.Json;

namespace StarPlatform.Messaging;

/// <summary>How outbox rows name and serialize their messages.</summary>
public static class MessageTypes
{
    /// <summary>Web defaults, enums by name (kebab-case): an outbox row stays readable if an enum gains or reorders members.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private static readonly ConcurrentDictionary<string, Type?> Resolved = new();

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Resolved.GetOrAdd(name, n => Type.GetType(n, throwOnError: false))
        ?? throw new InvalidOperationException($"Outbox message type '{name}' is not known to this service.");
}
