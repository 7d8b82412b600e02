using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Builder;

namespace FinanceMarket.ServiceDefaults.Hosting;

// How every gRPC service is composed; Program and the tests that host a service on a real port share it.
public static class GrpcServiceHost
{
    public static WebApplication Build<TService>(
        string[] args,
        Action<WebApplicationBuilder> addApplicationServices,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? mapEndpoints = null,
        Action<WebApplication>? beforeAuthentication = null) where TService : class =>
        Build(args, addApplicationServices, configure, mapEndpoints, [typeof(TService)], app => app.MapGrpcService<TService>(), beforeAuthentication);

    // A service that serves several proto services (matching: needs and applications, the market loop,
    // supervision and the working calendar).
    public static WebApplication Build<TService, TSecond, TThird, TFourth>(
        string[] args,
        Action<WebApplicationBuilder> addApplicationServices,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? mapEndpoints = null) where TService : class where TSecond : class where TThird : class where TFourth : class =>
        Build(args, addApplicationServices, configure, mapEndpoints, [typeof(TService), typeof(TSecond), typeof(TThird), typeof(TFourth)], app =>
        {
            app.MapGrpcService<TService>();
            app.MapGrpcService<TSecond>();
            app.MapGrpcService<TThird>();
            app.MapGrpcService<TFourth>();
        });

    private static WebApplication Build(
        string[] args,
        Action<WebApplicationBuilder> addApplicationServices,
        Action<WebApplicationBuilder>? configure,
        Action<WebApplication>? mapEndpoints,
        Type[] services,
        Action<WebApplication> mapServices,
        Action<WebApplication>? beforeAuthentication = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGrpcServiceDefaults();
        addApplicationServices(builder);
        configure?.Invoke(builder);
        var descriptors = services.Select(DescriptorOf).ToList();
        builder.AddIdempotency(descriptors);

        var app = builder.Build();
        beforeAuthentication?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseJsonRequestGuard();
        app.UseGrpcRequestGuard(descriptors);
        app.MapDefaultEndpoints();
        // grpc.health.v1 for Kubernetes' gRPC probes, beside the HTTP /health the launcher polls.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        mapServices(app);
        mapEndpoints?.Invoke(app);
        return app;
    }

    // The generated base class (Catalog.CatalogBase) is nested in the class that holds the service's descriptor.
    private static Google.Protobuf.Reflection.ServiceDescriptor DescriptorOf(Type service) =>
        service.BaseType?.DeclaringType?.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null)
            as Google.Protobuf.Reflection.ServiceDescriptor
        ?? throw new InvalidOperationException($"{service.Name} does not derive from a generated gRPC service base class.");
}
