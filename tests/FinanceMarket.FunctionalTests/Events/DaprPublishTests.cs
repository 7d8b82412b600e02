using System.Text.Json.Nodes;
using FinanceMarket.Catalog;
using FinanceMarket.Catalog.V1;
using FinanceMarket.Common.V1;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace FinanceMarket.FunctionalTests.Events;

// The servers profile's publish path: the catalog's outbox relay publishing through DaprClient to a
// sidecar on loopback that speaks daprd's gRPC PublishEvent.
public sealed class DaprPublishTests : IAsyncLifetime
{
    private readonly string _key = TestData.NewSigningKey();
    private ServiceHost _sidecarHost = null!;
    private FakeDaprSidecar _sidecar = null!;
    private ServiceHost _catalog = null!;

    public async ValueTask InitializeAsync()
    {
        (_sidecarHost, _sidecar) = await FakeDaprSidecar.StartAsync();
        _catalog = await ServiceHost.StartAsync(CatalogApp.Build, Path.Combine(TestData.RepoRoot(), "services", "Catalog"), new Dictionary<string, string?>
        {
            ["FinanceMarket:DataDir"] = TestData.NewTempDir(),
            ["FinanceMarket:Auth:SigningKey"] = _key,
            ["FinanceMarket:Events:Transport"] = "Dapr",
            ["FinanceMarket:Events:DaprGrpcEndpoint"] = _sidecarHost.Address,
            ["FinanceMarket:Events:PollInterval"] = "00:00:00.200",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _catalog.DisposeAsync();
        await _sidecarHost.DisposeAsync();
    }

    [Fact]
    public async Task A_listed_product_reaches_the_sidecar_with_pubsub_topic_payload_and_event_id()
    {
        var productId = await ListProductAsync();

        var published = await TestData.EventuallyAsync(
            () => _sidecar.Published.FirstOrDefault(p => p.Topic == PubSub.TopicOf<ProductListedIntegrationEvent>()),
            TimeSpan.FromSeconds(15), "ProductListed at the sidecar");
        var data = JsonNode.Parse(published.Data.ToStringUtf8())!;

        Assert.Equal(PubSub.Name, published.PubsubName);
        Assert.Equal("application/json", published.DataContentType);
        Assert.Equal(productId, (string?)data["productId"]);
        Assert.Equal(300_000_000L, (long)data["maxAmountFen"]!);
        Assert.Equal("TAX_BASED", (string?)data["kind"]);
        Assert.True(Guid.TryParse((string?)data["id"], out var eventId));
        Assert.Equal(eventId.ToString(), published.Metadata["cloudevent.id"]);
        Assert.Equal(PubSub.TopicOf<ProductListedIntegrationEvent>(), published.Metadata["cloudevent.type"]);
        Assert.Equal("catalog", published.Metadata["cloudevent.source"]);
        Assert.Equal("product:" + productId, published.Metadata["partitionKey"]);
    }

    [Fact]
    public async Task While_the_broker_refuses_the_event_waits_in_the_outbox_and_is_published_once_it_accepts()
    {
        _sidecar.FailNext(2);
        var productId = await ListProductAsync();

        var published = await TestData.EventuallyAsync(
            () => _sidecar.Published.FirstOrDefault(p => p.Topic == PubSub.TopicOf<ProductListedIntegrationEvent>()
                && JsonNode.Parse(p.Data.ToStringUtf8())!["productId"]!.GetValue<string>() == productId),
            TimeSpan.FromSeconds(30), "ProductListed after two refusals");

        Assert.NotNull(published);
        Assert.True(_sidecar.Calls >= 3, $"expected at least 3 publish calls, saw {_sidecar.Calls}");
    }

    private async Task<string> ListProductAsync()
    {
        var issuer = new LocalTokenIssuer(new AuthOptions { SigningKey = _key }, TimeProvider.System);
        using var channel = GrpcChannel.ForAddress(_catalog.Address);
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var bankId = TestData.NewBankId();
        var cancel = TestContext.Current.CancellationToken;
        await catalog.CreateBankAsync(new CreateBankRequest { BankId = bankId, Name = "China Construction Bank" },
            new Metadata { { "Authorization", "Bearer " + issuer.Issue("official", "o", "13") } }, cancellationToken: cancel);
        var product = await catalog.ListProductAsync(new ListProductRequest
        {
            BankId = bankId, Name = "Tax loan", Kind = ProductKind.TaxBased, MinAmountFen = 10_000_000, MaxAmountFen = 300_000_000,
            MinTermMonths = 6, MaxTermMonths = 36, RateSpreadBp = 45, DecisionSlaDays = 3,
        }, new Metadata { { "Authorization", "Bearer " + issuer.Issue("bank", bankId, null) } }, cancellationToken: cancel);
        return product.ProductId;
    }
}
