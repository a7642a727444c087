using System.Text;

namespace StarPlatform.Http;

/// <summary>
/// Text that goes into or comes out of a spreadsheet. A cell that begins with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return is run as a formula when the file is opened (CSV
/// injection, OWASP): imports refuse such cells (<see cref="IsFormula"/>), exports neutralise them
/// (<see cref="Neutralise"/>: a leading apostrophe, which spreadsheets show as text).
/// </summary>
public static class SpreadsheetCells
{
    /// <summary>Whether a spreadsheet would read <paramref name="cell"/> as a formula.</summary>
    public static bool IsFormula(string? cell) =>
        cell is { Length: > 0 } && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell as text a spreadsheet shows and does not run.</summary>
    public static string Neutralise(string? cell) => cell is null ? "" : IsFormula(cell) ? "'" + cell : cell;

    /// <summary>One CSV record (RFC 4180): every cell neutralised, quoted when it holds a comma, a quote or a line break.</summary>
    public static string CsvLine(IEnumerable<string?> cells)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var raw in cells)
        {
            // Counted, not read from the line's length: an empty first cell still needs its comma.
            if (!first)
            {
                line.Append(',');
            }

            first = false;

            var cell = Neutralise(raw);
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(cell);
            }
        }

        return line.Append("\r\n").ToString();
    }

    /// <summary>
    /// A CSV file of <paramref name="rows"/> under <paramref name="header"/>, UTF-8 with a byte-order
    /// mark (so Excel in China opens Chinese text as UTF-8, not GBK).
    /// </summary>
    public static byte[] Csv(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder(CsvLine(header));
        foreach (var row in rows)
        {
            text.Append(CsvLine(row));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
