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
        // FinanceMarket:Enterprises:Regions:{code} = {"Name", "EnglishName"}: the regions this deployment names.
        var named = builder.Configuration.GetSection("FinanceMarket:Enterprises:Regions").GetChildren()
            .Select(r => new RegionNames.Entry(r.Key, r["Name"] ?? string.Empty, r["EnglishName"] ?? string.Empty))
            .ToList();
        builder.Services.AddSingleton(new RegionNames(named));
    }
}
