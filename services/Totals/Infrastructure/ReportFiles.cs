using System.Globalization;
using System.Net;
using System.Text;
using ClosedXML.Excel;
using FinanceMarket.Totals.Model;

namespace FinanceMarket.Totals.Infrastructure;

// The monthly report as a file: xlsx for the office (a number format on each cell, in the unit its row is
// kept in), csv for anything that reads text, html to read or print in a browser. Every writer shows amounts
// to the fen in the unit's decimals (万元 to 6 places, 亿元 to 10), so a figure read back equals the totals.
internal static class ReportFiles
{
    public static readonly IReadOnlyList<string> Formats = ["xlsx", "csv", "html"];

    private static readonly string[] LineHeaders = ["指标", "单位", "本月", "本年累计(时点指标为较年初增减)", "去年同期", "同比增减"];

    public static (string ContentType, byte[] Data) Write(MonthlyReport report, string format) => format switch
    {
        "csv" => ("text/csv; charset=utf-8", Csv(report)),
        "html" => ("text/html; charset=utf-8", Html(report)),
        _ => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Xlsx(report)),
    };

    public static string Title(MonthlyReport report) => $"金融超市月报 {report.RegionCode} {report.Month}";

    public static string UnitName(ReportUnit unit) => unit switch
    {
        ReportUnit.Firms => "户",
        ReportUnit.Count => "笔",
        ReportUnit.TenThousandYuan => "万元",
        ReportUnit.HundredMillionYuan => "亿元",
        _ => "%",
    };

    // The value as shown in its unit: fen as 万元 or 亿元, basis points as a fraction (Excel's percent).
    public static decimal Shown(ReportUnit unit, long value) => unit switch
    {
        ReportUnit.TenThousandYuan => value / 1_000_000m,
        ReportUnit.HundredMillionYuan => value / 10_000_000_000m,
        ReportUnit.Ratio => value / 10_000m,
        _ => value,
    };

    private static string NumberFormat(ReportUnit unit) => unit switch
    {
        ReportUnit.TenThousandYuan => "#,##0.00",
        ReportUnit.HundredMillionYuan => "#,##0.0000",
        ReportUnit.Ratio => "0.00%",
        _ => "#,##0",
    };

    private static byte[] Xlsx(MonthlyReport report)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("月报");
        Header(sheet, LineHeaders, [18, 8, 20, 30, 20, 14]);
        var row = 2;
        foreach (var line in report.Lines)
        {
            var unit = line.Figure.Unit;
            sheet.Cell(row, 1).Value = line.Figure.Name;
            sheet.Cell(row, 2).Value = UnitName(unit);
            Number(sheet.Cell(row, 3), unit, line.Month);
            Number(sheet.Cell(row, 4), unit, line.YearToDate);
            Number(sheet.Cell(row, 5), unit, line.YearAgo);
            if (line.Change is { } change)
            {
                // A ratio's change is in percentage points; any other figure's a fraction of last year's.
                sheet.Cell(row, 6).Value = unit == ReportUnit.Ratio ? change / 100m : change;
                sheet.Cell(row, 6).Style.NumberFormat.Format = unit == ReportUnit.Ratio ? "0.00\"个百分点\"" : "0.00%";
            }

            row++;
        }

        foreach (var breakdown in report.Breakdowns)
        {
            var part = workbook.Worksheets.Add(breakdown.Title);
            Header(part, [breakdown.KeyTitle, "名称", .. MonthlyReport.Figures.Select(f => $"{f.Name}({UnitName(f.Unit)})")],
                [14, 24, .. MonthlyReport.Figures.Select(f => Math.Max(12, f.Name.Length * 2 + 6))]);
            var r = 2;
            foreach (var line in breakdown.Rows)
            {
                part.Cell(r, 1).Value = line.Key;
                part.Cell(r, 1).DataType = XLDataType.Text;
                part.Cell(r, 2).Value = line.Label;
                for (var i = 0; i < line.Values.Count; i++)
                {
                    Number(part.Cell(r, 3 + i), MonthlyReport.Figures[i].Unit, line.Values[i]);
                }

                r++;
            }
        }

        var about = workbook.Worksheets.Add("说明");
        about.Cell(1, 1).Value = Title(report);
        about.Cell(2, 1).Value = "地区";
        about.Cell(2, 2).Value = report.RegionCode;
        about.Cell(2, 2).DataType = XLDataType.Text;
        about.Cell(3, 1).Value = "月份";
        about.Cell(3, 2).Value = report.Month;
        about.Cell(3, 2).DataType = XLDataType.Text;
        about.Cell(4, 1).Value = "生成时间";
        about.Cell(4, 2).Value = report.AsOf.ToString("O", CultureInfo.InvariantCulture);
        about.Cell(5, 1).Value = "口径";
        about.Cell(5, 2).Value = "流量指标为当月发生额,余额与入驻企业数为月末时点数;金额保留到分(万元六位、亿元十位小数)。";
        about.Column(1).Width = 12;
        about.Column(2).Width = 80;

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Header(IXLWorksheet sheet, string[] titles, int[] widths)
    {
        for (var i = 0; i < titles.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = titles[i];
            sheet.Cell(1, i + 1).Style.Font.Bold = true;
            sheet.Column(i + 1).Width = widths[i];
        }

        sheet.SheetView.FreezeRows(1);
    }

    private static void Number(IXLCell cell, ReportUnit unit, long? value)
    {
        if (value is { } v)
        {
            cell.Value = Shown(unit, v);
            cell.Style.NumberFormat.Format = NumberFormat(unit);
        }
    }

    private static byte[] Csv(MonthlyReport report)
    {
        var csv = new StringBuilder();
        void Line(IEnumerable<string> cells) => csv.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        Line([Title(report)]);
        Line(LineHeaders);
        foreach (var line in report.Lines)
        {
            Line([line.Figure.Name, UnitName(line.Figure.Unit), Text(line.Figure.Unit, line.Month), Text(line.Figure.Unit, line.YearToDate),
                Text(line.Figure.Unit, line.YearAgo), Change(line)]);
        }

        foreach (var breakdown in report.Breakdowns)
        {
            csv.Append("\r\n");
            Line([breakdown.Title]);
            Line([breakdown.KeyTitle, "名称", .. MonthlyReport.Figures.Select(f => $"{f.Name}({UnitName(f.Unit)})")]);
            foreach (var row in breakdown.Rows)
            {
                Line([row.Key, row.Label, .. row.Values.Select((v, i) => Text(MonthlyReport.Figures[i].Unit, v))]);
            }
        }

        // With a byte order mark: Excel reads the Chinese as UTF-8 only then.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static byte[] Html(MonthlyReport report)
    {
        var html = new StringBuilder();
        var title = WebUtility.HtmlEncode(Title(report));
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}")
            .Append("th,td{border:1px solid #999;padding:.25em .6em}td.n{text-align:right;font-variant-numeric:tabular-nums}</style></head><body>")
            .Append("<h1>").Append(title).Append("</h1><p>生成时间 ").Append(WebUtility.HtmlEncode(report.AsOf.ToString("O", CultureInfo.InvariantCulture)))
            .Append(";流量指标为当月发生额,余额与入驻企业数为月末时点数。</p><table><thead><tr>");
        foreach (var header in LineHeaders)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var line in report.Lines)
        {
            var unit = line.Figure.Unit;
            html.Append("<tr><th scope=\"row\">").Append(WebUtility.HtmlEncode(line.Figure.Name)).Append("</th><td>").Append(UnitName(unit)).Append("</td>");
            foreach (var cell in new[] { Text(unit, line.Month), Text(unit, line.YearToDate), Text(unit, line.YearAgo), Change(line) })
            {
                html.Append("<td class=\"n\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        foreach (var breakdown in report.Breakdowns)
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(breakdown.Title)).Append("</h2><table><thead><tr><th>").Append(WebUtility.HtmlEncode(breakdown.KeyTitle))
                .Append("</th><th>名称</th>");
            foreach (var figure in MonthlyReport.Figures)
            {
                html.Append("<th>").Append(WebUtility.HtmlEncode($"{figure.Name}({UnitName(figure.Unit)})")).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var row in breakdown.Rows)
            {
                html.Append("<tr><td>").Append(WebUtility.HtmlEncode(row.Key)).Append("</td><td>").Append(WebUtility.HtmlEncode(row.Label)).Append("</td>");
                for (var i = 0; i < row.Values.Count; i++)
                {
                    html.Append("<td class=\"n\">").Append(WebUtility.HtmlEncode(Text(MonthlyReport.Figures[i].Unit, row.Values[i]))).Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    // Text to the fen: 万元 with 6 decimals, 亿元 with 10, a ratio as a percentage with 2.
    private static string Text(ReportUnit unit, long? value) => value is not { } v ? string.Empty : unit switch
    {
        ReportUnit.TenThousandYuan => Shown(unit, v).ToString("0.000000", CultureInfo.InvariantCulture),
        ReportUnit.HundredMillionYuan => Shown(unit, v).ToString("0.0000000000", CultureInfo.InvariantCulture),
        ReportUnit.Ratio => (v / 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        _ => v.ToString(CultureInfo.InvariantCulture),
    };

    private static string Change(ReportLine line) => line.Change is not { } change ? string.Empty
        : line.Figure.Unit == ReportUnit.Ratio
            ? (change / 100m).ToString("0.00", CultureInfo.InvariantCulture) + "个百分点"
            : (change * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    // RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled; a cell that a
    // spreadsheet would run as a formula (=, +, -, @ first) is written as text.
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
