namespace FinanceMarket.Loans.Model;

// Which loans a list shows: an enterprise's, a bank's or a region's (prefix), in any or one status.
public sealed record LoanQuery(string? Uscc, string? BankId, string? RegionPrefix, LoanStatus? Status);

// A loan to write: an update when the loan is still at ExpectedVersion, an insert when that is null.
public sealed record LoanWrite(Loan Loan, int? ExpectedVersion);

public interface ILoanStore
{
    // The loan of an approved application, once: false when it was opened before (the approval delivered
    // again), and nothing changes.
    Task<bool> OpenAsync(Loan loan, CancellationToken cancellationToken);

    Task<Loan?> FindAsync(string loanId, CancellationToken cancellationToken);

    // The loans and the events of their new lines, in one write; false (nothing written) when a loan moved
    // since it was read, or a loan to insert exists.
    Task<bool> SaveAsync(IReadOnlyList<LoanWrite> loans, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);

    Task<IReadOnlyList<Loan>> OfEnterpriseAsync(string uscc, CancellationToken cancellationToken);

    // The loan opened at the application's approval and its renewals.
    Task<IReadOnlyList<Loan>> OfApplicationAsync(string applicationId, CancellationToken cancellationToken);

    // Newest first.
    Task<Page<Loan>> ListAsync(LoanQuery query, int pageSize, string? after, CancellationToken cancellationToken);

    // Active loans with a principal due before `day` that is not repaid: the daily check's work.
    Task<IReadOnlyList<Loan>> PastDueAsync(DateOnly day, int max, CancellationToken cancellationToken);
}
