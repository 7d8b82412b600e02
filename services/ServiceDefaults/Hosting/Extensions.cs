using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FinanceMarket.ServiceDefaults.Hosting;

public static class Extensions
{
    private const string LiveTag = "live";

    public const string LivenessService = "liveness";

    // No request of this API comes near this size; a larger body is a mistake or an attack.
    public const int MaxRequestBytes = 1024 * 1024;

    // What every FinanceMarket process shares: telemetry, health, resilient outgoing calls, the profile.
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<InfrastructureOptions>().Bind(builder.Configuration.GetSection(InfrastructureOptions.Section));
        builder.Services.AddSingleton(ClockOf(builder.Configuration));
        builder.Services.AddSingleton(FaultSwitchesOf(builder.Configuration, builder.Environment.ApplicationName));
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    private static FaultSwitches FaultSwitchesOf(IConfiguration configuration, string applicationName)
    {
        var options = configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        if (!options.FaultFiles)
        {
            return FaultSwitches.None;
        }

        // Faults anyone with the data folder can switch on belong to a demo on one machine only.
        if (options.Profile == InfrastructureProfile.Servers || string.IsNullOrWhiteSpace(options.DemoClockFile))
        {
            throw new InvalidOperationException("FinanceMarket:FaultFiles is for the embedded profile's demo only (with its DemoClockFile), never with servers.");
        }

        var service = FinanceMarket.Topology.Services.FirstOrDefault(s => s.Project == applicationName)?.Name ?? applicationName;
        return new FaultSwitches(Path.Combine(Path.GetFullPath(options.DataDir), "faults"), service);
    }

    private static TimeProvider ClockOf(IConfiguration configuration)
    {
        var options = configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(options.DemoClockFile))
        {
            return TimeProvider.System;
        }

        // Dates that anyone can move belong to a demo on one machine, never to a district's real data.
        if (options.Profile == InfrastructureProfile.Servers || !string.IsNullOrWhiteSpace(configuration["FinanceMarket:Auth:Authority"]))
        {
            throw new InvalidOperationException("FinanceMarket:DemoClockFile is for the embedded profile's demo only, never with servers or an external token issuer.");
        }

        return new DemoClock(Path.GetFullPath(options.DemoClockFile));
    }

    // A gRPC service: h2c only (cleartext HTTP/1.1+2 would silently serve HTTP/1.1), REST by JSON
    // transcoding, JWT on every call but health.
    public static WebApplicationBuilder AddGrpcServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
        });
        builder.Services.AddGrpc(o =>
            {
                o.MaxReceiveMessageSize = MaxRequestBytes;
                o.Interceptors.Add<DomainErrorInterceptor>();
            })
            .AddJsonTranscoding(o =>
            {
                // Money is integer fen, written as JSON numbers as docs/api.md shows them (exact for JavaScript clients up to 2^53 fen).
                o.JsonSettings.WriteInt64sAsStrings = false;
                // REST clients get the field violations of INVALID_ARGUMENT in the body, as gRPC clients do.
                o.TypeRegistry = Validation.InvalidArgument.DetailTypes;
            });
        // grpc.health.v1 for Kubernetes' gRPC probes: "" is readiness (every check), "liveness" the process alone.
        builder.Services.AddGrpcHealthChecks(o => o.Services.Map(LivenessService, r => r.Tags.Contains(LiveTag)));
        builder.AddFinanceMarketAuthentication();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Probes are not callers: a kubelet or load balancer behind the same address as anonymous users must
        // never be answered 429, nor spend their budget.
        app.MapHealthChecks("/health").AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    // Traces, metrics and logs go to the OTLP collector named by OTEL_EXPORTER_OTLP_ENDPOINT. Without one
    // nothing would read them, and recording them anyway costs every request.
    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation())
            .WithTracing(t => t.AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsProbe(ctx.Request.Path))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");
}
