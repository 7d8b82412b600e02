using FinanceMarket.Enterprises.Extensions;
using FinanceMarket.Enterprises.Grpc;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Enterprises;

public static class EnterprisesApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<EnterpriseRegistryService>(args, b => b.AddApplicationServices(), configure);
}
