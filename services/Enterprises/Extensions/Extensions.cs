using FinanceMarket.Enterprises.Model;
using FinanceMarket.Enterprises.Infrastructure;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Enterprises.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDocumentStore<IEnterpriseStore, SqliteEnterpriseStore, MongoEnterpriseStore>(Topology.Enterprises.Name);
        builder.AddOutboxRelay(Topology.Enterprises.Name);
    }
}
