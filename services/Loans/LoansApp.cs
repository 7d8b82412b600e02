using FinanceMarket.Loans.Extensions;
using FinanceMarket.Loans.Grpc;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Loans;

public static class LoansApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<LoansService>(args, b => b.AddApplicationServices(), configure, app => app.MapLoansEvents());
}
