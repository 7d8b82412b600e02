using FinanceMarket.Catalog.Extensions;
using FinanceMarket.Catalog.Grpc;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Catalog;

public static class CatalogApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<CatalogService>(args, b => b.AddApplicationServices(), configure);
}
