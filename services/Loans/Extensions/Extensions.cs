using FinanceMarket.Loans.Infrastructure;
using FinanceMarket.Loans.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Loans.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDocumentStore<ILoanStore, SqliteLoanStore, MongoLoanStore>(Topology.Loans.Name);
        builder.Services.AddOptions<LoansOptions>().Bind(builder.Configuration.GetSection(LoansOptions.Section));
        builder.Services.AddSingleton<OverdueCheck>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OverdueCheck>());
        builder.AddDaprAppAuthentication();
        builder.AddOutboxRelay(Topology.Loans.Name);
    }
}
