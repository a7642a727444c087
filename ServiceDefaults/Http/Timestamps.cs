using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StarPlatform.Http;

/// <summary>
/// One timestamp format in every answer (decision 0017): UTC with <c>Z</c> and exactly six fractional
/// digits, <c>2026-12-03T08:15:30.123456Z</c> — PostgreSQL keeps microseconds, so a value reads the same
/// before and after it was stored (a seventh digit is cut, as Npgsql cuts it when writing). Reading
/// stays lenient: any ISO 8601 date and time, with or without fractions, with any offset (but with one).
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The text an instant is written as.</summary>
    public static string Text(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Without an offset the instant would depend on the server's time zone: the sender says which it is.
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value) && HasOffset(reader.GetString()!))
        {
            return value;
        }

        throw new JsonException("The value is not an ISO 8601 date and time with an offset.");
    }

    /// <summary>Whether ISO 8601 text ends in <c>Z</c> or an offset (<c>+08:00</c>, <c>-05</c>).</summary>
    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(time).IndexOfAny('+', '-') > 0);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[27];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }

    public override DateTimeOffset ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : throw new JsonException("The name is not an ISO 8601 date and time.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WritePropertyName(Text(value));
}
