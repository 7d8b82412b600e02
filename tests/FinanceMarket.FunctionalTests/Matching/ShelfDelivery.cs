using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.FunctionalTests.Matching;

// The catalog's product events, delivered to a matching instance as its sidecar would deliver them.
public static class ShelfDelivery
{
    public static JsonObject Listed(string productId, long version, string bankId = "bank-events") => new()
    {
        ["productId"] = productId,
        ["bankId"] = bankId,
        ["name"] = "Delivered by event",
        ["kind"] = "CREDIT",
        ["minAmountFen"] = 1_000_000,
        ["maxAmountFen"] = 900_000_000,
        ["minTermMonths"] = 1,
        ["maxTermMonths"] = 60,
        ["rateSpreadBp"] = 10,
        ["eligibility"] = new JsonObject
        {
            ["sizeClasses"] = new JsonArray(),
            ["industryCodes"] = new JsonArray(),
            ["regionCodes"] = new JsonArray(),
            ["minYearsInOperation"] = 0,
            ["minTaxCreditRating"] = null,
            ["collateralRequired"] = false,
        },
        ["subsidyEligible"] = false,
        ["decisionSlaDays"] = 2,
        ["productVersion"] = version,
        ["id"] = Guid.CreateVersion7().ToString(),
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["schemaVersion"] = 1,
    };

    public static JsonObject Delisted(string productId, long version, string bankId) => new()
    {
        ["productId"] = productId,
        ["bankId"] = bankId,
        ["productVersion"] = version,
        ["id"] = Guid.CreateVersion7().ToString(),
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["schemaVersion"] = 1,
    };

    // Posted as daprd posts a subscription: a CloudEvent over h2c with the app API token ("" for the right one).
    public static async Task<(HttpStatusCode Status, string Body)> DeliverAsync(Platform platform, string matchingAddress, JsonObject data, string? token = "")
    {
        var topic = data.ContainsKey("kind") ? PubSub.TopicOf<ProductListedIntegrationEvent>() : PubSub.TopicOf<ProductDelistedIntegrationEvent>();
        var route = data.ContainsKey("kind") ? "/events/product-listed" : "/events/product-delisted";
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = (string)data["id"]!,
            ["source"] = "catalog",
            ["type"] = topic,
            ["topic"] = topic,
            ["pubsubname"] = PubSub.Name,
            ["datacontenttype"] = "application/json",
            ["data"] = data.DeepClone(),
        };
        using var http = H2c(matchingAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, route)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        if (token is not null)
        {
            request.Headers.Add("dapr-api-token", token.Length == 0 ? platform.AppApiToken : token);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static HttpClient H2c(string address) => new()
    {
        BaseAddress = new Uri(address),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
