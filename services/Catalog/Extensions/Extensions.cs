using FinanceMarket.Catalog.Infrastructure;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Catalog.Extensions;

internal static class Extensions
{
    public const string ServiceName = "catalog";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDocumentStore<ICatalogStore, SqliteCatalogStore, MongoCatalogStore>(ServiceName);
        builder.AddOutboxRelay(ServiceName);
    }
}
