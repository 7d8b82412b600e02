using FinanceMarket.Catalog.Model;

namespace FinanceMarket.Catalog.Infrastructure;

// The storage seam: SQLite (embedded) and MongoDB (servers) pass the same contract suite.
public interface ICatalogStore
{
    // False, with nothing saved, when the bank id is taken.
    Task<bool> TryCreateBankAsync(Bank bank, IntegrationEvent created, CancellationToken cancellationToken);

    Task<Bank?> FindBankAsync(string bankId, CancellationToken cancellationToken);

    Task<Page<Bank>> ListBanksAsync(int pageSize, string? afterBankId, CancellationToken cancellationToken);

    // False, with nothing saved, when the bank already has maxListed LISTED products; concurrent listings
    // of one bank cannot both pass the check.
    Task<bool> TryAddProductAsync(Product product, int maxListed, IntegrationEvent listed, CancellationToken cancellationToken);

    Task<Product?> FindProductAsync(string productId, CancellationToken cancellationToken);

    // Optimistic concurrency: saves product and event only if the stored version is still expectedVersion.
    Task<bool> TryUpdateProductAsync(Product product, long expectedVersion, IntegrationEvent changed, CancellationToken cancellationToken);

    // Ordered by product id (creation order).
    Task<Page<Product>> BrowseAsync(ProductQuery query, int pageSize, string? afterProductId, CancellationToken cancellationToken);
}
