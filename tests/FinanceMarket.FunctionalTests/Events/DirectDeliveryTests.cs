using System.Net;
using FinanceMarket.FunctionalTests.Infrastructure;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.FunctionalTests.Events;

// The embedded profile's delivery: the relay reads the subscriber's /dapr/subscribe and POSTs CloudEvents
// to the declared routes, as daprd would.
public sealed class DirectDeliveryTests(Platform platform)
{
    [Fact]
    public async Task A_registered_enterprise_arrives_as_a_cloud_event_at_the_declared_route()
    {
        var uscc = TestData.NewUscc();
        using var http = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, _) = await http.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc));
        Assert.Equal(HttpStatusCode.OK, status);

        var envelope = await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<EnterpriseRegisteredIntegrationEvent>(), d => (string?)d["uscc"] == uscc),
            TimeSpan.FromSeconds(15), "EnterpriseRegistered at the subscriber");

        Assert.Equal("1.0", (string?)envelope["specversion"]);
        Assert.Equal(PubSub.Name, (string?)envelope["pubsubname"]);
        Assert.Equal((string?)envelope["data"]!["id"], (string?)envelope["id"]);
        Assert.Equal("SMALL", (string?)envelope["data"]!["sizeClass"]);
        Assert.Equal("130903", (string?)envelope["data"]!["regionCode"]);
    }

    [Fact]
    public async Task Listing_and_delisting_arrive_in_order_for_the_product()
    {
        var bankId = await platform.CreateBankAsync();
        var productId = (string)(await platform.ListProductAsync(bankId))["productId"]!;
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{productId}:delist", new { });

        await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<ProductDelistedIntegrationEvent>(), d => (string?)d["productId"] == productId),
            TimeSpan.FromSeconds(15), "ProductDelisted at the subscriber");
        var forProduct = platform.Events.Received
            .Where(e => (string?)e["data"]!["productId"] == productId)
            .Select(e => (string?)e["topic"])
            .ToList();

        Assert.Equal([PubSub.TopicOf<ProductListedIntegrationEvent>(), PubSub.TopicOf<ProductDelistedIntegrationEvent>()], forProduct);
    }

    [Fact]
    public async Task A_subscriber_answering_RETRY_gets_the_event_again_until_it_accepts()
    {
        var (host, subscriber) = await RecordingSubscriber.StartAsync();
        await using var _ = host;
        await using var catalog = await ServiceHost.StartAsync(FinanceMarket.Catalog.CatalogApp.Build,
            Path.Combine(TestData.RepoRoot(), "services", "Catalog"),
            platform.ServiceSettings(host.Address, TestData.NewTempDir()));
        subscriber.AnswerRetry(2);

        var issuer = new ServiceDefaults.Security.LocalTokenIssuer(new ServiceDefaults.Security.AuthOptions { SigningKey = platform.SigningKey }, TimeProvider.System);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(catalog.Address);
        var client = new Catalog.V1.Catalog.CatalogClient(channel);
        var bankId = TestData.NewBankId();
        await client.CreateBankAsync(new Catalog.V1.CreateBankRequest { BankId = bankId, Name = "ICBC" },
            Platform.Bearer(issuer.Issue("official", "o", "13")), cancellationToken: TestContext.Current.CancellationToken);

        var envelope = await TestData.EventuallyAsync(
            () => subscriber.Find(PubSub.TopicOf<BankCreatedIntegrationEvent>(), d => (string?)d["bankId"] == bankId),
            TimeSpan.FromSeconds(30), "BankCreated after two RETRY answers");

        Assert.NotNull(envelope);
        Assert.Equal(3, subscriber.Deliveries);
    }
}
