using FinanceMarket.Catalog.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using Grpc.Core;

namespace FinanceMarket.Totals.Grpc;

// The banks' names for the scorecards and the league table, from the catalog's registry.
internal sealed class BankNames(Catalog.V1.Catalog.CatalogClient catalog, TimeProvider time, ILogger<BankNames> logger) : NameDirectory(time, logger)
{
    protected override async Task<(IEnumerable<(string Id, string Name)> Names, string Next)> ReadPageAsync(
        string token, Metadata credentials, CancellationToken cancellationToken)
    {
        var page = await catalog.ListBanksAsync(
            new ListBanksRequest { PageSize = ServiceDefaults.Validation.Paging.MaxPageSize, PageToken = token }, credentials, cancellationToken: cancellationToken);
        return (page.Banks.Select(b => (b.BankId, b.Name)), page.NextPageToken);
    }
}
