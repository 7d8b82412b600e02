using FinanceMarket.Credit.Infrastructure;
using FinanceMarket.Credit.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Security;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Credit.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDocumentStore<ICreditStore, SqliteCreditStore, MongoCreditStore>(Topology.Credit.Name);
        builder.AcceptDataProviders();
        // A batch of 10,000 records is larger than the platform's usual message limit (LargeBodies).
        builder.Services.AddGrpc().AddServiceOptions<Grpc.CreditService>(o => o.MaxReceiveMessageSize = LargeBodies.CreditImportBytes);
        builder.AddDaprAppAuthentication();
        builder.AddOutboxRelay(Topology.Credit.Name);
    }
}
