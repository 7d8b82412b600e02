namespace FinanceMarket.Loans.Model;

// Days with one balance: [From, To), the first day counted and the last not (算头不算尾).
public sealed record BalanceSegment(DateOnly From, DateOnly To, long PrincipalFen)
{
    public int Days => To.DayNumber - From.DayNumber;
}

// The principal outstanding is the balance at the end of a day: a disbursement counts on its own day, and a
// repayment lowers the balance from its own day on.
public static class Balances
{
    public static long Change(LedgerEntry entry) => entry.Kind switch
    {
        EntryKind.Disbursed or EntryKind.TookOver => entry.PrincipalFen,
        EntryKind.Repaid or EntryKind.RenewedInto or EntryKind.WrittenOff => -entry.PrincipalFen,
        _ => 0,
    };

    public static long On(Loan loan, DateOnly day) => loan.Entries.Where(e => e.On <= day).Sum(Change);

    // The balance of each day of [from, to) as runs of equal balance; days with nothing outstanding (before
    // the money was paid out, after it was repaid, renewed or written off) are left out.
    public static IReadOnlyList<BalanceSegment> Segments(Loan loan, DateOnly from, DateOnly to)
    {
        var segments = new List<BalanceSegment>();
        if (to <= from)
        {
            return segments;
        }

        var (start, balance) = (from, On(loan, from));
        foreach (var day in loan.Entries.Select(e => e.On).Where(d => d > from && d < to).Distinct().Order())
        {
            var next = On(loan, day);
            if (next != balance)
            {
                Add(start, day, balance);
                (start, balance) = (day, next);
            }
        }

        Add(start, to, balance);
        return segments;

        void Add(DateOnly segmentFrom, DateOnly segmentTo, long principal)
        {
            if (principal > 0 && segmentTo > segmentFrom)
            {
                segments.Add(new BalanceSegment(segmentFrom, segmentTo, principal));
            }
        }
    }
}
