
namespace FinanceMarket.Catalog.Model;

// The storage seam: SQLite (embedded) and MongoDB (servers) pass the same contract suite.
public interface ICatalogStore
{
    // False, with nothing saved, when the bank id is taken. Events (the bank's and the audit entry) are
    // saved in the same transaction as the change, here and below.
    Task<bool> TryCreateBankAsync(Bank bank, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);

    // Saves the renamed bank only if its name is still expectedName (else false: a concurrent rename won).
    Task<bool> TryRenameBankAsync(Bank renamed, string expectedName, IntegrationEvent audit, CancellationToken cancellationToken);

    Task<Bank?> FindBankAsync(string bankId, CancellationToken cancellationToken);

    Task<Page<Bank>> ListBanksAsync(int pageSize, string? afterBankId, CancellationToken cancellationToken);

    // False, with nothing saved, when the bank already has maxListed LISTED products; concurrent listings
    // of one bank cannot both pass the check.
    Task<bool> TryAddProductAsync(Product product, int maxListed, IntegrationEvent listed, CancellationToken cancellationToken);

    Task<Product?> FindProductAsync(string productId, CancellationToken cancellationToken);

    // Optimistic concurrency: saves product and event only if the stored version is still expectedVersion.
    Task<bool> TryUpdateProductAsync(Product product, long expectedVersion, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);

    // Ordered by product id (creation order).
    Task<Page<Product>> BrowseAsync(ProductQuery query, int pageSize, string? afterProductId, CancellationToken cancellationToken);
}
