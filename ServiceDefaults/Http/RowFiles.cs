using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace StarPlatform.Http;

/// <summary>
/// What a bulk upload of rows looks like (the registry's outlet import, a rating device's batch): what the upload
/// is called in messages (<paramref name="Noun"/>: file, batch) and what a row is (<paramref name="RowNoun"/>:
/// row, record); the JSON array's property (<paramref name="JsonArray"/>), and whether a bare array will do; the
/// columns, one of them perhaps required in a CSV header; whether CSV cells a spreadsheet would run as a formula
/// are refused.
/// </summary>
public sealed record RowFile(
    string Noun, string RowNoun, string SendWhat, string JsonArray, bool BareArray, IReadOnlyList<string> Columns,
    string? RequiredColumn = null, bool RefuseFormulas = false);

/// <summary>
/// A row as sent, every value as text (a CSV cell, or a JSON string; an empty CSV cell is none). JSON names are
/// matched without regard to case, as CSV headers are; <see cref="NotText"/> names the columns sent as something
/// other than a string or null (a number, an object …), and <see cref="NotAnObject"/> a JSON row that is no object.
/// </summary>
public sealed class FileRow(RowFile file, int row, IReadOnlyDictionary<string, string?> cells, IReadOnlyList<string> notText, bool notAnObject)
{
    /// <summary>The row's number, from 1 (the CSV header does not count).</summary>
    public int Row { get; } = row;

    public IReadOnlyList<string> NotText { get; } = notText;

    public bool NotAnObject { get; } = notAnObject;

    public string? this[string column] => cells.GetValueOrDefault(column);

    /// <summary>
    /// Adds to <paramref name="errors"/> what makes the row unreadable (<c>rows[n]</c>: no object;
    /// <c>rows[n].column</c>: not text); whether there was any.
    /// </summary>
    public bool AddShapeErrors(string prefix, FieldErrors errors)
    {
        if (NotAnObject)
        {
            errors.Add(prefix, $"A {file.RowNoun} is an object.");
            return true;
        }

        foreach (var column in NotText)
        {
            errors.Add($"{prefix}.{column}", "The value is text (a JSON string).");
        }

        return NotText.Count > 0;
    }
}

/// <summary>
/// The rows of a bulk upload, sent as <c>application/json</c> or <c>text/csv</c> (<see cref="RowFile"/>): text that is
/// not UTF-8 is refused rather than turned into U+FFFD, another media type is a 415, a CSV header names only known
/// columns, and a CSV cell with a control character (<see cref="TextChecks"/>), or one a spreadsheet would run
/// (<see cref="SpreadsheetCells"/>, where the upload refuses those), refuses the whole file. The middleware's
/// control-character check does not read CSV bodies, so it is done here.
/// </summary>
public static class RowFiles
{
    public static async Task<RowFileRead> ReadAsync(HttpRequest request, RowFile file, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        string text;
        try
        {
            text = await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return Unreadable(file, $"The {file.Noun} is not UTF-8 text.");
        }

        try
        {
            return request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
            {
                "application/json" => new RowFileRead(ReadJson(text, file), null, null),
                "text/csv" => new RowFileRead(ReadCsv(text, file), null, null),
                _ => new RowFileRead(null, null, TypedResults.Problem($"Send {file.SendWhat} as application/json or text/csv.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: $"The {file.Noun} is neither JSON nor CSV.")),
            };
        }
        catch (FormatException ex)
        {
            return Unreadable(file, ex.Message);
        }
        catch (JsonException ex)
        {
            // The parser's own message is for developers (and English only): say where the text stops being JSON.
            return Unreadable(file, ex.LineNumber is { } line && ex.BytePositionInLine is { } at
                ? string.Create(CultureInfo.InvariantCulture, $"The {file.Noun} is not valid JSON (line {line + 1}, byte {at + 1}).")
                : $"The {file.Noun} is not valid JSON.");
        }
    }

    private static RowFileRead Unreadable(RowFile file, string detail) =>
        new(null, Problems.Invalid("file", detail, $"The {file.Noun} could not be read."), null);

    private static List<FileRow> ReadJson(string text, RowFile file)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var array = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(file.JsonArray, out var named) ? named
            : file.BareArray ? root : default;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException(file.BareArray
                ? $"The JSON is an array of rows, or an object with an '{file.JsonArray}' array."
                : $"The {file.Noun} is an object with a '{file.JsonArray}' array.");
        }

        return [.. array.EnumerateArray().Select((element, i) =>
        {
            var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var notText = new List<string>();
            if (element.ValueKind != JsonValueKind.Object)
            {
                return new FileRow(file, i + 1, cells, notText, notAnObject: true);
            }

            foreach (var property in element.EnumerateObject())
            {
                if (file.Columns.FirstOrDefault(c => c.Equals(property.Name, StringComparison.OrdinalIgnoreCase)) is not { } column)
                {
                    continue;
                }

                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        cells[column] = property.Value.GetString();
                        notText.Remove(column);
                        break;
                    case JsonValueKind.Null:
                        cells.Remove(column);
                        notText.Remove(column);
                        break;
                    default:
                        cells.Remove(column);
                        if (!notText.Contains(column))
                        {
                            notText.Add(column);
                        }

                        break;
                }
            }

            return new FileRow(file, i + 1, cells, notText, notAnObject: false);
        })];
    }

    private static List<FileRow> ReadCsv(string text, RowFile file)
    {
        var records = Csv.Read(text);
        if (records.Count == 0)
        {
            throw new FormatException("The CSV file is empty; its first line names the columns.");
        }

        var header = records[0].Select(h => h.Trim()).ToArray();
        var unknown = header.Where(h => !file.Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0 || (file.RequiredColumn is { } required && !header.Contains(required, StringComparer.OrdinalIgnoreCase)))
        {
            var requirement = file.RequiredColumn is { } named ? $" ({named} required)" : "";
            throw new FormatException($"The columns are {string.Join(", ", file.Columns)}{requirement}; unknown: {string.Join(", ", unknown)}.");
        }

        for (var row = 1; row < records.Count; row++)
        {
            foreach (var cell in records[row])
            {
                if (TextChecks.HasControl(cell))
                {
                    throw new FormatException($"Row {row}: {TextChecks.Message}");
                }

                // A cell a spreadsheet would run as a formula (CSV injection) is refused, so no export can carry one.
                if (file.RefuseFormulas && SpreadsheetCells.IsFormula(cell))
                {
                    throw new FormatException($"Row {row}: a cell may not begin with =, +, -, @, a tab or a carriage return (a spreadsheet would run it as a formula).");
                }
            }
        }

        var columns = header.Select(h => file.Columns.First(c => c.Equals(h, StringComparison.OrdinalIgnoreCase))).ToArray();
        return [.. records.Skip(1).Select((record, i) =>
        {
            var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < columns.Length && c < record.Length; c++)
            {
                if (record[c].Length > 0)
                {
                    cells.TryAdd(columns[c], record[c]);
                }
            }

            return new FileRow(file, i + 1, cells, [], notAnObject: false);
        })];
    }
}

/// <summary>The rows of an upload, or why it cannot be read: 400 (<see cref="Unreadable"/>) or 415 (<see cref="Unsupported"/>).</summary>
public sealed record RowFileRead(List<FileRow>? Rows, ValidationProblem? Unreadable, ProblemHttpResult? Unsupported);
