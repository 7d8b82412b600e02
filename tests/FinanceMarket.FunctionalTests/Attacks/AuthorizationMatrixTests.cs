using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Subsidies;

namespace FinanceMarket.FunctionalTests.Attacks;

// Every REST route against every kind of caller, with the answer docs/api.md's role notes promise written
// out as a table. The world: an enterprise of 130903 with a need, an application approved by its bank, a
// programme of 130903 and a claim on the deal; another enterprise and another bank beside them.
public sealed class AuthorizationMatrixTests(Platform platform)
{
    [Fact]
    public void The_table_names_every_route_of_the_protos_and_each_is_documented_in_docs_api()
    {
        var documented = File.ReadAllText(Path.Combine(TestData.RepoRoot(), "docs", "api.md"));
        var tabled = AttackSurface.Table.Select(t => t.Route).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(RestRoutes.All.Order(StringComparer.Ordinal), tabled.Order(StringComparer.Ordinal));
        Assert.All(AttackSurface.Table, t => Assert.Contains($"`{t.Route}", documented, StringComparison.Ordinal));
        Assert.All(AttackSurface.Table, t => Assert.Equal(AttackSurface.Callers.Length, t.Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public async Task Every_route_answers_every_kind_of_caller_as_the_table_says()
    {
        var world = await World.CreateAsync(platform);
        var mismatches = new List<string>();
        foreach (var (route, expected) in AttackSurface.Table)
        {
            var wanted = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (method, template) = (route[..route.IndexOf(' ', StringComparison.Ordinal)], route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            for (var i = 0; i < AttackSurface.Callers.Length; i++)
            {
                var caller = AttackSurface.Callers[i];
                var (path, body) = world.Request(method, template, caller);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                {
                    request.Content = System.Net.Http.Json.JsonContent.Create(body);
                }

                using var response = await world.Clients[caller].SendAsync(request, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                var fits = wanted[i] switch
                {
                    "ok" => status is not (401 or 403) && status < 500,
                    var code => status == int.Parse(code, CultureInfo.InvariantCulture),
                };
                if (!fits)
                {
                    mismatches.Add($"{route} as {caller}: {status}, the table says {wanted[i]} ({await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)})");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
