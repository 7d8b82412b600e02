using System.Globalization;
using FinanceMarket;
using FinanceMarket.TopologyTool;

// The topology for the scripts that cannot read C#:
//   processes [--first-port N]   one line per process in start order: name, assembly, port (the gateway's
//                                empty: it takes its own two). run.sh starts what this prints.
//   dapr-yaml                    dapr.yaml, the Dapr CLI's multi-app run file (a test checks it is current).
switch (args)
{
    case ["processes", .. var rest]:
        var firstPort = rest is ["--first-port", var port] ? int.Parse(port, CultureInfo.InvariantCulture) : Topology.FirstServicePort;
        foreach (var service in Topology.Services)
        {
            Console.WriteLine(FormattableString.Invariant($"{service.Name} {service.Project} {service.EmbeddedPort(firstPort)}"));
        }

        Console.WriteLine($"{Topology.Gateway.Name} {Topology.Gateway.Project}");
        return 0;
    case ["dapr-yaml"]:
        Console.Write(DaprRunFile.Render());
        return 0;
    default:
        Console.Error.WriteLine("usage: FinanceMarket.Topology.Tool processes [--first-port N] | dapr-yaml");
        return 2;
}
