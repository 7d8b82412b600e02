using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Matching;

// A bank asks how many registered enterprises its product's rules admit: counts by region, industry
// section and size class, never a name; groups of fewer than 5 firms told together, unnamed, and no
// count under 5 ever given; the registry's count itself is not open to banks through the gateway.
public sealed class ProductReachTests(Platform platform)
{
    [Fact]
    public async Task A_bank_reads_how_many_enterprises_its_product_reaches_by_region_section_and_size_and_small_groups_go_unnamed()
    {
        var region = TestData.FreshRegion();
        using var official = platform.Rest(await platform.OfficialAsync(region[..2]));
        async Task RegisterAsync(string industry, int employees, string rating, string established = "2015-06-01")
        {
            var (status, body) = await official.SendJsonAsync("/api/v1/enterprises",
                Api.Enterprise(TestData.NewUscc(region), industry, region, employees, established: established, rating: rating));
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }

        for (var i = 0; i < 6; i++)
        {
            await RegisterAsync("C34", 45, "B"); // small manufacturers: named
        }

        await RegisterAsync("F52", 5, "B"); // one micro retailer: in the unnamed line
        await RegisterAsync("C34", 45, "C"); // rated below the product's minimum
        await RegisterAsync("C34", 45, "B", established: "2025-06-01"); // too young
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product("Reach loan " + region);
        product["eligibility"]!["regionCodes"] = new JsonArray(region);
        product["eligibility"]!["industryCodes"] = new JsonArray();
        var productId = (string)(await platform.ListProductAsync(bankId, product))["productId"]!;
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));

        var (ok, reach) = await bank.GetJsonAsync($"/api/v1/banks/{bankId}/products/{productId}/reach");

        Assert.True(ok == HttpStatusCode.OK, reach.ToJsonString());
        Assert.Equal(productId, (string?)reach["productId"]);
        var counts = reach["enterprises"]!;
        Assert.Equal(7, (long)counts["total"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""[{"key":"{{region}}","count":7,"fewerThanFive":false}]"""), counts["byRegion"]), counts.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"key":"C","count":6,"fewerThanFive":false},{"key":"","count":0,"fewerThanFive":true}]"""), counts["byIndustrySection"]), counts.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"key":"SMALL","count":6,"fewerThanFive":false},{"key":"","count":0,"fewerThanFive":true}]"""), counts["bySizeClass"]), counts.ToJsonString());
        Assert.DoesNotContain("uscc", reach.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // A product that reaches fewer than five firms says only that.
        var narrow = Api.Product("Narrow loan " + region);
        narrow["eligibility"]!["regionCodes"] = new JsonArray(region);
        narrow["eligibility"]!["industryCodes"] = new JsonArray("F52");
        narrow["eligibility"]!["sizeClasses"] = new JsonArray();
        var narrowId = (string)(await platform.ListProductAsync(bankId, narrow))["productId"]!;
        var (_, few) = await bank.GetJsonAsync($"/api/v1/banks/{bankId}/products/{narrowId}/reach");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {"total":0,"totalFewerThanFive":true,"byRegion":[{"key":"","count":0,"fewerThanFive":true}],
                 "byIndustrySection":[{"key":"","count":0,"fewerThanFive":true}],"bySizeClass":[{"key":"","count":0,"fewerThanFive":true}]}
                """),
            few["enterprises"]), few.ToJsonString());

        // The registry's count is matching's to ask: the gateway does not pass it to a bank.
        using (var channel = platform.Grpc())
        {
            var bankCredentials = Platform.Bearer(await platform.TokenAsync("bank", bankId));
            var direct = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new FinanceMarket.Enterprises.V1.EnterpriseRegistry.EnterpriseRegistryClient(channel)
                .CountEnterprisesAsync(new FinanceMarket.Enterprises.V1.CountEnterprisesRequest(), bankCredentials,
                    cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
            Assert.Equal(Grpc.Core.StatusCode.Unimplemented, direct.StatusCode);
        }

        // Only that bank, for its own products.
        var otherBankId = await platform.CreateBankAsync();
        using var otherBank = platform.Rest(await platform.TokenAsync("bank", otherBankId));
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc(region)));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.GetJsonAsync($"/api/v1/banks/{bankId}/products/{productId}/reach")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.GetJsonAsync($"/api/v1/banks/{otherBankId}/products/{productId}/reach")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await official.GetJsonAsync($"/api/v1/banks/{bankId}/products/{productId}/reach")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetJsonAsync($"/api/v1/banks/{bankId}/products/{productId}/reach")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bank.GetJsonAsync($"/api/v1/banks/{bankId}/products/{Guid.CreateVersion7()}/reach")).Status);
        var (bad, body2) = await bank.GetJsonAsync($"/api/v1/banks/{bankId}/products/not-an-id/reach");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["productId"], body2.ViolatedFields());
    }

    // The registry counts "at least N years" as matching does (YearsInOperation.On), the 29th of February included.
    [Theory]
    [InlineData("2021-02-28", 1, "2020-02-29")]
    [InlineData("2024-02-29", 1, "2023-02-28")]
    [InlineData("2026-12-04", 2, "2024-12-04")]
    [InlineData("2025-03-01", 5, "2020-03-01")]
    public void The_latest_founding_day_for_a_minimum_of_years_is_the_one_matching_counts(string today, int years, string latest)
    {
        var on = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        var founded = FinanceMarket.Enterprises.Model.Reach.FoundedBy(years, on)!.Value;

        Assert.Equal(DateOnly.Parse(latest, System.Globalization.CultureInfo.InvariantCulture), founded);
        Assert.True(Domain.YearsInOperation.On(founded, on) >= years);
        Assert.True(Domain.YearsInOperation.On(founded.AddDays(1), on) < years);
    }
}
