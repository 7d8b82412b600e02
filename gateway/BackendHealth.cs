using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace FinanceMarket.Gateway;

// GET /health answers 200 only when every service behind the gateway answers its own /health:
// the launcher waits on this, and so does a load balancer in front of the gateway.
internal sealed class BackendHealthCheck(IProxyStateLookup proxy, IHttpClientFactory clients) : IHealthCheck
{
    public const string HttpClientName = "backend-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var http = clients.CreateClient(HttpClientName);
        var probes = proxy.GetClusters()
            .SelectMany(c => c.Destinations.Values.Select(d => (Cluster: c.ClusterId, Address: d.Model.Config.Address)))
            .Select(async d => (d.Cluster, Healthy: await ProbeAsync(http, d.Address, cancellationToken)))
            .ToList();
        var results = await Task.WhenAll(probes);
        var down = results.Where(r => !r.Healthy).Select(r => r.Cluster).Distinct().ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy($"{results.Length} backends ready")
            : HealthCheckResult.Unhealthy("not ready: " + string.Join(", ", down));
    }

    private static async Task<bool> ProbeAsync(HttpClient http, string address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(address), "/health"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

internal static class BackendHealthExtensions
{
    public static void AddBackendHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<BackendHealthCheck>("backends");
        // A probe answers now or counts as down; retrying here would only delay the answer. The opt-out of
        // the default resilience handler is marked experimental in Microsoft.Extensions.Http.Resilience 10.x.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(BackendHealthCheck.HttpClientName, http =>
        {
            http.DefaultRequestVersion = HttpVersion.Version20;
            http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            http.Timeout = TimeSpan.FromSeconds(2);
        })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
