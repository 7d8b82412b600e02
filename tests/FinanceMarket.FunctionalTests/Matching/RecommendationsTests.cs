using System.Net;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Matching;

// Before any need: the products an enterprise qualifies for on its rules alone, ranked, through the
// gateway; read by the enterprise itself or an official of its region, nobody else.
public sealed class RecommendationsTests(Platform platform)
{
    [Fact]
    public async Task An_enterprise_reads_the_products_it_qualifies_for_best_first_and_never_one_its_rules_exclude()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var ratingA = Api.Product("Prime loan for A-rated firms");
        ratingA["eligibility"]!["minTaxCreditRating"] = "A";
        var excludedId = (string)(await platform.ListProductAsync(scenario.BankId, ratingA))["productId"]!;
        await scenario.WaitUntilShelvedAsync(excludedId);

        // The shelf is shared with the tests running beside this one: a walk during which a product was listed
        // or delisted elsewhere is walked again, until one sees the shelf stand still from its first page to its last.
        var all = new List<System.Text.Json.Nodes.JsonNode>();
        int total = -1;
        for (var walk = 1; walk <= 10 && total != all.Count; walk++)
        {
            all.Clear();
            var token = "";
            var first = -1;
            do
            {
                var (status, page) = await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/recommendations?pageSize=7&pageToken={token}");
                Assert.True(status == HttpStatusCode.OK, page.ToJsonString());
                total = (int)page["totalCount"]!;
                first = first < 0 ? total : first;
                var products = page["products"]!.AsArray();
                Assert.InRange(products.Count, 1, 7);
                all.AddRange(products.Select(p => p!));
                token = (string?)page["nextPageToken"] ?? "";
            }
            while (token.Length > 0);

            total = first == total ? total : -1;
        }

        Assert.Equal(total, all.Count);
        Assert.Equal(all.Count, all.Select(p => (string?)p["productId"]).Distinct().Count());
        var mine = Assert.Single(all, p => (string?)p["productId"] == scenario.ProductId);
        Assert.Equal(345, (int)mine["estimatedRateBp"]!); // 1-year LPR 3.00 % + 45 bp
        Assert.Equal(26 + 16 + 10, (int)mine["points"]!); // rate, a 3-day deadline, subsidy
        Assert.Equal(10_000_000, (long)mine["minAmountFen"]!);
        Assert.DoesNotContain(all, p => (string?)p["productId"] == excludedId);
        var keys = all.Select(p => ((int)p["points"]!, (int)p["estimatedRateBp"]!, (string)p["productId"]!)).ToList();
        Assert.Equal(
            keys.OrderByDescending(k => k.Item1).ThenBy(k => k.Item2).ThenBy(k => k.Item3, StringComparer.Ordinal),
            keys);
    }

    [Fact]
    public async Task Only_the_enterprise_and_officials_of_its_region_read_its_recommendations_and_bad_paging_is_named()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var path = $"/api/v1/enterprises/{scenario.Uscc}/recommendations";
        using var district = platform.Rest(await platform.OfficialAsync("130903"));
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        using var elsewhere = platform.Rest(await platform.OfficialAsync("1311"));
        using var other = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        using var anonymous = platform.Rest(null);

        Assert.Equal(HttpStatusCode.OK, (await district.GetJsonAsync(path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await province.GetJsonAsync(path)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetJsonAsync(path)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetJsonAsync(path)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.GetJsonAsync(path)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync(path)).Status);

        var (status, body) = await scenario.Enterprise.GetJsonAsync(path + "?pageToken=a2dhcmJhZ2U");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["pageToken"], body.ViolatedFields());
        (status, body) = await scenario.Enterprise.GetJsonAsync(path + "?pageSize=101");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["pageSize"], body.ViolatedFields());
        var uscc = TestData.NewUscc();
        using var unregistered = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        Assert.Equal(HttpStatusCode.NotFound, (await unregistered.GetJsonAsync($"/api/v1/enterprises/{uscc}/recommendations")).Status);
    }
}
