using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using FinanceMarket.FunctionalTests.Loans;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Totals;

// The officials' monthly report through the gateway: the xlsx opened with the library that wrote it, each
// figure of the month, the year to date and each bank's row read back to the fen and held against the totals;
// the csv and html carry the same; bad months and formats are refused by name; only officials of the region read it.
public sealed class MonthlyReportTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // The report's figures and where the totals keep each (docs/api.md).
    private static readonly (string Name, Func<JsonNode, long?> Read)[] Figures =
    [
        ("入驻企业数", t => Long(t, "enterprisesRegistered")),
        ("对接笔数", t => Long(t, "matchedDeals")),
        ("授信金额", t => Long(t, "creditGrantedFen")),
        ("放款金额", t => Long(t["loans"]!, "disbursedFen")),
        ("贷款余额", t => Long(t["loans"]!, "balanceFen")),
        ("普惠小微贷款余额", t => Long(t["loans"]!, "inclusiveBalanceFen")),
        ("首贷户数", t => Long(t["loans"]!, "firstLoanFirms")),
        ("首贷金额", t => Long(t["loans"]!, "firstLoanFen")),
        ("信用贷款占比", t => (long?)t["loans"]!["creditLoanShareBp"]),
        ("续贷笔数", t => Long(t["loans"]!, "renewals")),
        ("续贷金额", t => Long(t["loans"]!, "renewedFen")),
        ("其中无还本续贷笔数", t => Long(t["loans"]!, "noRepaymentRenewals")),
        ("其中无还本续贷金额", t => Long(t["loans"]!, "noRepaymentRenewedFen")),
        ("贴息笔数", t => Long(t, "subsidyClaimsPaid")),
        ("贴息金额", t => Long(t, "subsidyPaidFen")),
        ("逾期率", t => (long?)t["loans"]!["overdueRatioBp"]),
    ];

    [Fact]
    public async Task The_month_s_report_holds_the_totals_to_the_fen_in_xlsx_csv_and_html()
    {
        // A district no other test uses, with a product of its own: a deal of 1,000,000 yuan, 600,000 paid out, 150,000 repaid.
        var region = TestData.FreshRegion();
        using var official = platform.Rest(await platform.OfficialAsync(region));
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        var (_, loanId) = await LoanSteps.ApproveTodayAsync(scenario);
        var today = Domain.ChinaTime.Today(TimeProvider.System);
        await LoanSteps.RecordAsync(scenario.Bank, loanId, "disbursements", new { on = Domain.Dates.Day(today), amountFen = 60_000_000 });
        await LoanSteps.RecordAsync(scenario.Bank, loanId, "repayments", new { on = Domain.Dates.Day(today), principalFen = 15_000_123, interestFen = 0 });
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(100, Cancel))
        {
            var (_, now) = await official.GetJsonAsync($"/api/v1/totals?regionCode={region}");
            if (now["loans"] is { } l && Long(l, "repaidPrincipalFen") == 15_000_123)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, now.ToJsonString());
        }

        var (_, monthRows) = await official.GetJsonAsync($"/api/v1/totals/breakdown?by=MONTH&regionCode={region}");
        var inMonth = monthRows["rows"]!.AsArray().Single(r => (string)r!["key"]! == month)!;
        var (_, bankRows) = await official.GetJsonAsync($"/api/v1/totals/breakdown?by=BANK&regionCode={region}&month={month}");
        var bankRow = Assert.Single(bankRows["rows"]!.AsArray())!;

        using (var response = await official.GetAsync($"/api/v1/reports/monthly?regionCode={region}&month={month}&format=xlsx", Cancel))
        {
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"monthly-report-{region}-{month}.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }

        using var workbook = await ReportFile.DownloadAsync(official, region, month);

        // The month's figures, each row by its name, equal the totals' month row; the year to date of a flow
        // is this month's too (nothing earlier in this district), and a balance's is its growth since January.
        var sheet = workbook.Worksheet("月报");
        Assert.Equal(1, sheet.SheetView.SplitRow);
        var rows = ReportFile.Lines(sheet).ToDictionary(l => l.Key, l => l.Value.Row);
        foreach (var (name, read) in Figures)
        {
            var row = rows[name];
            var unit = sheet.Cell(row, 2).GetString();
            Assert.True(read(inMonth) == ReportFile.Value(sheet.Cell(row, 3), unit), $"{name} this month: totals {read(inMonth)}, report {ReportFile.Value(sheet.Cell(row, 3), unit)}");
            if (unit != "%")
            {
                Assert.True(read(inMonth) == ReportFile.Value(sheet.Cell(row, 4), unit), $"{name} year to date");
            }
        }

        Assert.Equal((60_000_000L, 44_999_877L, 10_000L), (ReportFile.Value(sheet.Cell(rows["放款金额"], 3), "万元"), ReportFile.Value(sheet.Cell(rows["贷款余额"], 3), "亿元"),
            ReportFile.Value(sheet.Cell(rows["信用贷款占比"], 3), "%")));
        Assert.Equal(("#,##0.00", "#,##0.0000", "0.00%"), (sheet.Cell(rows["放款金额"], 3).Style.NumberFormat.Format,
            sheet.Cell(rows["贷款余额"], 3).Style.NumberFormat.Format, sheet.Cell(rows["逾期率"], 3).Style.NumberFormat.Format));

        // The bank's row, by its name, equals its row in the totals for the month.
        var banks = workbook.Worksheet("按银行");
        Assert.Equal((scenario.BankId, 3), (banks.Cell(2, 1).GetString(), banks.LastRowUsed()!.RowNumber() + 1));
        Assert.False(string.IsNullOrEmpty(banks.Cell(2, 2).GetString()));
        for (var i = 0; i < Figures.Length; i++)
        {
            var header = banks.Cell(1, 3 + i).GetString();
            var unit = header[(header.IndexOf('(', StringComparison.Ordinal) + 1)..^1];
            Assert.StartsWith(Figures[i].Name, header, StringComparison.Ordinal);
            Assert.True(Figures[i].Read(bankRow) == ReportFile.Value(banks.Cell(2, 3 + i), unit) || (Figures[i].Name == "入驻企业数" && banks.Cell(2, 3 + i).IsEmpty()),
                $"{header}: totals {Figures[i].Read(bankRow)}, report {ReportFile.Value(banks.Cell(2, 3 + i), unit)}");
        }

        Assert.Equal(region, workbook.Worksheet("按地区").Cell(2, 1).GetString());
        Assert.StartsWith("C ", workbook.Worksheet("按行业").Cell(2, 2).GetString(), StringComparison.Ordinal);

        // The same figures as text, to the fen.
        var (csvStatus, csvType, csv) = await TextAsync(official, $"/api/v1/reports/monthly?regionCode={region}&month={month}&format=csv");
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (csvStatus, csvType));
        Assert.StartsWith("\uFEFF", csv, StringComparison.Ordinal);
        Assert.Contains("放款金额,万元,60.000000,60.000000,0.000000,\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("贷款余额,亿元,0.0044999877,0.0044999877,0.0000000000,\r\n", csv, StringComparison.Ordinal);
        var (htmlStatus, htmlType, html) = await TextAsync(official, $"/api/v1/reports/monthly?regionCode={region}&month={month}&format=html");
        Assert.Equal((HttpStatusCode.OK, "text/html"), (htmlStatus, htmlType));
        Assert.Contains($"<title>金融超市月报 {region} {month}</title>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">60.000000</td>", html, StringComparison.Ordinal);

        // Refusals name their field; only officials of the region read the report.
        foreach (var (query, field) in new[] { ("month=2026-13", "month"), ("month=", "month"), ($"month={month}&format=pdf", "format") })
        {
            var (status, body) = await official.GetJsonAsync($"/api/v1/reports/monthly?regionCode={region}&{query}");
            Assert.True(status == HttpStatusCode.BadRequest && body.ToJsonString().Contains(field, StringComparison.Ordinal), $"{query}: {(int)status} {body.ToJsonString()}");
        }

        using var elsewhere = platform.Rest(await platform.OfficialAsync("131102"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetJsonAsync($"/api/v1/reports/monthly?regionCode={region}&month={month}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.GetJsonAsync($"/api/v1/reports/monthly?regionCode={region}&month={month}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Enterprise.GetJsonAsync($"/api/v1/reports/monthly?regionCode={region}&month={month}")).Status);
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, string Text)> TextAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, new UTF8Encoding(false).GetString(bytes));
    }

    private static long Long(JsonNode node, string name) => (long?)node[name] ?? 0;
}
