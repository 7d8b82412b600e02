using FinanceMarket.Totals.Model;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Totals.Infrastructure;
using StackExchange.Redis;

namespace FinanceMarket.Totals.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var infrastructure = builder.Configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        var options = builder.Configuration.GetSection(TotalsOptions.Section).Get<TotalsOptions>() ?? new();
        builder.Services.AddOptions<TotalsOptions>().Bind(builder.Configuration.GetSection(TotalsOptions.Section));
        builder.AddDaprAppAuthentication();
        builder.AddResilientGrpcClient<Matching.V1.Matching.MatchingClient>(Topology.Totals, Topology.Matching, options.Calls);
        builder.AddResilientGrpcClient<Matching.V1.Supervision.SupervisionClient>(Topology.Totals, Topology.Matching, options.Calls);
        builder.AddResilientGrpcClient<Subsidies.V1.Subsidies.SubsidiesClient>(Topology.Totals, Topology.Subsidies, options.Calls);
        builder.AddResilientGrpcClient<Catalog.V1.Catalog.CatalogClient>(Topology.Totals, Topology.Catalog, options.Calls);
        builder.AddResilientGrpcClient<Loans.V1.Loans.LoansClient>(Topology.Totals, Topology.Loans, options.Calls);
        builder.AddResilientGrpcClient<Enterprises.V1.EnterpriseRegistry.EnterpriseRegistryClient>(Topology.Totals, Topology.Enterprises, options.Calls);
        builder.Services.AddSingleton<Grpc.BankNames>();
        builder.Services.AddSingleton<Grpc.Reconciliation>();
        builder.Services.AddKeyedSingleton<Grpc.Slots>(Grpc.TotalsService.WatchSlots);
        builder.Services.AddKeyedSingleton<Grpc.Slots>(Grpc.TotalsService.ReconcileSlots);

        var store = options.Store != TotalsStoreKind.Profile ? options.Store
            : infrastructure.Profile == InfrastructureProfile.Servers ? TotalsStoreKind.Redis : TotalsStoreKind.Sqlite;
        if (store == TotalsStoreKind.Redis)
        {
            if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
            {
                throw new InvalidOperationException($"The Redis totals store needs {TotalsOptions.Section}:RedisConnectionString.");
            }

            // Not AbortOnConnectFail: the service starts while Redis is away and reconnects when it returns.
            var configuration = ConfigurationOptions.Parse(options.RedisConnectionString);
            configuration.AbortOnConnectFail = false;
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
            builder.Services.AddSingleton<ITotalsStore>(sp => new RedisTotalsStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.RedisKeyPrefix));
            builder.Services.AddSingleton<FinanceMarket.ServiceDefaults.Idempotency.IIdempotencyStore>(sp => new RedisIdempotencyStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.RedisKeyPrefix));
        }
        else
        {
            var path = Path.Combine(infrastructure.DataDir, Topology.Totals.Name + ".db");
            builder.Services.AddSingleton(_ => new SqliteDatabase(path, SqliteTotalsStore.Schema));
            builder.Services.AddSingleton<ITotalsStore, SqliteTotalsStore>();
        }
    }
}
