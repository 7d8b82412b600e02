using System.Net;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FinanceMarket.Gateway;

// The edge: pages, sign-in, rate limits and the reverse proxy, whose routes come from the protos (GatewayRoutes).
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(FromEnvironment());
        builder.AddServiceDefaults();
        builder.AddFinanceMarketAuthentication();
        // The credit service takes data providers' imports; the services behind refuse their tokens.
        builder.AcceptDataProviders();
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new();
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = Extensions.MaxRequestBytes;
            var address = IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.RestPort, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, options.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddReverseProxy().LoadFromMemory(GatewayRoutes.Routes(), GatewayRoutes.Clusters(builder.Configuration));
        // Services check a token's lifetime against the real clock, whatever date a demo clock shows.
        builder.Services.AddSingleton(sp => new LocalTokenIssuer(sp.GetRequiredService<AuthOptions>(), TimeProvider.System));
        builder.AddBackendHealth();
        builder.AddSubjectRateLimiting(options);
        configure?.Invoke(builder);

        var app = builder.Build();
        // The client's address, from X-Forwarded-For only where the peer is a configured trusted proxy.
        app.UseForwardedHeaders();
        app.UseLargeBodies(LargeBodies.CreditImportPaths, LargeBodies.CreditImportBytes);
        app.UsePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapDevTokens();
        app.MapPlatformDate();
        app.MapPagesSignIn();
        app.MapOpenApiDocument();
        app.MapReverseProxyAnsweringUnavailable();
        return app;
    }

    // docs/api.md names plain environment variables; they override appsettings like any other source.
    private static Dictionary<string, string?> FromEnvironment()
    {
        var mapped = new Dictionary<string, string?>();
        void Map(string variable, string key)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                mapped[key] = value;
            }
        }

        Map("FINANCEMARKET_REST_PORT", $"{GatewayOptions.Section}:RestPort");
        Map("FINANCEMARKET_GRPC_PORT", $"{GatewayOptions.Section}:GrpcPort");
        return mapped;
    }
}
