namespace StarPlatform.OpenApi;

/// <summary>A text in both languages of the documents: Chinese first, then English.</summary>
public readonly record struct Bilingual(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";

    public static implicit operator Bilingual((string Zh, string En) text) => new(text.Zh, text.En);
}

/// <summary>
/// What a service's OpenAPI document says beyond what the endpoints' metadata says: a summary per
/// operation (by its name, <c>WithName</c>), a description per parameter, the closed value sets of
/// string properties and parameters, and the operations that honour <c>Idempotency-Key</c>. Each
/// service registers one (<see cref="ApiDocumentation.AddApiText"/>); ServiceDefaults adds the
/// shared endpoints' (dead letters) and the parameters every service names alike (<c>page</c>, <c>id</c> …).
/// </summary>
public sealed class ApiText
{
    /// <summary>Summary by operation id.</summary>
    public Dictionary<string, Bilingual> Operations { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Description by parameter: <c>operationId.name</c> for one operation, or <c>name</c> for every
    /// parameter of that name.
    /// </summary>
    public Dictionary<string, Bilingual> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The values a string may take: <c>Schema.property</c> for one schema's property,
    /// <c>operationId.name</c> for one operation's parameter, or <c>name</c> for every property
    /// and parameter of that name the other keys do not name. For an array, its items.
    /// </summary>
    public Dictionary<string, IReadOnlyList<string>> ClosedSets { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Operations where an <c>Idempotency-Key</c> makes a retry answer the first answer.</summary>
    public HashSet<string> Idempotent { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Request bodies the endpoint reads itself (a form), by operation id: media type and the
    /// fields with their descriptions.
    /// </summary>
    public Dictionary<string, FormBody> FormBodies { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Request headers an endpoint reads itself (not bound as parameters), by operation id.</summary>
    public Dictionary<string, IReadOnlyList<HeaderParameter>> Headers { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A request header the endpoint reads.</summary>
public sealed record HeaderParameter(string Name, Bilingual Description, bool Required = false);

/// <summary>An <c>application/x-www-form-urlencoded</c> body: its fields, the required ones first named in <see cref="Required"/>.</summary>
public sealed record FormBody(IReadOnlyDictionary<string, Bilingual> Fields, IReadOnlyList<string> Required);
