using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.Catalog;
using FinanceMarket.Catalog.V1;
using FinanceMarket.TestInfrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace FinanceMarket.FunctionalTests.Gateway;

// No single bank floods the shelf: a cap on its listed products, said in the refusal; and an official may
// take down a product offered only inside their region, with a reason the bank reads on the product.
public sealed class ShelfLimitsTests(Platform platform)
{
    [Fact]
    public async Task A_bank_past_its_cap_is_refused_with_the_cap_and_lists_again_once_it_delists_one()
    {
        var settings = platform.ServiceSettings(dataDir: TestData.NewTempDir());
        settings["FinanceMarket:Catalog:MaxListedProductsPerBank"] = "2";
        await using var catalog = await ServiceHost.StartAsync(CatalogApp.Build, Path.Combine(TestData.RepoRoot(), "services", "Catalog"), settings);
        using var channel = GrpcChannel.ForAddress(catalog.Address);
        var client = new Catalog.V1.Catalog.CatalogClient(channel);
        var bankId = TestData.NewBankId();
        var bank = Platform.Bearer(await platform.TokenAsync("bank", bankId));
        var cancel = TestContext.Current.CancellationToken;
        await client.CreateBankAsync(new CreateBankRequest { BankId = bankId, Name = "Capped bank" }, Platform.Bearer(await platform.OfficialAsync("13")), cancellationToken: cancel);
        ListProductRequest Listing() => new()
        {
            BankId = bankId, Name = "Credit loan", Kind = Common.V1.ProductKind.Credit, MinAmountFen = 10_000_000, MaxAmountFen = 300_000_000,
            MinTermMonths = 6, MaxTermMonths = 36, RateSpreadBp = 45, Eligibility = new Eligibility(), DecisionSlaDays = 3,
        };

        var first = await client.ListProductAsync(Listing(), bank, cancellationToken: cancel);
        await client.ListProductAsync(Listing(), bank, cancellationToken: cancel);
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ListProductAsync(Listing(), bank, cancellationToken: cancel).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("already lists 2 products", refused.Status.Detail, StringComparison.Ordinal);
        var shelf = await client.BrowseProductsAsync(new BrowseProductsRequest { BankId = bankId }, bank, cancellationToken: cancel);
        Assert.Equal(2, shelf.Products.Count);

        await client.DelistProductAsync(new DelistProductRequest { BankId = bankId, ProductId = first.ProductId }, bank, cancellationToken: cancel);
        Assert.Equal(ProductStatus.Listed, (await client.ListProductAsync(Listing(), bank, cancellationToken: cancel)).Status);
    }

    [Fact]
    public async Task An_official_whose_region_holds_the_product_s_regions_delists_it_with_a_reason_the_bank_reads()
    {
        var bankId = await platform.CreateBankAsync();
        var local = await ListAsync(bankId, "130903");
        using var scenario = await Matching.MatchingScenario.ForProductAsync(platform, bankId, local);
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        using var district = platform.Rest(await platform.OfficialAsync("130903"));
        using var elsewhere = platform.Rest(await platform.OfficialAsync("1311"));
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        var path = $"/api/v1/products/{local}:moderate";
        var reason = new { reason = "利率宣传与合同不符 (advertised rate not honoured)" };

        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendJsonAsync(path, reason)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.SendJsonAsync(path, reason)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.SendJsonAsync(path, reason)).Status);
        var (status, body) = await district.SendJsonAsync(path, new { reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["reason"], body.ViolatedFields());
        var (_, still) = await bank.GetJsonAsync($"/api/v1/products/{local}");
        Assert.Equal("LISTED", (string?)still["status"]);

        (status, body) = await district.SendJsonAsync(path, reason);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("DELISTED", (string?)body["status"]);
        var (_, seen) = await bank.GetJsonAsync($"/api/v1/products/{local}");
        Assert.Equal(reason.reason, (string?)seen["moderation"]!["reason"]);
        Assert.Equal("130903", (string?)seen["moderation"]!["regionCode"]);
        Assert.False(string.IsNullOrEmpty((string?)seen["moderation"]!["moderatedAt"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await district.SendJsonAsync(path, reason)).Status); // already delisted
        await scenario.WaitUntilShelvedAsync(local, listed: false); // its delisting takes it off matching's shelf

        // Offered province-wide: beyond a district official, within the province's.
        var provincial = await ListAsync(bankId, "13");
        Assert.Equal(HttpStatusCode.Forbidden, (await district.SendJsonAsync($"/api/v1/products/{provincial}:moderate", reason)).Status);
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        Assert.Equal(HttpStatusCode.OK, (await province.SendJsonAsync($"/api/v1/products/{provincial}:moderate", reason)).Status);

        // Offered everywhere: beyond every regional official.
        var national = await ListAsync(bankId, null);
        Assert.Equal(HttpStatusCode.Forbidden, (await province.SendJsonAsync($"/api/v1/products/{national}:moderate", reason)).Status);

        // Off the shared shelf again, where it would stand in every other test's matches.
        Assert.Equal(HttpStatusCode.OK, (await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{national}:delist", new { })).Status);
    }

    private async Task<string> ListAsync(string bankId, string? region)
    {
        var product = Api.Product("Moderated loan " + region);
        product["eligibility"]!["regionCodes"] = region is null ? new JsonArray() : new JsonArray(region);
        return (string)(await platform.ListProductAsync(bankId, product))["productId"]!;
    }
}
