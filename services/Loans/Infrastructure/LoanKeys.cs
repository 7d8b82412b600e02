using FinanceMarket.Loans.Model;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Loans.Infrastructure;

// The key both stores list loans by, newest first: when the loan was opened, then its id (unique).
internal static class LoanKeys
{
    public static string List(Loan loan) => SqliteDatabase.Instant(loan.CreatedAt) + "|" + loan.LoanId;
}
