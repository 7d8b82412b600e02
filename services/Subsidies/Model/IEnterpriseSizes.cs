namespace FinanceMarket.Subsidies.Model;

// The size class of each enterprise an official has corrected, kept from EnterpriseCorrected events: a
// claim is decided on it rather than on the size the deal was applied with. Enterprises never corrected
// are not here (their deal's size is their size).
public interface IEnterpriseSizes
{
    // Keeps the size of the correction numbered `correction` unless a later one is already kept (events
    // redelivered or out of order change nothing).
    Task ApplyAsync(string uscc, SizeClass sizeClass, int correction, CancellationToken cancellationToken);

    Task<SizeClass?> CorrectedSizeOfAsync(string uscc, CancellationToken cancellationToken);
}
