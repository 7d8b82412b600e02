using Xunit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FinanceMarket.TestInfrastructure;

// Request bodies as a client script would write them, and the reading of answers.
public static class Api
{
    public static object Enterprise(string uscc, string industry = "C34", string region = "130903", int employees = 45,
        long revenueFen = 1_200_000_000, long assetsFen = 900_000_000, string established = "2015-06-01", string rating = "B") => new
        {
            uscc,
            name = "Yunhe Valve Works",
            industryCode = industry,
            regionCode = region,
            employees,
            annualRevenueFen = revenueFen,
            totalAssetsFen = assetsFen,
            establishedOn = established,
            taxCreditRating = rating,
        };

    // The product offered in one region only (a region of the test's own, TestData.FreshRegion).
    public static JsonObject ProductFor(string region)
    {
        var product = Product();
        product["eligibility"]!["regionCodes"] = new JsonArray(region);
        return product;
    }

    public static JsonObject Product(string name = "Tax-based credit loan") => new()
    {
        ["name"] = name,
        ["kind"] = "TAX_BASED",
        ["minAmountFen"] = 10_000_000,
        ["maxAmountFen"] = 300_000_000,
        ["minTermMonths"] = 6,
        ["maxTermMonths"] = 36,
        ["rateSpreadBp"] = 45,
        ["eligibility"] = new JsonObject
        {
            ["sizeClasses"] = new JsonArray("SMALL", "MICRO"),
            ["industryCodes"] = new JsonArray("C"),
            ["regionCodes"] = new JsonArray("1309"),
            ["minYearsInOperation"] = 2,
            ["minTaxCreditRating"] = "B",
            ["collateralRequired"] = false,
        },
        ["subsidyEligible"] = true,
        ["decisionSlaDays"] = 3,
    };

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendJsonAsync(this HttpClient http, string path, object body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    // The field names of google.rpc.BadRequest in an INVALID_ARGUMENT body.
    public static IReadOnlyList<string> ViolatedFields(this JsonObject body) =>
        body["details"]?.AsArray()
            .SelectMany(d => d?["fieldViolations"]?.AsArray() ?? [])
            .Select(v => (string)v!["field"]!)
            .ToList() ?? [];

    public static async Task<string> CreateBankAsync(this Platform platform, string? bankId = null)
    {
        bankId ??= TestData.NewBankId();
        // Banks are national: a province-level official creates them.
        using var http = platform.Rest(await platform.OfficialAsync("13"));
        var (status, body) = await http.SendJsonAsync("/api/v1/banks", new { bankId, name = "Bank of Cangzhou " + bankId });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return bankId;
    }

    public static async Task<JsonObject> ListProductAsync(this Platform platform, string bankId, JsonObject? product = null)
    {
        using var http = platform.Rest(await platform.TokenAsync("bank", bankId));
        var (status, body) = await http.SendJsonAsync($"/api/v1/banks/{bankId}/products", product ?? Product());
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    // PUT of a whole listing with the version it was read at; expectedVersion null leaves the field out.
    public static Task<(HttpStatusCode Status, JsonObject Body)> EditProductAsync(this HttpClient bank, string bankId, string productId, JsonObject listing, long? expectedVersion)
    {
        var body = listing.DeepClone().AsObject();
        if (expectedVersion is { } version)
        {
            body["expectedVersion"] = version;
        }

        return bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{productId}", body, HttpMethod.Put);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(text) };
    }
}
