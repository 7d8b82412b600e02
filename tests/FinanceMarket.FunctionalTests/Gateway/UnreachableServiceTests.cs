using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.Catalog.V1;
using FinanceMarket.TestInfrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace FinanceMarket.FunctionalTests.Gateway;

// A gateway whose catalog is down (its address a port nobody listens on), every other service up: callers of
// the catalog hear UNAVAILABLE at once, with the service named and when to try again; nobody else notices.
public sealed class UnreachableServiceTests(Platform platform) : IAsyncLifetime
{
    private ServiceHost _gateway = null!;
    private string _rest = "";
    private string _grpc = "";

    public async ValueTask InitializeAsync()
    {
        var services = platform.Services.ToDictionary(s => s.Key, s => s.Value.Address);
        services[Topology.Catalog.Name] = $"http://127.0.0.1:{TestData.FreePort()}";
        (_gateway, _rest, _grpc) = await platform.StartGatewayAsync(services, new Dictionary<string, string?>());
    }

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task A_rest_caller_of_a_service_that_is_down_gets_503_naming_it_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        var bankId = TestData.NewBankId();
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId), _rest);

        var watch = Stopwatch.StartNew();
        using var read = await bank.GetAsync("/api/v1/products?pageSize=20", ct);
        using var write = await bank.PostAsJsonAsync($"/api/v1/banks/{bankId}/products", new { name = "Down" }, ct);

        foreach (var answer in new[] { read, write })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), answer.Headers.RetryAfter?.Delta);
            var body = await answer.Content.ReadFromJsonAsync<JsonObject>(ct);
            Assert.Equal(14, (int?)body!["code"]);
            Assert.Contains("catalog", (string?)body["message"], StringComparison.Ordinal);
        }

        // Refused connections, not a wait for a timeout.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the answers took {watch.Elapsed}");

        // The registry behind the same gateway is not affected.
        var official = platform.Rest(await platform.OfficialAsync(), _rest);
        using var registry = await official.GetAsync("/api/v1/enterprises/91130903MA0LD0008L", ct);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, registry.StatusCode);
        Assert.True((int)registry.StatusCode < 500, $"the registry answered {(int)registry.StatusCode}");
    }

    [Fact]
    public async Task A_grpc_caller_of_a_service_that_is_down_gets_unavailable_naming_it()
    {
        using var channel = GrpcChannel.ForAddress(_grpc);
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var token = await platform.TokenAsync("bank", TestData.NewBankId());

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await catalog.BrowseProductsAsync(new BrowseProductsRequest { PageSize = 20 }, Platform.Bearer(token), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("catalog", refused.Status.Detail, StringComparison.Ordinal);
    }
}
