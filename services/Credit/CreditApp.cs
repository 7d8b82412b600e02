using FinanceMarket.Credit.Extensions;
using FinanceMarket.Credit.Grpc;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Credit;

public static class CreditApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<CreditService>(args, b => b.AddApplicationServices(), configure, app => app.MapCreditEvents(),
            app => app.UseLargeBodies(LargeBodies.CreditImportPaths, LargeBodies.CreditImportBytes));
}
