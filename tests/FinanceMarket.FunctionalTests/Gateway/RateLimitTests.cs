using System.Net;
using FinanceMarket.Catalog.V1;
using FinanceMarket.TestInfrastructure;
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

    [Fact]
    public async Task A_subject_s_reads_do_not_spend_its_writes()
    {
        var (gateway, rest, _) = await platform.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Gateway:PermitsPerSecond"] = "1",
            ["FinanceMarket:Gateway:Burst"] = "2",
        });
        await using var _ = gateway;
        using var official = platform.Rest(await platform.OfficialAsync("13"), rest);

        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            reads.Add((await official.GetJsonAsync("/api/v1/banks")).Status);
        }

        var (write, body) = await official.SendJsonAsync("/api/v1/banks", new { bankId = TestData.NewBankId(), name = "Bank" });

        Assert.Contains(HttpStatusCode.TooManyRequests, reads);
        Assert.True(write == HttpStatusCode.OK, body.ToJsonString());
    }

    [Fact]
    public async Task A_flood_of_bad_tokens_does_not_lock_out_the_anonymous_callers_of_the_same_address()
    {
        var (gateway, rest, _) = await platform.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Gateway:BadTokenPermitsPerSecond"] = "1",
            ["FinanceMarket:Gateway:BadTokenBurst"] = "2",
            ["FinanceMarket:Gateway:AnonymousBurst"] = "5",
        });
        await using var _ = gateway;
        using var forger = platform.Rest("not-a-token", rest);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await forger.GetAsync("/api/v1/auth/config", Cancel);
            statuses.Add(response.StatusCode);
        }

        using var anonymous = platform.Rest(address: rest);
        using var config = await anonymous.GetAsync("/api/v1/auth/config", Cancel);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
    }

    // X-Forwarded-For names the client only when the peer is a configured proxy: from anyone else it is
    // ignored, or every request could claim a fresh address and a fresh budget.
    [Theory]
    [InlineData(null, false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.0/8", true)]
    public async Task Forwarded_addresses_are_read_from_trusted_proxies_only(string? trusted, bool separateBudgets)
    {
        var settings = new Dictionary<string, string?> { ["FinanceMarket:Gateway:AnonymousPermitsPerSecond"] = "1", ["FinanceMarket:Gateway:AnonymousBurst"] = "2" };
        if (trusted is not null)
        {
            settings["FinanceMarket:Gateway:TrustedProxies:0"] = trusted;
        }

        var (gateway, rest, _) = await platform.StartGatewayAsync(settings);
        await using var _ = gateway;
        using var http = platform.Rest(address: rest);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/config");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var response = await http.SendAsync(request, Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(separateBudgets, statuses.All(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Past_the_ceiling_of_requests_in_flight_the_gateway_answers_429_with_retry_after()
    {
        var (gateway, rest, _) = await platform.StartGatewayAsync(new Dictionary<string, string?> { ["FinanceMarket:Gateway:MaxConcurrentRequests"] = "1" });
        await using var _ = gateway;
        var token = await platform.TokenAsync("enterprise", TestData.NewUscc());
        var clients = Enumerable.Range(0, 24).Select(_ => platform.Rest(token, rest)).ToList();
        try
        {
            var responses = await Task.WhenAll(clients.Select(c => c.GetAsync("/api/v1/products?pageSize=100", Cancel)));
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(refused);
            Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Health_probes_are_never_rate_limited()
    {
        var (gateway, rest, _) = await platform.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Gateway:AnonymousPermitsPerSecond"] = "1",
            ["FinanceMarket:Gateway:AnonymousBurst"] = "2",
        });
        await using var _ = gateway;
        using var probe = platform.Rest(address: rest);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var alive = await probe.GetAsync("/alive", Cancel);
            using var health = await probe.GetAsync("/health", Cancel);
            statuses.AddRange([alive.StatusCode, health.StatusCode]);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // The same address's other anonymous calls are limited all the same.
        var others = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await probe.GetAsync("/api/v1/auth/config", Cancel);
            others.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, others);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
