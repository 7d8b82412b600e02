namespace FinanceMarket.Totals.Model;

public enum ReportUnit
{
    Firms = 1,
    Count = 2,
    // Amounts kept in fen, shown in 万元 or 亿元.
    TenThousandYuan = 3,
    HundredMillionYuan = 4,
    // A ratio of two figures, kept in basis points.
    Ratio = 5,
}

// One figure of the report: its name as district reports print it, its unit, and how it is read from the figures.
// A stock (enterprises on the platform, balances) is as at the end of a month; a ratio is as at the end of a
// month too, of two stocks; everything else is a flow, summed over the months.
public sealed record ReportFigure(string Name, ReportUnit Unit, bool Stock, Func<Figures, long?> Read);

// A line of the report: the month's value, the year to date (for a stock, the change since the end of last
// year; none for a ratio), the same month a year earlier, and the change from it (a fraction of last year's
// value; for a ratio the difference in basis points; none when last year had nothing to compare with).
public sealed record ReportLine(ReportFigure Figure, long? Month, long? YearToDate, long? YearAgo, decimal? Change);

// A row of a breakdown: one bank, sub-region or industry section in the month.
public sealed record ReportRow(string Key, string Label, IReadOnlyList<long?> Values);

public sealed record ReportBreakdown(string Title, string KeyTitle, IReadOnlyList<ReportRow> Rows);

public sealed record MonthlyReport(string RegionCode, string Month, DateTimeOffset AsOf, IReadOnlyList<ReportLine> Lines, IReadOnlyList<ReportBreakdown> Breakdowns)
{
    // The figures a district reports, in the order its monthly report prints them.
    public static readonly IReadOnlyList<ReportFigure> Figures =
    [
        new("入驻企业数", ReportUnit.Firms, true, f => f.EnterprisesRegistered),
        new("对接笔数", ReportUnit.Count, false, f => f.MatchedDeals),
        new("授信金额", ReportUnit.TenThousandYuan, false, f => f.CreditGrantedFen),
        new("放款金额", ReportUnit.TenThousandYuan, false, f => f.DisbursedFen),
        new("贷款余额", ReportUnit.HundredMillionYuan, true, f => f.LoanBalanceFen),
        new("普惠小微贷款余额", ReportUnit.HundredMillionYuan, true, f => f.InclusiveBalanceFen),
        new("首贷户数", ReportUnit.Firms, false, f => f.FirstLoanFirms),
        new("首贷金额", ReportUnit.TenThousandYuan, false, f => f.FirstLoanFen),
        new("信用贷款占比", ReportUnit.Ratio, true, f => Months.Bp(f.CreditLoanBalanceFen, f.LoanBalanceFen)),
        new("续贷笔数", ReportUnit.Count, false, f => f.Renewals),
        new("续贷金额", ReportUnit.TenThousandYuan, false, f => f.RenewedFen),
        new("其中无还本续贷笔数", ReportUnit.Count, false, f => f.NoRepaymentRenewals),
        new("其中无还本续贷金额", ReportUnit.TenThousandYuan, false, f => f.NoRepaymentRenewedFen),
        new("贴息笔数", ReportUnit.Count, false, f => f.SubsidyClaimsPaid),
        new("贴息金额", ReportUnit.TenThousandYuan, false, f => f.SubsidyPaidFen),
        new("逾期率", ReportUnit.Ratio, true, f => Months.Bp(f.OverdueBalanceFen, f.LoanBalanceFen)),
    ];

    // The report of a month from the region's month rows (Months: flows per month, balances as changes) and
    // each breakdown's keys with their figures in that month.
    public static MonthlyReport Of(
        string regionCode, string month, DateTimeOffset asOf, IReadOnlyList<(string Key, Figures Figures)> months,
        IReadOnlyList<(string Title, string KeyTitle, IReadOnlyList<(string Key, string Label, Figures Figures)> Rows)> breakdowns)
    {
        if (!Model.Months.TryParse(month, out var first))
        {
            throw new ArgumentException($"'{month}' is not a month YYYY-MM", nameof(month));
        }

        var januaryFirst = Model.Months.Key(new DateOnly(first.Year, 1, 1));
        var lastDecember = Model.Months.Key(new DateOnly(first.Year - 1, 12, 1));
        var yearAgoMonth = Model.Months.Key(first.AddYears(-1));
        var inMonth = Model.Months.Over(months, month, month);
        var yearToDate = Model.Months.Over(months, januaryFirst, month);
        var atLastYearEnd = Model.Months.Over(months, lastDecember, lastDecember);
        var yearAgo = Model.Months.Over(months, yearAgoMonth, yearAgoMonth);
        var lines = Figures.Select(f =>
        {
            var now = f.Read(inMonth);
            var then = f.Read(yearAgo);
            long? sinceStart = f.Unit == ReportUnit.Ratio ? null : f.Stock ? now - f.Read(atLastYearEnd) : f.Read(yearToDate);
            decimal? change = f.Unit == ReportUnit.Ratio
                ? (now is { } a && then is { } b ? a - b : null)
                : (then is > 0 && now is { } n ? Math.Round((decimal)(n - then.Value) / then.Value, 4, MidpointRounding.AwayFromZero) : null);
            return new ReportLine(f, now, sinceStart, then, change);
        }).ToList();
        var sheets = breakdowns.Select(b => new ReportBreakdown(b.Title, b.KeyTitle,
            [.. b.Rows.Select(r => new ReportRow(r.Key, r.Label, [.. Figures.Select(f => f.Read(r.Figures))]))])).ToList();
        return new MonthlyReport(regionCode, month, asOf, lines, sheets);
    }

    // The rows of a breakdown by district gathered one level below the region (a province's cities, a city's
    // districts); every figure adds up (firms and balances belong to one district each).
    public static IReadOnlyList<(string Key, Figures Figures)> SubRegions(string regionCode, IReadOnlyList<(string Key, Figures Figures)> districts)
    {
        var length = Math.Min(6, regionCode.Length + 2);
        return [.. districts.GroupBy(d => d.Key[..Math.Min(length, d.Key.Length)], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Aggregate(Model.Figures.Zero, (sum, d) => sum.Plus(d.Figures))))];
    }
}
