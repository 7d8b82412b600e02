using Google.Api;
using Google.Protobuf.Reflection;
using FinanceMarket.ServiceDefaults.Hosting;
using Yarp.ReverseProxy.Configuration;

namespace FinanceMarket.Gateway;

// The gateway's routes and clusters, made from the protos and the topology rather than kept by hand: each
// google.api.http rule is a REST route (its verb and path) to the service whose proto package declares it,
// each method a gRPC route, and each service a cluster at its configured address. A method marked
// google.api.method_visibility INTERNAL is for services only and gets no route.
internal static class GatewayRoutes
{
    public static IReadOnlyList<RouteConfig> Routes()
    {
        List<RouteConfig> routes = [];
        foreach (var service in Protos.Services)
        {
            var owner = OwnerOf(service);
            foreach (var method in service.Methods.Where(m => !IsInternal(m)))
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"{owner.Name}:grpc:{method.FullName}",
                    ClusterId = owner.Name,
                    Match = new RouteMatch { Path = $"/{service.FullName}/{method.Name}", Methods = ["POST"] },
                });
                if (Protos.RestRoute(method) is { } rest)
                {
                    routes.Add(new RouteConfig
                    {
                        RouteId = $"{owner.Name}:rest:{method.FullName}",
                        ClusterId = owner.Name,
                        Match = new RouteMatch { Path = rest.Template, Methods = [rest.Verb.ToUpperInvariant()] },
                    });
                }
            }
        }

        return routes;
    }

    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
        Topology.Gateway.Reads.Select(service => new ClusterConfig
        {
            ClusterId = service.Name,
            // Every service serves gRPC and its transcoded REST over h2c only.
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { Version = System.Net.HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service.Name] = new() { Address = configuration.AddressOf(service).ToString() },
            },
        }).ToList();

    public static bool IsInternal(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(VisibilityExtensions.MethodVisibility)?.Restriction == "INTERNAL";

    public static ServiceNode OwnerOf(Google.Protobuf.Reflection.ServiceDescriptor service) =>
        Topology.Gateway.Reads.SingleOrDefault(s => s.ProtoPackage == service.File.Package)
        ?? throw new InvalidOperationException($"No service of the topology serves the proto package {service.File.Package} ({service.FullName}).");
}
