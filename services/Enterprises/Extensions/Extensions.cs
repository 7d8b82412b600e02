using FinanceMarket.Enterprises.Model;
using FinanceMarket.Enterprises.Infrastructure;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Enterprises.Extensions;

internal static class Extensions
{
    public const string ServiceName = "enterprises";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDocumentStore<IEnterpriseStore, SqliteEnterpriseStore, MongoEnterpriseStore>(ServiceName);
        builder.AddOutboxRelay(ServiceName);
    }
}
