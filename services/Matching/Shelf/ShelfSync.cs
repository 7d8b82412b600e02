using FinanceMarket.Catalog.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using Grpc.Core;

namespace FinanceMarket.Matching.Shelf;

// Reads the whole shelf from the catalog when the view is due for confirmation. When the catalog cannot
// answer, a need is matched on the view as it is and says so (stale); only a replica that never loaded
// the shelf has nothing to offer, and answers UNAVAILABLE.
internal sealed class ShelfSync(ShelfView view, Catalog.V1.Catalog.CatalogClient catalog, ILogger<ShelfSync> logger) : IDisposable
{
    private readonly SemaphoreSlim _single = new(1, 1);

    public async Task<(ShelfSnapshot Shelf, bool Stale)> CurrentAsync(Metadata credentials, CancellationToken cancellationToken)
    {
        if (!view.IsDue)
        {
            return (view.Snapshot(), false);
        }

        // One read at a time; while it runs, a replica that has a view answers from it rather than queueing.
        if (!await _single.WaitAsync(view.IsLoaded ? TimeSpan.Zero : Timeout.InfiniteTimeSpan, cancellationToken))
        {
            return (view.Snapshot(), true);
        }

        try
        {
            if (!view.IsDue)
            {
                return (view.Snapshot(), false);
            }

            var mark = view.Mark();
            var listed = new List<(ShelfProduct, long)>();
            var request = new BrowseProductsRequest { PageSize = ServiceDefaults.Validation.Paging.MaxPageSize };
            do
            {
                var page = await catalog.BrowseProductsAsync(request, credentials, cancellationToken: cancellationToken);
                listed.AddRange(page.Products.Select(ShelfMapping.FromCatalog));
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            view.Replace(listed, mark);
            return (view.Snapshot(), false);
        }
        catch (Exception ex) when (ResilientGrpcClients.IsUnreachable(ex))
        {
            if (!view.IsLoaded)
            {
                throw new RpcException(new Status(StatusCode.Unavailable,
                    "The catalog is not answering and this matching instance has not loaded the shelf yet; try again in a minute."));
            }

            logger.LogWarning("The catalog did not answer ({Reason}); matching on the shelf view as it is", ex.Message);
            return (view.Snapshot(), true);
        }
        finally
        {
            _single.Release();
        }
    }

    public void Dispose() => _single.Dispose();
}
