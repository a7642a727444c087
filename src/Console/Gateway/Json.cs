using System.Globalization;
using System.Text.Json;

namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>Reading Scoring's answers field by field (its contract is settled only by name).</summary>
public static class Json
{
    /// <summary>The items of <c>{items, total}</c>, or of a bare array.</summary>
    public static List<JsonElement> Items(JsonElement page) => page.ValueKind switch
    {
        JsonValueKind.Array => [.. page.EnumerateArray()],
        JsonValueKind.Object when page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array => [.. items.EnumerateArray()],
        _ => [],
    };

    public static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString()
            : "";

    public static decimal? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    public static bool Flag(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>A date (<c>2026-03-01</c>) in the current culture's long format.</summary>
    public static string DateText(JsonElement e, string name) =>
        DateOnly.TryParse(Text(e, name), CultureInfo.InvariantCulture, out var d) ? d.ToString("D", CultureInfo.CurrentCulture) : Text(e, name);
}
