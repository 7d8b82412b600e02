using System.Globalization;
using System.Text.Json.Nodes;

namespace FinanceMarket.Replay;

// The loans' figures of the district as its ledgers hold them (every loan read back with its lines and
// class), held against the totals (the district, each bank, each month's flows and month-end balances),
// and each month's report (its csv) held against the totals' month: so the report equals the ledgers.
internal sealed class LoanCheck(PlatformApi api, string regionCode, string official)
{
    public static readonly IReadOnlyList<string> Figures =
    [
        "loansDisbursed", "disbursedFen", "creditLoanDisbursedFen", "firstLoanFirms", "firstLoanFen", "balanceFen", "inclusiveBalanceFen",
        "creditLoanBalanceFen", "overdueBalanceFen", "repaidPrincipalFen", "repaidInterestFen", "renewals", "renewedFen", "noRepaymentRenewals",
        "noRepaymentRenewedFen", "writtenOffFen",
    ];

    private static readonly HashSet<string> Stocks = new(["balanceFen", "inclusiveBalanceFen", "creditLoanBalanceFen", "overdueBalanceFen"], StringComparer.Ordinal);

    // The report's lines and where the totals keep each (docs/api.md, "Totals").
    private static readonly (string Name, Func<JsonNode, long?> Read)[] ReportLines =
    [
        ("入驻企业数", t => PlatformApi.Number(t["enterprisesRegistered"])),
        ("对接笔数", t => PlatformApi.Number(t["matchedDeals"])),
        ("授信金额", t => PlatformApi.Number(t["creditGrantedFen"])),
        ("放款金额", t => Loan(t, "disbursedFen")),
        ("贷款余额", t => Loan(t, "balanceFen")),
        ("普惠小微贷款余额", t => Loan(t, "inclusiveBalanceFen")),
        ("首贷户数", t => Loan(t, "firstLoanFirms")),
        ("首贷金额", t => Loan(t, "firstLoanFen")),
        ("信用贷款占比", t => t["loans"]?["creditLoanShareBp"] is { } bp ? PlatformApi.Number(bp) : null),
        ("续贷笔数", t => Loan(t, "renewals")),
        ("续贷金额", t => Loan(t, "renewedFen")),
        ("其中无还本续贷笔数", t => Loan(t, "noRepaymentRenewals")),
        ("其中无还本续贷金额", t => Loan(t, "noRepaymentRenewedFen")),
        ("贴息笔数", t => PlatformApi.Number(t["subsidyClaimsPaid"])),
        ("贴息金额", t => PlatformApi.Number(t["subsidyPaidFen"])),
        ("逾期率", t => t["loans"]?["overdueRatioBp"] is { } bp ? PlatformApi.Number(bp) : null),
    ];

    public async Task<(IReadOnlyList<FigureCheck> Checks, int Loans)> RunAsync(DateOnly from, DateOnly to, TimeSpan timeout, CancellationToken ct)
    {
        var loans = await ReadLedgersAsync(ct);
        var expected = Expected(loans, from, to);
        var deadline = DateTime.UtcNow + timeout;
        List<FigureCheck> checks;
        Dictionary<string, JsonObject> months;
        while (true)
        {
            (checks, months) = await CompareAsync(expected, ct);
            if (checks.All(c => c.Equal) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500, ct);
        }

        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var key = Ledger.Month(month);
            // A month with nothing in it has no row to hold its report against (a replayed month always has one).
            if (months.GetValueOrDefault(key) is not { } row)
            {
                continue;
            }

            var report = await ReportAsync(key, ct);
            foreach (var (name, read) in ReportLines)
            {
                // Absent (a ratio of nothing outstanding) is -1 on both sides.
                checks.Add(new FigureCheck("REPORT:" + key, name, read(row) ?? -1, report.GetValueOrDefault(name) ?? -1));
            }
        }

        return (checks, loans.Count);
    }

    // Every loan of the district, each with its whole ledger.
    private async Task<List<JsonObject>> ReadLedgersAsync(CancellationToken ct)
    {
        var loans = new List<JsonObject>();
        var token = "";
        do
        {
            var page = await api.GetAsync($"/api/v1/loans?regionCode={regionCode}&pageSize=100&pageToken={Uri.EscapeDataString(token)}", official, ct);
            foreach (var loan in page["loans"]?.AsArray() ?? [])
            {
                loans.Add(await api.GetAsync($"/api/v1/loans/{(string)loan!["loanId"]!}", official, ct));
            }

            token = (string?)page["nextPageToken"] ?? "";
        }
        while (token.Length > 0);
        return loans;
    }

    // Scopes as TotalsCheck names them: "district", "BANK:{bankId}", "MONTH:{yyyy-MM}" (a month's flows and the
    // balances at its end).
    private static Dictionary<string, Dictionary<string, long>> Expected(List<JsonObject> loans, DateOnly from, DateOnly to)
    {
        var scopes = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        void Add(string scope, string figure, long amount)
        {
            if (!scopes.TryGetValue(scope, out var figures))
            {
                scopes[scope] = figures = Figures.ToDictionary(f => f, _ => 0L, StringComparer.Ordinal);
            }

            figures[figure] += amount;
        }

        var months = new List<DateOnly>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            months.Add(month);
        }

        foreach (var loan in loans)
        {
            var bank = "BANK:" + (string)loan["bankId"]!;
            bool Class(string name) => (bool?)loan["class"]?[name] ?? false;
            var withoutRepaying = (string?)loan["renewalKind"] == "NO_REPAYMENT_RENEWAL";
            var entries = loan["entries"]!.AsArray().Select(e => (Kind: (string)e!["kind"]!, On: DateOnly.ParseExact((string)e["on"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Principal: PlatformApi.Number(e["principalFen"]), Interest: PlatformApi.Number(e["interestFen"]))).ToList();
            var firstPaid = entries.FirstOrDefault(e => e.Kind == "DISBURSED");
            foreach (var e in entries)
            {
                var flows = new List<(string, long)>();
                switch (e.Kind)
                {
                    case "DISBURSED":
                        flows.Add(("disbursedFen", e.Principal));
                        flows.Add(("creditLoanDisbursedFen", Class("creditLoan") ? e.Principal : 0));
                        flows.Add(("firstLoanFen", Class("firstLoan") ? e.Principal : 0));
                        if (e == firstPaid)
                        {
                            flows.Add(("loansDisbursed", 1));
                            flows.Add(("firstLoanFirms", Class("firstLoan") ? 1 : 0));
                        }

                        break;
                    case "REPAID":
                        flows.Add(("repaidPrincipalFen", e.Principal));
                        flows.Add(("repaidInterestFen", e.Interest));
                        break;
                    case "TOOK_OVER":
                        flows.AddRange([("renewals", 1), ("renewedFen", e.Principal), ("noRepaymentRenewals", withoutRepaying ? 1 : 0),
                            ("noRepaymentRenewedFen", withoutRepaying ? e.Principal : 0)]);
                        break;
                    case "WRITTEN_OFF":
                        flows.Add(("writtenOffFen", e.Principal));
                        break;
                }

                foreach (var (figure, amount) in flows)
                {
                    foreach (var scope in new[] { Ledger.District, bank, "MONTH:" + Ledger.Month(e.On) })
                    {
                        Add(scope, figure, amount);
                    }
                }
            }

            // The balances now (for the district and the bank) and at each month's end.
            foreach (var (scope, end) in new[] { (Ledger.District, DateOnly.MaxValue), (bank, DateOnly.MaxValue) }
                .Concat(months.Select(m => ("MONTH:" + Ledger.Month(m), m.AddMonths(1).AddDays(-1)))))
            {
                var upToEnd = entries.Where(e => e.On <= end).ToList();
                var owed = upToEnd.Sum(e => e.Kind switch
                {
                    "DISBURSED" or "TOOK_OVER" => e.Principal,
                    "REPAID" or "RENEWED_INTO" or "WRITTEN_OFF" => -e.Principal,
                    _ => 0,
                });
                var state = upToEnd.LastOrDefault(e => e.Kind is "BECAME_OVERDUE" or "CURED" or "SETTLED" or "WRITTEN_OFF" or "RENEWED_INTO").Kind;
                Add(scope, "balanceFen", owed);
                Add(scope, "inclusiveBalanceFen", Class("inclusiveSmallMicro") ? owed : 0);
                Add(scope, "creditLoanBalanceFen", Class("creditLoan") ? owed : 0);
                Add(scope, "overdueBalanceFen", state == "BECAME_OVERDUE" ? owed : 0);
            }
        }

        return scopes;
    }

    private async Task<(List<FigureCheck> Checks, Dictionary<string, JsonObject> Months)> CompareAsync(Dictionary<string, Dictionary<string, long>> expected, CancellationToken ct)
    {
        var region = Uri.EscapeDataString(regionCode);
        var actual = new Dictionary<string, JsonObject>(StringComparer.Ordinal) { [Ledger.District] = await api.GetAsync($"/api/v1/totals?regionCode={region}", official, ct) };
        var months = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var by in new[] { "BANK", "MONTH" })
        {
            foreach (var row in (await api.GetAsync($"/api/v1/totals/breakdown?by={by}&regionCode={region}", official, ct))["rows"]?.AsArray() ?? [])
            {
                actual[by + ":" + (string)row!["key"]!] = row.AsObject();
                if (by == "MONTH")
                {
                    months[(string)row["key"]!] = row.AsObject();
                }
            }
        }

        var checks = new List<FigureCheck>();
        foreach (var (scope, figures) in expected.OrderBy(s => s.Key == Ledger.District ? "" : s.Key, StringComparer.Ordinal))
        {
            var row = actual.GetValueOrDefault(scope);
            foreach (var (figure, value) in figures)
            {
                // A month with no row in the totals had no line: its flows are nothing, its balances not shown.
                if (row is null && scope.StartsWith("MONTH:", StringComparison.Ordinal) && Stocks.Contains(figure))
                {
                    continue;
                }

                checks.Add(new FigureCheck("LOANS:" + scope, figure, value, row is null ? 0 : Loan(row, figure) ?? 0));
            }
        }

        return (checks, months);
    }

    // The report's month as its csv states it, each line's 本月 back in fen, counts and basis points.
    private async Task<Dictionary<string, long?>> ReportAsync(string month, CancellationToken ct)
    {
        var csv = await api.GetTextAsync($"/api/v1/reports/monthly?regionCode={Uri.EscapeDataString(regionCode)}&month={month}&format=csv", official, ct);
        var values = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var line in csv.TrimStart('\uFEFF').Split("\r\n"))
        {
            var cells = line.Split(',');
            if (cells.Length < 6 || !ReportLines.Any(l => l.Name == cells[0]) || values.ContainsKey(cells[0]))
            {
                continue;
            }

            values[cells[0]] = cells[2].Length == 0 ? null : cells[1] switch
            {
                "万元" => (long)(decimal.Parse(cells[2], CultureInfo.InvariantCulture) * 1_000_000m),
                "亿元" => (long)(decimal.Parse(cells[2], CultureInfo.InvariantCulture) * 10_000_000_000m),
                "%" => (long)(decimal.Parse(cells[2].TrimEnd('%'), CultureInfo.InvariantCulture) * 100m),
                _ => long.Parse(cells[2], CultureInfo.InvariantCulture),
            };
        }

        return values;
    }

    private static long? Loan(JsonNode row, string figure) => PlatformApi.Number(row["loans"]?[figure]);
}
