using FinanceMarket.Catalog.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using Grpc.Core;

namespace FinanceMarket.Matching.Shelf;

// Bank names for what matching shows (takers, supervision, applications): the catalog's registry read whole
// (a few hundred banks) and kept for a few minutes, or sooner when a bank is missing. Display only: when the
// catalog does not answer, the names known are used and an unknown bank shows as its id.
internal sealed class BankNames(Catalog.V1.Catalog.CatalogClient catalog, TimeProvider time, ILogger<BankNames> logger) : IDisposable
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryMissingAfter = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _single = new(1, 1);
    private volatile IReadOnlyDictionary<string, string> _names = new Dictionary<string, string>();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public async Task<Func<string?, string>> ForAsync(IEnumerable<string?> bankIds, Metadata credentials, CancellationToken cancellationToken)
    {
        var names = _names;
        var age = time.GetUtcNow() - _readAt;
        var missing = bankIds.Any(id => !string.IsNullOrEmpty(id) && !names.ContainsKey(id));
        if (age >= KeepFor || (missing && age >= RetryMissingAfter))
        {
            names = await ReadAsync(credentials, cancellationToken);
        }

        return id => string.IsNullOrEmpty(id) ? string.Empty : names.TryGetValue(id, out var name) ? name : id;
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadAsync(Metadata credentials, CancellationToken cancellationToken)
    {
        await _single.WaitAsync(cancellationToken);
        try
        {
            var read = new Dictionary<string, string>(StringComparer.Ordinal);
            var request = new ListBanksRequest { PageSize = ServiceDefaults.Validation.Paging.MaxPageSize };
            do
            {
                var page = await catalog.ListBanksAsync(request, credentials, cancellationToken: cancellationToken);
                foreach (var bank in page.Banks)
                {
                    read[bank.BankId] = bank.Name;
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            _names = read;
            _readAt = time.GetUtcNow();
            return read;
        }
        catch (Exception ex) when (ResilientGrpcClients.IsUnreachable(ex) || ex is RpcException)
        {
            logger.LogWarning("The catalog did not give the bank names ({Reason}); showing those known", ex.Message);
            _readAt = time.GetUtcNow();
            return _names;
        }
        finally
        {
            _single.Release();
        }
    }

    public void Dispose() => _single.Dispose();
}
