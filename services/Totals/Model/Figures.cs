namespace FinanceMarket.Totals.Model;

// The figures officials read, for one scope (a region, or a region and a bank, industry, district or month,
// or a bank, district or industry in one month).
//
// The market's figures are flows (counted when they happen). The loans' figures come from the ledger's
// lines: the amounts disbursed, repaid, renewed and written off are flows too, while the balances
// (LoanBalanceFen and the inclusive, credit-loan and overdue parts of it) are kept as the sum of each line's
// change. In a scope without a month that sum is the balance today; in a month's scope it is the change in
// that month, and the balance at a month's end is the sum of the changes of every month up to it.
public sealed record Figures(
    long MatchedDeals,
    long CreditGrantedFen,
    long EnterprisesServed,
    long Applications,
    long Rejected,
    long SubsidyClaimsPaid,
    long SubsidyPaidFen,
    long SubsidisedPrincipalFen)
{
    public static readonly Figures Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    // Enterprises the registry took (入驻企业), in a month's scope those it took that month.
    public long EnterprisesRegistered { get; init; }

    // Loans whose first money was paid out, and all the money paid out (every tranche).
    public long LoansDisbursed { get; init; }

    public long DisbursedFen { get; init; }

    // Of the money paid out: on credit loans (no collateral), and on first loans with the firms that took them.
    public long CreditLoanDisbursedFen { get; init; }

    public long FirstLoanFirms { get; init; }

    public long FirstLoanFen { get; init; }

    public long LoanBalanceFen { get; init; }

    public long InclusiveBalanceFen { get; init; }

    public long CreditLoanBalanceFen { get; init; }

    // The whole balance of every loan with a missed payment not yet made good (逾期贷款余额).
    public long OverdueBalanceFen { get; init; }

    public long RepaidPrincipalFen { get; init; }

    public long RepaidInterestFen { get; init; }

    // Renewals (the new loans' side) and the balances they took over; of them, renewed without repaying first.
    public long Renewals { get; init; }

    public long RenewedFen { get; init; }

    public long NoRepaymentRenewals { get; init; }

    public long NoRepaymentRenewedFen { get; init; }

    public long WrittenOffFen { get; init; }

    // The stored names of the counters, in one place for both stores, each with how it is read and set.
    private static readonly (string Name, Func<Figures, long> Get, Func<Figures, long, Figures> Set)[] Counters =
    [
        ("matchedDeals", f => f.MatchedDeals, (f, v) => f with { MatchedDeals = v }),
        ("creditGrantedFen", f => f.CreditGrantedFen, (f, v) => f with { CreditGrantedFen = v }),
        ("enterprisesServed", f => f.EnterprisesServed, (f, v) => f with { EnterprisesServed = v }),
        ("applications", f => f.Applications, (f, v) => f with { Applications = v }),
        ("rejected", f => f.Rejected, (f, v) => f with { Rejected = v }),
        ("subsidyClaimsPaid", f => f.SubsidyClaimsPaid, (f, v) => f with { SubsidyClaimsPaid = v }),
        ("subsidyPaidFen", f => f.SubsidyPaidFen, (f, v) => f with { SubsidyPaidFen = v }),
        ("subsidisedPrincipalFen", f => f.SubsidisedPrincipalFen, (f, v) => f with { SubsidisedPrincipalFen = v }),
        ("enterprisesRegistered", f => f.EnterprisesRegistered, (f, v) => f with { EnterprisesRegistered = v }),
        ("loansDisbursed", f => f.LoansDisbursed, (f, v) => f with { LoansDisbursed = v }),
        ("disbursedFen", f => f.DisbursedFen, (f, v) => f with { DisbursedFen = v }),
        ("creditLoanDisbursedFen", f => f.CreditLoanDisbursedFen, (f, v) => f with { CreditLoanDisbursedFen = v }),
        ("firstLoanFirms", f => f.FirstLoanFirms, (f, v) => f with { FirstLoanFirms = v }),
        ("firstLoanFen", f => f.FirstLoanFen, (f, v) => f with { FirstLoanFen = v }),
        ("loanBalanceFen", f => f.LoanBalanceFen, (f, v) => f with { LoanBalanceFen = v }),
        ("inclusiveBalanceFen", f => f.InclusiveBalanceFen, (f, v) => f with { InclusiveBalanceFen = v }),
        ("creditLoanBalanceFen", f => f.CreditLoanBalanceFen, (f, v) => f with { CreditLoanBalanceFen = v }),
        ("overdueBalanceFen", f => f.OverdueBalanceFen, (f, v) => f with { OverdueBalanceFen = v }),
        ("repaidPrincipalFen", f => f.RepaidPrincipalFen, (f, v) => f with { RepaidPrincipalFen = v }),
        ("repaidInterestFen", f => f.RepaidInterestFen, (f, v) => f with { RepaidInterestFen = v }),
        ("renewals", f => f.Renewals, (f, v) => f with { Renewals = v }),
        ("renewedFen", f => f.RenewedFen, (f, v) => f with { RenewedFen = v }),
        ("noRepaymentRenewals", f => f.NoRepaymentRenewals, (f, v) => f with { NoRepaymentRenewals = v }),
        ("noRepaymentRenewedFen", f => f.NoRepaymentRenewedFen, (f, v) => f with { NoRepaymentRenewedFen = v }),
        ("writtenOffFen", f => f.WrittenOffFen, (f, v) => f with { WrittenOffFen = v }),
    ];

    public static readonly IReadOnlyList<string> Names = [.. Counters.Select(c => c.Name)];

    public static Figures From(IReadOnlyDictionary<string, long> counters) =>
        Counters.Aggregate(Zero, (figures, c) => counters.TryGetValue(c.Name, out var value) ? c.Set(figures, value) : figures);

    public IReadOnlyDictionary<string, long> ToCounters() => Counters.ToDictionary(c => c.Name, c => c.Get(this), StringComparer.Ordinal);

    // Every counter added to its match in the other.
    public Figures Plus(Figures other) => Counters.Aggregate(this, (figures, c) => c.Set(figures, c.Get(figures) + c.Get(other)));

    // The stocks (the balances, and the enterprises registered) as they stood after this month, given them
    // after the month before (the flows as they are: the month's).
    public Figures AtMonthEnd(Figures before) => this with
    {
        EnterprisesRegistered = before.EnterprisesRegistered + EnterprisesRegistered,
        LoanBalanceFen = before.LoanBalanceFen + LoanBalanceFen,
        InclusiveBalanceFen = before.InclusiveBalanceFen + InclusiveBalanceFen,
        CreditLoanBalanceFen = before.CreditLoanBalanceFen + CreditLoanBalanceFen,
        OverdueBalanceFen = before.OverdueBalanceFen + OverdueBalanceFen,
    };
}

// The dimensions of a breakdown; a scope key is "{region}", "{region}|{dimension}|{key}", or, for a bank,
// district or industry in one month, "{region}|{dimension}|{key}|{month}".
[WireNames]
public enum Dimension
{
    Bank = 1,
    Region = 2,
    Industry = 3,
    Month = 4,
}

public static class Scopes
{
    public static string Of(string region) => region;

    public static string Of(string region, Dimension dimension, string key) => $"{region}|{dimension.Wire()}|{key}";

    public static string Of(string region, Dimension dimension, string key, string month) => $"{region}|{dimension.Wire()}|{key}|{month}";

    public static string Prefix(string region, Dimension dimension) => $"{region}|{dimension.Wire()}|";
}
