using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Attacks;
using FinanceMarket.FunctionalTests.Infrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// The REST surface is declared twice: by the protos' google.api.http rules (what each service transcodes)
// and by the gateway's routes (which service a path goes to). Every rule must reach its own service through
// the route ASP.NET's routing would pick (the most specific), and every REST route must serve some rule.
public sealed class GatewayRoutesTests
{
    [Fact]
    public void Every_http_rule_reaches_its_service_and_every_gateway_route_serves_a_rule()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot(), "gateway", "appsettings.json")))!;
        var routes = config["ReverseProxy"]!["Routes"]!.AsObject()
            .Select(r => (Name: r.Key, Path: (string)r.Value!["Match"]!["Path"]!, Cluster: (string)r.Value!["ClusterId"]!))
            .Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        var used = new HashSet<string>();
        var problems = new List<string>();
        foreach (var (verb, template, method) in RestRoutes.Methods)
        {
            // financemarket.catalog.v1 → the cluster "catalog".
            var service = method.Service.File.Package.Split('.')[1];
            var sample = System.Text.RegularExpressions.Regex.Replace(template, "{[A-Za-z]+}", "x1");
            var chosen = routes.Where(r => Matches(r.Path, sample)).OrderByDescending(r => Specificity(r.Path)).FirstOrDefault();
            if (chosen.Name is null)
            {
                problems.Add($"{verb} {template}: no gateway route");
                continue;
            }

            used.Add(chosen.Name);
            if (chosen.Cluster != service)
            {
                problems.Add($"{verb} {template}: routed to {chosen.Cluster} by {chosen.Name}, served by {service}");
            }
        }

        problems.AddRange(routes.Where(r => !used.Contains(r.Name)).Select(r => $"gateway route {r.Name} ({r.Path}) serves no rule"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // A YARP path template: literal segments, one-segment parameters, and a final catch-all.
    private static bool Matches(string pattern, string path)
    {
        var wanted = pattern.Trim('/').Split('/');
        var given = path.Trim('/').Split('/');
        for (var i = 0; i < wanted.Length; i++)
        {
            if (wanted[i].StartsWith("{**", StringComparison.Ordinal))
            {
                return given.Length >= i; // a catch-all may be empty: /api/v1/banks/{**rest} serves /api/v1/banks
            }

            if (i >= given.Length || (!(wanted[i].StartsWith('{') && wanted[i].EndsWith('}')) && wanted[i] != given[i]))
            {
                return false;
            }
        }

        return wanted.Length == given.Length;
    }

    // ASP.NET routing prefers literal segments to parameters, and both to a catch-all.
    private static (int, int, int) Specificity(string pattern)
    {
        var segments = pattern.Trim('/').Split('/');
        return (segments.Any(s => s.StartsWith("{**", StringComparison.Ordinal)) ? 0 : 1, segments.Count(s => !s.StartsWith('{')), segments.Length);
    }
}
