using System.Text;
using StarPlatform.Http;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>The shared helper the console's export (and the registry's import) uses against formula cells; plain C#, no suite.</summary>
public class SpreadsheetCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("社保窗口 = 1", "社保窗口 = 1")]
    [InlineData("TS-2026-000001", "TS-2026-000001")]
    [InlineData("", "")]
    public void A_cell_a_spreadsheet_would_run_is_written_as_text(string cell, string written)
    {
        Assert.Equal(written, SpreadsheetCells.Neutralise(cell));
        Assert.Equal(written != cell, SpreadsheetCells.IsFormula(cell));
    }

    [Fact]
    public void A_csv_file_quotes_what_needs_it_neutralises_formulas_and_starts_with_a_byte_order_mark()
    {
        var bytes = SpreadsheetCells.Csv(["案件编号", "内容"], [["TS-2026-000001", "态度差, \"很差\"\n第二行"], ["=1+1", null]]);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("案件编号,内容\r\nTS-2026-000001,\"态度差, \"\"很差\"\"\n第二行\"\r\n'=1+1,\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void Empty_cells_keep_their_place_first_and_last()
    {
        Assert.Equal(",医保窗口乙,,0,\r\n", SpreadsheetCells.CsvLine([null, "医保窗口乙", "", "0", null]));
        Assert.Equal(",\r\n", SpreadsheetCells.CsvLine(["", ""]));
    }
}
