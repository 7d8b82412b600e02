using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Totals.Extensions;
using FinanceMarket.Totals.Grpc;

namespace FinanceMarket.Totals;

public static class TotalsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<TotalsService>(args, b => b.AddApplicationServices(), configure, app => app.MapTotalsEvents());
}
