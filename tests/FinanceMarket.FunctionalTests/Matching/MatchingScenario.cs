using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Matching;

// A bank with a listed product and a registered enterprise that qualifies for it, through the gateway.
public sealed class MatchingScenario : IDisposable
{
    private MatchingScenario(Platform platform, string bankId, string productId, string uscc, HttpClient enterprise, HttpClient bank)
    {
        Platform = platform;
        BankId = bankId;
        ProductId = productId;
        Uscc = uscc;
        Enterprise = enterprise;
        Bank = bank;
    }

    public Platform Platform { get; }

    public string BankId { get; }

    public string ProductId { get; }

    public string Uscc { get; }

    public HttpClient Enterprise { get; }

    public HttpClient Bank { get; }

    public static async Task<MatchingScenario> CreateAsync(Platform platform, JsonObject? product = null, string rating = "B", string region = "130903")
    {
        var bankId = await platform.CreateBankAsync();
        var productId = (string)(await platform.ListProductAsync(bankId, product))["productId"]!;
        return await ForProductAsync(platform, bankId, productId, rating, region);
    }

    // For a product listed some other way (through the bank's page, say).
    public static async Task<MatchingScenario> ForProductAsync(Platform platform, string bankId, string productId, string rating = "B", string region = "130903")
    {
        var uscc = TestData.NewUscc(region);
        var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, body) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, region: region, rating: rating));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var scenario = new MatchingScenario(platform, bankId, productId, uscc, enterprise, platform.Rest(await platform.TokenAsync("bank", bankId)));
        await scenario.WaitUntilShelvedAsync(productId);
        return scenario;
    }

    public Task<(HttpStatusCode Status, JsonObject Body)> PostNeedAsync(long amountFen = 50_000_000, int termMonths = 12, bool collateral = false, string? uscc = null) =>
        Enterprise.SendJsonAsync("/api/v1/financing-needs", new { uscc = uscc ?? Uscc, amountFen, termMonths, purpose = "Working capital for raw materials", collateralAvailable = collateral });

    public async Task<JsonObject> NeedAsync(long amountFen = 50_000_000, int termMonths = 12)
    {
        var (status, body) = await PostNeedAsync(amountFen, termMonths);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    public async Task<JsonObject> ApplyAsync(string? productId = null)
    {
        var need = await NeedAsync();
        var (status, body) = await Enterprise.SendJsonAsync("/api/v1/applications",
            new { needId = (string)need["needId"]!, productId = productId ?? ProductId, consentToCreditQuery = true });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    public static object Approval(long amountFen = 50_000_000, int rateBp = 345, int termMonths = 12, string? contractDate = null) => new
    {
        grantedAmountFen = amountFen,
        annualRateBp = rateBp,
        termMonths,
        contractDate = contractDate ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Domain.ChinaTime.Zone).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    // The product reaches matching by its ProductListed event: asks a need's explanation of the product
    // until matching says it has it on its shelf (or, once delisted, no longer has it).
    public async Task WaitUntilShelvedAsync(string productId, bool listed = true)
    {
        var needId = (string)(await NeedAsync())["needId"]!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (((bool?)(await ExplainAsync(needId, productId))["onShelf"] ?? false) != listed)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Product {productId} never {(listed ? "reached" : "left")} matching's shelf view.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async Task<JsonObject> ExplainAsync(string needId, string productId)
    {
        var (status, body) = await Enterprise.GetJsonAsync($"/api/v1/financing-needs/{needId}/products/{productId}");
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    // Product events reach matching in the background: posts the need until its answer shows what is awaited.
    public async Task<JsonObject> WaitForNeedAsync(Func<JsonObject, Task<bool>> shows, string never, long amountFen = 50_000_000)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var need = await NeedAsync(amountFen);
            if (await shows(need))
            {
                return need;
            }

            Assert.True(DateTime.UtcNow < deadline, never);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    // The need's match for a product, read through the need's pages as a client reads them.
    public Task<JsonObject?> FindMatchAsync(JsonObject need, string productId) => FindMatchAsync(Enterprise, need, productId);

    public static async Task<JsonObject?> FindMatchAsync(HttpClient reader, JsonObject need, string productId)
    {
        var page = need;
        while (true)
        {
            if (Find(page, "matches", productId) is { } match)
            {
                return match;
            }

            if ((string?)page["nextPageToken"] is not { Length: > 0 } token)
            {
                return null;
            }

            var (status, next) = await reader.GetJsonAsync($"/api/v1/financing-needs/{(string)need["needId"]!}?pageSize=100&pageToken={token}");
            Assert.True(status == HttpStatusCode.OK, next.ToJsonString());
            page = next;
        }
    }

    public static JsonObject? Find(JsonObject need, string list, string productId) =>
        need[list]?.AsArray().FirstOrDefault(p => (string?)p!["productId"] == productId)?.AsObject();

    public void Dispose()
    {
        Enterprise.Dispose();
        Bank.Dispose();
    }
}
