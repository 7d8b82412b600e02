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
        Action<WebApplication>? mapEndpoints = null) where TService : class =>
        Build(args, addApplicationServices, configure, mapEndpoints, [typeof(TService)], app => app.MapGrpcService<TService>());

    // A service that serves two proto services (matching: its own and the working calendar).
    public static WebApplication Build<TService, TSecond>(
        string[] args,
        Action<WebApplicationBuilder> addApplicationServices,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? mapEndpoints = null) where TService : class where TSecond : class =>
        Build(args, addApplicationServices, configure, mapEndpoints, [typeof(TService), typeof(TSecond)], app =>
        {
            app.MapGrpcService<TService>();
            app.MapGrpcService<TSecond>();
        });

    private static WebApplication Build(
        string[] args,
        Action<WebApplicationBuilder> addApplicationServices,
        Action<WebApplicationBuilder>? configure,
        Action<WebApplication>? mapEndpoints,
        Type[] services,
        Action<WebApplication> mapServices)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGrpcServiceDefaults();
        addApplicationServices(builder);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseJsonRequestGuard();
        app.UseGrpcRequestGuard([.. services.Select(DescriptorOf)]);
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
