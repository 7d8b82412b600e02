
namespace FinanceMarket.Enterprises.Model;

// The storage seam: SQLite (embedded) and MongoDB (servers) pass the same contract suite.
public interface IEnterpriseStore
{
    // Saves the enterprise and its events (its own, and the audit entry when an official registered it)
    // atomically; false, with nothing saved, when the code is taken.
    Task<bool> TryRegisterAsync(Enterprise enterprise, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);

    // Saves an official's correction, with its audit entry, only if the record still has expectedCorrections
    // corrections (else false: a concurrent correction won).
    Task<bool> TryCorrectAsync(Enterprise corrected, int expectedCorrections, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);

    Task<Enterprise?> FindAsync(string uscc, CancellationToken cancellationToken);

    // Ordered by credit code; regionPrefix "" lists every region.
    Task<Page<Enterprise>> ListAsync(string regionPrefix, int pageSize, string? afterUscc, CancellationToken cancellationToken);

    // How many registered enterprises meet the criteria, by region, industry section and size class.
    Task<IReadOnlyList<ReachCell>> CountAsync(EnterpriseCriteria criteria, CancellationToken cancellationToken);
}
