namespace StarPlatform.OperatorConsole.Components.Registry;

/// <summary>Where a registry unit's page is, and the registry's collection for its kind.</summary>
public static class RegistryLinks
{
    /// <summary><c>centers</c>, <c>windows</c>, <c>outlets</c>: the registry's path for a unit kind.</summary>
    public static string Collection(string kind) => kind switch
    {
        "center" => "centers",
        "window" => "windows",
        _ => "outlets",
    };

    public static string UnitPath(string kind, Guid id) => $"registry/{Collection(kind)}/{id}";
}
