using System.Net;
using FinanceMarket.FunctionalTests.Attacks;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// The gateway makes its routes from the protos' google.api.http rules and the topology's proto packages.
// Every rule must reach the service that serves it: the gateway's answer is that service's own answer, and
// that service knows the route (a service answers a path it does not serve with an empty 404, and a
// missing record with a 404 that says so).
public sealed class GatewayRoutesTests(Platform platform)
{
    [Fact]
    public async Task Every_http_rule_reaches_the_service_that_serves_it()
    {
        Assert.Equal(Topology.Services.Select(s => s.ProtoPackage).Order(StringComparer.Ordinal), RestRoutes.Files.Select(f => f.Package).Order(StringComparer.Ordinal));
        // An official, with no body and made-up ids: every write is refused, nothing is stored.
        var token = await platform.OfficialAsync();
        using var gateway = platform.Rest(token);
        using var direct = new HttpClient();
        direct.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var problems = new List<string>();
        foreach (var (verb, template, method) in RestRoutes.Methods)
        {
            var owner = Topology.Services.Single(s => s.ProtoPackage == method.Service.File.Package);
            var path = System.Text.RegularExpressions.Regex.Replace(template, "{[A-Za-z]+}", "x1");
            using var viaGateway = await gateway.SendAsync(new HttpRequestMessage(new HttpMethod(verb), path), TestContext.Current.CancellationToken);
            // A request built by hand does not take the client's default version, and services serve HTTP/2 only.
            using var atOwner = await direct.SendAsync(
                new HttpRequestMessage(new HttpMethod(verb), platform.Services[owner.Name].Address + path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
                TestContext.Current.CancellationToken);
            var unknownRoute = atOwner.StatusCode == HttpStatusCode.NotFound
                && (await atOwner.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Length == 0;
            if (unknownRoute || viaGateway.StatusCode != atOwner.StatusCode)
            {
                problems.Add($"{verb} {template}: {owner.Name} answers {(int)atOwner.StatusCode}, the gateway {(int)viaGateway.StatusCode} " + await atOwner.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_verb_no_rule_declares_is_not_passed_on()
    {
        using var gateway = platform.Rest(await platform.OfficialAsync());
        using var response = await gateway.DeleteAsync("/api/v1/enterprises/91130903MA0UXR02QT", TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, response.StatusCode.ToString());
    }
}
