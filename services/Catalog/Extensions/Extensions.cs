using FinanceMarket.Catalog.Model;
using FinanceMarket.Catalog.Infrastructure;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Catalog.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().Bind(builder.Configuration.GetSection(CatalogOptions.Section))
            .Validate(o => o.MaxListedProductsPerBank > 0, "FinanceMarket:Catalog:MaxListedProductsPerBank must be positive").ValidateOnStart();
        builder.AddDocumentStore<ICatalogStore, SqliteCatalogStore, MongoCatalogStore>(Topology.Catalog.Name);
        builder.AddOutboxRelay(Topology.Catalog.Name);
    }
}
