using System.Globalization;

namespace FinanceMarket.Totals.Model;

// Figures over months, from the month scopes of one head (a region's "…|month", or a bank's, district's or
// industry's months): the flows summed over the months asked for, and the balances at the end of the last
// of them (the changes of every month up to it, however far back).
public static class Months
{
    public static bool TryParse(string value, out DateOnly first) =>
        DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first) && value.Length == 7;

    public static string Key(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    // Each month's flows with the balances at its end, for every month that has a row.
    public static IReadOnlyList<(string Month, Figures Figures)> WithBalances(IReadOnlyList<(string Key, Figures Figures)> months)
    {
        var rows = new List<(string, Figures)>(months.Count);
        var before = Figures.Zero;
        foreach (var (month, figures) in months.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var atEnd = figures.AtMonthEnd(before);
            rows.Add((month, atEnd));
            before = atEnd;
        }

        return rows;
    }

    // The flows of the months from first to last (both "yyyy-MM", included), with the balances at last's end.
    public static Figures Over(IReadOnlyList<(string Key, Figures Figures)> months, string first, string last)
    {
        var flows = Figures.Zero;
        var balances = Figures.Zero;
        foreach (var (month, figures) in months)
        {
            if (string.CompareOrdinal(month, last) > 0)
            {
                continue;
            }

            balances = figures.AtMonthEnd(balances);
            if (string.CompareOrdinal(month, first) >= 0)
            {
                flows = flows.Plus(figures);
            }
        }

        return flows with
        {
            EnterprisesRegistered = balances.EnterprisesRegistered,
            LoanBalanceFen = balances.LoanBalanceFen,
            InclusiveBalanceFen = balances.InclusiveBalanceFen,
            CreditLoanBalanceFen = balances.CreditLoanBalanceFen,
            OverdueBalanceFen = balances.OverdueBalanceFen,
        };
    }

    // Part over whole in basis points, rounded half up; none when the whole is nothing.
    public static int? Bp(long part, long whole) =>
        whole <= 0 ? null : (int)(((Int128)part * 20_000 + whole) / (2 * (Int128)whole));
}
