using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StarPlatform.Messaging;

/// <summary>
/// How the programme's closed vocabularies (enums) read in JSON, in messages and in database
/// columns: one kebab-case lower-case word (<c>UnderReview</c> → <c>under-review</c>), so a column
/// says what the API says and survives enums gaining or reordering members.
/// </summary>
public static class Words
{
    public static string Of<T>(T value) where T : struct, Enum => Cache<T>.Words[value];

    /// <summary>The member a word names; throws when it names none (data the service wrote itself).</summary>
    public static T Parse<T>(string word) where T : struct, Enum =>
        Cache<T>.Members.TryGetValue(word, out var value) ? value : throw new FormatException($"'{word}' is not a {typeof(T).Name}.");

    public static bool TryParse<T>(string? word, out T value) where T : struct, Enum
    {
        value = default;
        return word is not null && Cache<T>.Members.TryGetValue(word, out value);
    }

    /// <summary>Every word of the vocabulary, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Cache<T>.Ordered;

    /// <summary>Stores the property as its word (a string column).</summary>
    public static PropertyBuilder<T> HasWordConversion<T>(this PropertyBuilder<T> property, int maxLength = 32) where T : struct, Enum =>
        property.HasConversion(new ValueConverter<T, string>(v => Of(v), w => Parse<T>(w))).HasMaxLength(maxLength);

    /// <summary>Stores the nullable property as its word, or null.</summary>
    public static PropertyBuilder<T?> HasWordConversion<T>(this PropertyBuilder<T?> property, int maxLength = 32) where T : struct, Enum =>
        property.HasConversion(new ValueConverter<T?, string?>(v => v == null ? null : Of(v.Value), w => w == null ? null : Parse<T>(w)))
            .HasMaxLength(maxLength);

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Words =
            Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, T> Members = Words.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> Ordered = Enum.GetValues<T>().Select(v => Words[v]).ToList();
    }
}
