using FinanceMarket.Matching.Infrastructure;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Matching.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MatchingOptions.Section).Get<MatchingOptions>() ?? new();
        builder.Services.AddOptions<MatchingOptions>().Bind(builder.Configuration.GetSection(MatchingOptions.Section));
        builder.AddDocumentStore<IMatchingStore, SqliteMatchingStore, MongoMatchingStore>(Topology.Matching.Name);
        builder.AddOutboxRelay(Topology.Matching.Name);
        builder.AddDaprAppAuthentication();

        builder.AddResilientGrpcClient<Enterprises.V1.EnterpriseRegistry.EnterpriseRegistryClient>(Topology.Matching, Topology.Enterprises, options.Calls);
        builder.AddResilientGrpcClient<Catalog.V1.Catalog.CatalogClient>(Topology.Matching, Topology.Catalog, options.Calls);
        builder.AddResilientGrpcClient<Credit.V1.Credit.CreditClient>(Topology.Matching, Topology.Credit, options.Calls);
        builder.Services.AddSingleton<Grpc.EnterpriseProfiles>();

        builder.Services.AddSingleton<ShelfView>();
        builder.Services.AddSingleton<ShelfSync>();
        builder.Services.AddSingleton<Calendars>();
        builder.Services.AddSingleton<BankNames>();
        builder.Services.AddSingleton<Grpc.MarketReads>();
        builder.Services.AddSingleton<ExpirySweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpirySweep>());
    }
}
