using Microsoft.AspNetCore.Builder;

namespace FinanceMarket.ServiceDefaults.Hosting;

// How every gRPC service is composed; Program and the tests that host a service on a real port share it.
public static class GrpcServiceHost
{
    public static WebApplication Build<TService>(
        string[] args,
        Action<WebApplicationBuilder> addApplicationServices,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? mapEndpoints = null) where TService : class
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGrpcServiceDefaults();
        addApplicationServices(builder);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        // grpc.health.v1 for Kubernetes' gRPC probes, beside the HTTP /health the launcher polls.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcService<TService>();
        mapEndpoints?.Invoke(app);
        return app;
    }
}
