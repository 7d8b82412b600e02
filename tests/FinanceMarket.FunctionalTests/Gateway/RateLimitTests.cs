using System.Net;
using FinanceMarket.Catalog.V1;
using FinanceMarket.FunctionalTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace FinanceMarket.FunctionalTests.Gateway;

// A gateway with a tight budget (1 request a second, bursts of 2) in front of the same services.
public sealed class RateLimitTests(Platform platform) : IAsyncLifetime
{
    private ServiceHost _gateway = null!;
    private string _rest = "";
    private string _grpc = "";

    public async ValueTask InitializeAsync() =>
        (_gateway, _rest, _grpc) = await platform.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Gateway:PermitsPerSecond"] = "1",
            ["FinanceMarket:Gateway:Burst"] = "2",
        });

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task A_caller_over_its_budget_gets_429_while_another_caller_is_served()
    {
        using var greedy = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()), _rest);
        using var patient = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()), _rest);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await greedy.GetJsonAsync("/api/v1/products")).Status);
        }

        var (other, _) = await patient.GetJsonAsync("/api/v1/products");

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 3, string.Join(", ", statuses));
        Assert.Equal(HttpStatusCode.OK, other);
    }

    [Fact]
    public async Task A_grpc_caller_over_its_budget_gets_RESOURCE_EXHAUSTED()
    {
        using var channel = GrpcChannel.ForAddress(_grpc);
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var headers = Platform.Bearer(await platform.TokenAsync("bank", TestData.NewBankId()));
        var codes = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await catalog.BrowseProductsAsync(new BrowseProductsRequest(), headers, cancellationToken: TestContext.Current.CancellationToken);
                codes.Add(StatusCode.OK);
            }
            catch (RpcException ex)
            {
                codes.Add(ex.StatusCode);
            }
        }

        Assert.True(codes.Count(c => c == StatusCode.ResourceExhausted) >= 3, string.Join(", ", codes));
    }
}
