namespace FinanceMarket.Loans.Model;

// The event of each ledger line, with how the line moved the balance and the overdue balance: overdue from
// a missed payment to its cure (or the loan's end), the whole balance counts as overdue (逾期贷款余额).
public static class LoanEvents
{
    public static IReadOnlyList<LoanEntryRecordedIntegrationEvent> Since(Loan loan, int afterSequence)
    {
        var events = new List<LoanEntryRecordedIntegrationEvent>();
        var (balance, overdue) = (0L, false);
        foreach (var entry in loan.Entries)
        {
            var balanceAfter = balance + Balances.Change(entry);
            var overdueAfter = entry.Kind switch
            {
                EntryKind.BecameOverdue => true,
                EntryKind.Cured or EntryKind.Settled or EntryKind.WrittenOff or EntryKind.RenewedInto => false,
                _ => overdue,
            };
            if (entry.Sequence > afterSequence)
            {
                events.Add(Of(loan, entry, balanceAfter, balanceAfter - balance, (overdueAfter ? balanceAfter : 0) - (overdue ? balance : 0)));
            }

            (balance, overdue) = (balanceAfter, overdueAfter);
        }

        return events;
    }

    private static LoanEntryRecordedIntegrationEvent Of(Loan loan, LedgerEntry entry, long balanceAfter, long balanceDelta, long overdueDelta)
    {
        var t = loan.Terms;
        return new LoanEntryRecordedIntegrationEvent(loan.LoanId, t.ApplicationId, t.BankId, t.Uscc, t.RegionCode, t.IndustryCode, t.SizeClass.Wire(),
            t.ProductKind.Wire(), entry.Sequence, entry.Kind.Wire(), Dates.Day(entry.On), entry.PrincipalFen, entry.InterestFen, balanceAfter, balanceDelta,
            overdueDelta, loan.Status.Wire())
        {
            FirstLoan = loan.Class?.FirstLoan ?? false,
            CreditLoan = loan.Class?.CreditLoan ?? false,
            InclusiveSmallMicro = loan.Class?.InclusiveSmallMicro ?? false,
            Renewal = loan.Class?.Renewal ?? false,
            FirstDisbursement = entry.Kind == EntryKind.Disbursed && loan.Entries.First(e => e.Kind == EntryKind.Disbursed).Sequence == entry.Sequence,
            OtherLoanId = entry.Kind is EntryKind.RenewedInto or EntryKind.TookOver ? entry.Note : null,
            RenewalKind = entry.Kind is EntryKind.RenewedInto or EntryKind.TookOver ? (loan.RenewalKind ?? RenewalKindOf(entry))?.Wire() : null,
        };
    }

    // The old loan's side does not carry the kind; the new loan's does.
    private static RenewalKind? RenewalKindOf(LedgerEntry entry) => entry.RenewalKind;
}
