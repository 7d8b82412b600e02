using FinanceMarket.Subsidies.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies.Infrastructure;

namespace FinanceMarket.Subsidies.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SubsidiesOptions.Section).Get<SubsidiesOptions>() ?? new();
        builder.AddDocumentStore<ISubsidyStore, SqliteSubsidyStore, MongoSubsidyStore>(Topology.Subsidies.Name);
        builder.AddCompanionStore<IAuditLog, SqliteAuditLog, MongoAuditLog>();
        builder.AddCompanionStore<IEnterpriseSizes, SqliteEnterpriseSizes, MongoEnterpriseSizes>();
        builder.AddDaprAppAuthentication();
        builder.AddOutboxRelay(Topology.Subsidies.Name);
        builder.AddResilientGrpcClient<Matching.V1.Matching.MatchingClient>(Topology.Subsidies, Topology.Matching, options.Calls);
        builder.AddResilientGrpcClient<Loans.V1.Loans.LoansClient>(Topology.Subsidies, Topology.Loans, options.Calls);
    }
}
