using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Grpc;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Matching;

public static class MatchingApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<MatchingService, MarketService, SupervisionService, WorkingCalendarService>(args, b => b.AddApplicationServices(), configure, app => app.MapShelfEvents());
}
