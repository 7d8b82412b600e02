using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.FunctionalTests.Matching;

// Matching's subscriptions, posted to as daprd posts: the subscribe table daprd reads, the app API token,
// and a shelf view that only ever moves forward in each product's versions.
public sealed class ShelfEventsTests(Platform platform)
{
    [Fact]
    public async Task A_delivery_without_the_app_api_token_is_refused()
    {
        var listed = Listed(Guid.CreateVersion7().ToString(), version: 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(listed, token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(listed, token: "not-the-token")).Status);
    }

    [Fact]
    public async Task Listed_and_delisted_events_move_the_view_forward_only()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var productId = Guid.CreateVersion7().ToString();

        var (status, body) = await DeliverAsync(Listed(productId, version: 1, bankId: scenario.BankId));
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.NotNull(await scenario.FindMatchAsync(await scenario.NeedAsync(), productId));

        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(Delisted(productId, version: 2, scenario.BankId))).Status);
        Assert.Null(await scenario.FindMatchAsync(await scenario.NeedAsync(), productId));

        // A late or repeated listing (version 1) cannot bring a delisted product (version 2) back.
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(Listed(productId, version: 1, bankId: scenario.BankId))).Status);
        Assert.Null(await scenario.FindMatchAsync(await scenario.NeedAsync(), productId));
    }

    [Fact]
    public async Task A_bank_s_edit_reaches_matching_and_an_older_listing_delivered_late_does_not_undo_it()
    {
        // Listed up to 3,000,000 yuan: a need for 5,000,000 is excluded until the bank raises the maximum.
        using var scenario = await MatchingScenario.CreateAsync(platform);
        const long need = 500_000_000;
        var before = await scenario.ExplainAsync((string)(await scenario.NeedAsync(need))["needId"]!, scenario.ProductId);
        Assert.Equal("AMOUNT_ABOVE_MAXIMUM", (string?)before["details"]![0]!["code"]);
        var raised = Api.Product();
        raised["maxAmountFen"] = 900_000_000;

        var (status, edited) = await scenario.Bank.EditProductAsync(scenario.BankId, scenario.ProductId, raised, expectedVersion: 1);
        Assert.True(status == HttpStatusCode.OK, edited.ToJsonString());
        await scenario.WaitForNeedAsync(async n => await scenario.FindMatchAsync(n, scenario.ProductId) is not null,
            $"The edit of product {scenario.ProductId} never reached matching's shelf view.", need);

        // The listing as it was at version 1, redelivered after the edit (version 2) reached matching.
        var stale = Listed(scenario.ProductId, version: 1, scenario.BankId);
        stale["maxAmountFen"] = 300_000_000;
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(stale)).Status);
        Assert.NotNull(await scenario.FindMatchAsync(await scenario.NeedAsync(need), scenario.ProductId));
    }

    [Theory]
    [InlineData("kind", "GOLD_BARS")]
    [InlineData("kind", "42")]
    [InlineData("eligibility", null)]
    public async Task A_poison_event_is_dropped_not_retried(string field, string? value)
    {
        var poison = Listed(Guid.CreateVersion7().ToString(), version: 1);
        poison[field] = value;
        var (status, body) = await DeliverAsync(poison);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DROP", (string?)JsonNode.Parse(body)!["status"]);
    }

    [Theory]
    [InlineData("maxAmountFen", 1)] // below the minimum of 1,000,000
    [InlineData("maxTermMonths", 0)]
    [InlineData("decisionSlaDays", 0)]
    public async Task An_event_whose_terms_the_catalog_would_refuse_is_dropped(string field, long value)
    {
        var poison = Listed(Guid.CreateVersion7().ToString(), version: 1);
        poison[field] = value;
        var (status, body) = await DeliverAsync(poison);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DROP", (string?)JsonNode.Parse(body)!["status"]);
    }

    private Task<(HttpStatusCode Status, string Body)> DeliverAsync(JsonObject data, string? token = "") =>
        ShelfDelivery.DeliverAsync(platform, platform.Matching.Address, data, token);

    private static JsonObject Listed(string productId, long version, string bankId = "bank-events") => ShelfDelivery.Listed(productId, version, bankId);

    private static JsonObject Delisted(string productId, long version, string bankId) => ShelfDelivery.Delisted(productId, version, bankId);

    private static HttpClient H2c(string address) => ShelfDelivery.H2c(address);
}
