using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dapr;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
    public async Task Every_event_comes_from_the_service_its_record_names_as_publisher()
    {
        var bankId = await platform.CreateBankAsync();
        var productId = (string)(await platform.ListProductAsync(bankId))["productId"]!;
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{productId}:delist", new { });
        var uscc = TestData.NewUscc();
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc));
        await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<EnterpriseRegisteredIntegrationEvent>(), d => (string?)d["uscc"] == uscc),
            TimeSpan.FromSeconds(15), "EnterpriseRegistered");
        await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<ProductDelistedIntegrationEvent>(), d => (string?)d["productId"] == productId),
            TimeSpan.FromSeconds(15), "ProductDelisted");

        var publishers = PubSub.EventTypes.ToDictionary(t => t.Name, t => Topology.PublishersOf(t).Select(s => s.Name).ToHashSet());
        var senders = platform.Events.Received
            .GroupBy(e => (string)e["topic"]!)
            .ToDictionary(g => g.Key, g => g.Select(e => (string)e["source"]!).Distinct().ToList());

        // Only the topics some test caused have arrived (an expiry happens on a fake clock elsewhere).
        Assert.Subset(publishers.Keys.ToHashSet(), senders.Keys.ToHashSet());
        Assert.Superset(
            new[] { PubSub.TopicOf<BankCreatedIntegrationEvent>(), PubSub.TopicOf<ProductListedIntegrationEvent>(), PubSub.TopicOf<ProductDelistedIntegrationEvent>(), PubSub.TopicOf<EnterpriseRegisteredIntegrationEvent>(),
                PubSub.TopicOf<AuditRecordedIntegrationEvent>() }.ToHashSet(),
            senders.Keys.ToHashSet());
        Assert.All(senders, s => Assert.Subset(publishers[s.Key], s.Value.ToHashSet()));
    }

    [Theory]
    [InlineData("{\"status\":\"RETRY\"}")]
    [InlineData("{\"status\":\"FAILED\"}")]
    [InlineData("{\"status\":\"drop\"}")]
    public async Task A_subscriber_that_does_not_accept_gets_the_event_again_as_daprd_would_do(string answer)
    {
        await using var run = await CatalogWithOwnSubscriberAsync();
        run.Subscriber.AnswerFirst(PubSub.TopicOf<BankCreatedIntegrationEvent>(), answer, answer);

        var bankId = await run.CreateBankAsync();
        await TestData.EventuallyAsync(
            () => run.Subscriber.Find(PubSub.TopicOf<BankCreatedIntegrationEvent>(), d => (string?)d["bankId"] == bankId),
            TimeSpan.FromSeconds(30), "BankCreated after two refusals");

        Assert.Equal(3, run.Subscriber.DeliveriesOf(PubSub.TopicOf<BankCreatedIntegrationEvent>()));
    }

    [Fact]
    public async Task A_retried_listing_is_not_overtaken_by_the_delisting_of_the_same_product()
    {
        await using var run = await CatalogWithOwnSubscriberAsync();
        run.Subscriber.AnswerFirst(PubSub.TopicOf<ProductListedIntegrationEvent>(), "{\"status\":\"RETRY\"}");
        var bankId = await run.CreateBankAsync();
        var channel = run.Channel;
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var bank = Platform.Bearer(run.Issuer.Issue("bank", bankId, null));
        var product = await catalog.ListProductAsync(new Catalog.V1.ListProductRequest
        {
            BankId = bankId, Name = "Supply-chain loan", Kind = Common.V1.ProductKind.SupplyChain, MinAmountFen = 1_000_000,
            MaxAmountFen = 50_000_000, MinTermMonths = 3, MaxTermMonths = 12, DecisionSlaDays = 2,
        }, bank, cancellationToken: TestContext.Current.CancellationToken);
        await catalog.DelistProductAsync(new Catalog.V1.DelistProductRequest { BankId = bankId, ProductId = product.ProductId }, bank,
            cancellationToken: TestContext.Current.CancellationToken);

        await TestData.EventuallyAsync(
            () => run.Subscriber.Find(PubSub.TopicOf<ProductDelistedIntegrationEvent>(), d => (string?)d["productId"] == product.ProductId),
            TimeSpan.FromSeconds(30), "ProductDelisted");

        Assert.Equal(
            [PubSub.TopicOf<ProductListedIntegrationEvent>(), PubSub.TopicOf<ProductDelistedIntegrationEvent>()],
            run.Subscriber.Received.Where(e => (string?)e["data"]!["productId"] == product.ProductId).Select(e => (string?)e["topic"]));
    }

    [Fact]
    public async Task An_event_a_subscriber_cannot_process_goes_to_its_dead_letter_topic_and_holds_nothing_back()
    {
        var topic = PubSub.TopicOf<BankCreatedIntegrationEvent>();
        var refusals = 0;
        var accepted = new ConcurrentQueue<string>();
        var deadLetters = new ConcurrentQueue<JsonObject>();
        // A subscriber that cannot process banks named poison-* (422), and reads the dead-letter topic too.
        await using var subscriber = await ServiceHost.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
            configure?.Invoke(builder);
            var app = builder.Build();
            app.MapSubscribeHandler();
            app.MapPost("/events/bank", async (HttpRequest request) =>
            {
                var envelope = (await JsonNode.ParseAsync(request.Body))!;
                var bankId = (string)envelope["data"]!["bankId"]!;
                if (bankId.StartsWith("poison-", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref refusals);
                    return Results.UnprocessableEntity();
                }

                accepted.Enqueue(bankId);
                return Results.Ok();
            }).WithTopic(new TopicOptions { PubsubName = PubSub.Name, Name = topic, DeadLetterTopic = topic + PubSub.DeadLetterSuffix });
            app.MapPost("/events/dead", async (HttpRequest request) =>
            {
                deadLetters.Enqueue((await JsonNode.ParseAsync(request.Body))!.AsObject());
                return Results.Ok();
            }).WithTopic(new TopicOptions { PubsubName = PubSub.Name, Name = topic + PubSub.DeadLetterSuffix });
            return app;
        }, AppContext.BaseDirectory, new Dictionary<string, string?>());
        var settings = platform.ServiceSettings(subscriber.Address, TestData.NewTempDir());
        settings["FinanceMarket:Events:DeadLetterAfter"] = "2";
        await using var catalog = await ServiceHost.StartAsync(FinanceMarket.Catalog.CatalogApp.Build, Path.Combine(TestData.RepoRoot(), "services", "Catalog"), settings);
        var issuer = new ServiceDefaults.Security.LocalTokenIssuer(new ServiceDefaults.Security.AuthOptions { SigningKey = platform.SigningKey }, TimeProvider.System);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(catalog.Address);
        var client = new Catalog.V1.Catalog.CatalogClient(channel);
        var official = Platform.Bearer(issuer.Issue("official", "o", "13"));
        var poison = "poison-" + Guid.NewGuid().ToString("N")[..8];
        var fine = "fine-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var bankId in new[] { poison, fine })
        {
            await client.CreateBankAsync(new Catalog.V1.CreateBankRequest { BankId = bankId, Name = bankId }, official, cancellationToken: TestContext.Current.CancellationToken);
        }

        // The other bank's event is not held back behind the refused one.
        await TestData.EventuallyAsync(() => accepted.Contains(fine) ? fine : null, TimeSpan.FromSeconds(15), "the fine bank's event");
        var dead = await TestData.EventuallyAsync(
            () => deadLetters.FirstOrDefault(e => (string?)e["data"]?["bankId"] == poison), TimeSpan.FromSeconds(30), "the poison event on the dead-letter topic");
        Assert.Equal((topic + PubSub.DeadLetterSuffix, "catalog"), ((string?)dead["topic"], (string?)dead["source"]));
        Assert.Equal(2, Volatile.Read(ref refusals));
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(2, Volatile.Read(ref refusals)); // dead-lettered: no more retries
        Assert.Single(deadLetters, e => (string?)e["data"]?["bankId"] == poison);
    }

    [Fact]
    public async Task Two_replicas_of_a_service_deliver_each_event_once()
    {
        var (host, subscriber) = await RecordingSubscriber.StartAsync();
        await using var _ = host;
        var settings = platform.ServiceSettings(host.Address, TestData.NewTempDir());
        var contentRoot = Path.Combine(TestData.RepoRoot(), "services", "Catalog");
        await using var replicaA = await ServiceHost.StartAsync(FinanceMarket.Catalog.CatalogApp.Build, contentRoot, settings);
        await using var replicaB = await ServiceHost.StartAsync(FinanceMarket.Catalog.CatalogApp.Build, contentRoot, settings);
        var issuer = new ServiceDefaults.Security.LocalTokenIssuer(new ServiceDefaults.Security.AuthOptions { SigningKey = platform.SigningKey }, TimeProvider.System);
        var official = Platform.Bearer(issuer.Issue("official", "o", "13"));
        var banks = new List<string>();
        foreach (var replica in new[] { replicaA, replicaB, replicaA, replicaB, replicaA, replicaB })
        {
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(replica.Address);
            var bankId = TestData.NewBankId();
            await new Catalog.V1.Catalog.CatalogClient(channel).CreateBankAsync(new Catalog.V1.CreateBankRequest { BankId = bankId, Name = "Replica bank" },
                official, cancellationToken: TestContext.Current.CancellationToken);
            banks.Add(bankId);
        }

        await TestData.EventuallyAsync(
            () => banks.All(b => subscriber.Find(PubSub.TopicOf<BankCreatedIntegrationEvent>(), d => (string?)d["bankId"] == b) is not null) ? banks : null,
            TimeSpan.FromSeconds(30), "every BankCreated");
        // Both replicas poll every 200 ms; give a duplicate the time to show up if one were coming.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.Equal(banks.Count, subscriber.DeliveriesOf(PubSub.TopicOf<BankCreatedIntegrationEvent>()));
        Assert.Equal(banks.Count, subscriber.DeliveriesOf(PubSub.TopicOf<AuditRecordedIntegrationEvent>()));
    }

    private async Task<OwnRun> CatalogWithOwnSubscriberAsync()
    {
        var (host, subscriber) = await RecordingSubscriber.StartAsync();
        var catalog = await ServiceHost.StartAsync(FinanceMarket.Catalog.CatalogApp.Build,
            Path.Combine(TestData.RepoRoot(), "services", "Catalog"),
            platform.ServiceSettings(host.Address, TestData.NewTempDir()));
        var issuer = new ServiceDefaults.Security.LocalTokenIssuer(new ServiceDefaults.Security.AuthOptions { SigningKey = platform.SigningKey }, TimeProvider.System);
        return new OwnRun(host, subscriber, catalog, issuer, Grpc.Net.Client.GrpcChannel.ForAddress(catalog.Address));
    }

    // A catalog whose events go to a subscriber of this test alone.
    private sealed record OwnRun(
        ServiceHost SubscriberHost,
        RecordingSubscriber Subscriber,
        ServiceHost Catalog,
        ServiceDefaults.Security.LocalTokenIssuer Issuer,
        Grpc.Net.Client.GrpcChannel Channel) : IAsyncDisposable
    {
        public async Task<string> CreateBankAsync()
        {
            var bankId = TestData.NewBankId();
            await new Catalog.V1.Catalog.CatalogClient(Channel).CreateBankAsync(new Catalog.V1.CreateBankRequest { BankId = bankId, Name = "ICBC" },
                Platform.Bearer(Issuer.Issue("official", "o", "13")), cancellationToken: TestContext.Current.CancellationToken);
            return bankId;
        }

        public async ValueTask DisposeAsync()
        {
            Channel.Dispose();
            await Catalog.DisposeAsync();
            await SubscriberHost.DisposeAsync();
        }
    }
}
