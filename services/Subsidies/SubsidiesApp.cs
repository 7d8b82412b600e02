using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Subsidies.Extensions;
using FinanceMarket.Subsidies.Grpc;

namespace FinanceMarket.Subsidies;

public static class SubsidiesApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<SubsidiesService>(args, b => b.AddApplicationServices(), configure, app => app.MapSubsidiesEvents());
}
