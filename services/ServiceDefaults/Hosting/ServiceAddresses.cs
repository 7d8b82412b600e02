using Microsoft.Extensions.Configuration;

namespace FinanceMarket.ServiceDefaults.Hosting;

// Where a process finds its peers: FinanceMarket:Services:{name}, or the peer's Kubernetes Service
// (http://{name}:8080) when nothing is configured.
public static class ServiceAddresses
{
    public static Uri AddressOf(this IConfiguration configuration, ServiceNode service) =>
        new(configuration[Topology.AddressKey(service.Name)] is { Length: > 0 } configured ? configured : Topology.ContainerAddress(service.Name));

    // The apps configured by address (run.sh and the test platform configure every service; a test may add
    // an app of its own that records events): the ones direct delivery asks for their subscriptions.
    public static IReadOnlyList<(string Name, string Address)> ConfiguredApps(this IConfiguration configuration) =>
        configuration.GetSection(Topology.ServicesSection).GetChildren()
            .Where(app => !string.IsNullOrWhiteSpace(app.Value))
            .Select(app => (app.Key, app.Value!.TrimEnd('/')))
            .OrderBy(app => app.Key, StringComparer.Ordinal)
            .ToList();
}
