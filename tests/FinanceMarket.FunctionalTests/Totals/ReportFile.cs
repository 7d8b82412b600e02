using System.Net;
using ClosedXML.Excel;

namespace FinanceMarket.FunctionalTests.Totals;

// A monthly report downloaded through the gateway and opened with the library that wrote it, its cells read
// back in the units the totals keep (fen, counts, basis points).
internal static class ReportFile
{
    public static async Task<XLWorkbook> DownloadAsync(HttpClient official, string region, string month)
    {
        using var response = await official.GetAsync($"/api/v1/reports/monthly?regionCode={region}&month={month}&format=xlsx", TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{month}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
    }

    // The main sheet's lines by name: (row, unit).
    public static Dictionary<string, (int Row, string Unit)> Lines(IXLWorksheet sheet) =>
        Enumerable.Range(2, sheet.LastRowUsed()!.RowNumber() - 1).ToDictionary(r => sheet.Cell(r, 1).GetString(), r => (r, sheet.Cell(r, 2).GetString()));

    // Each figure's value in the month (column 3) as the totals keep it.
    public static Dictionary<string, long?> ThisMonth(XLWorkbook workbook)
    {
        var sheet = workbook.Worksheet("月报");
        return Lines(sheet).ToDictionary(l => l.Key, l => Value(sheet.Cell(l.Value.Row, 3), l.Value.Unit));
    }

    // A cell back in the unit the totals keep: fen from 万元 or 亿元, basis points from a percentage; none if empty.
    public static long? Value(IXLCell cell, string unit)
    {
        if (cell.IsEmpty())
        {
            return null;
        }

        var shown = cell.GetValue<decimal>();
        return unit switch
        {
            "万元" => (long)Math.Round(shown * 1_000_000m),
            "亿元" => (long)Math.Round(shown * 10_000_000_000m),
            "%" => (long)Math.Round(shown * 10_000m),
            _ => (long)shown,
        };
    }
}
