using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Matching;

// The reasons as data over REST: each match and each exclusion carries details, one for each English
// reason and in its order, with the values a client needs to write the reason in its own language.
public sealed class ReasonDetailsTests(Platform platform)
{
    [Fact]
    public async Task A_need_s_matches_and_exclusions_carry_their_reasons_as_codes_and_values()
    {
        var strict = Api.Product("Software loan for micro firms");
        strict["maxAmountFen"] = 30_000_000;
        strict["eligibility"]!["sizeClasses"] = new JsonArray("MICRO");
        strict["eligibility"]!["industryCodes"] = new JsonArray("I65");
        strict["eligibility"]!["minTaxCreditRating"] = "A";
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var strictId = (string)(await platform.ListProductAsync(scenario.BankId, strict))["productId"]!;
        await scenario.WaitUntilShelvedAsync(strictId);

        var need = await scenario.NeedAsync(amountFen: 50_000_000, termMonths: 12);

        var needId = (string)need["needId"]!;
        var match = (await scenario.FindMatchAsync(need, scenario.ProductId))!;
        AssertJson("""
            [
              {"code":"ESTIMATED_RATE","rate":{"estimatedRateBp":345,"lprBp":300,"rateSpreadBp":45}},
              {"code":"AMOUNT_WITHIN","amount":{"amountFen":50000000,"minAmountFen":10000000,"maxAmountFen":300000000}},
              {"code":"TERM_WITHIN","term":{"termMonths":12,"minTermMonths":6,"maxTermMonths":36}},
              {"code":"DECISION_WITHIN","decisionSlaDays":3},
              {"code":"SUBSIDY_ELIGIBLE"}
            ]
            """, match["details"]);
        Assert.Equal(
            ["estimated rate 3.45 % (LPR 3.00 % + 45 bp)", "amount 500,000 yuan within 100,000–3,000,000 yuan", "term 12 months within 6–36 months",
             "decision within 3 working days", "qualifies for interest subsidies"],
            match["reasons"]!.AsArray().Select(r => (string?)r));

        var excluded = await scenario.ExplainAsync(needId, strictId);
        Assert.False((bool?)excluded["matched"] ?? false);
        AssertJson("""
            [
              {"code":"SIZE_CLASS","sizeClass":{"required":["MICRO"],"actual":"SMALL"}},
              {"code":"INDUSTRY","industry":{"required":["I65"],"actual":"C34"}},
              {"code":"TAX_RATING","taxRating":{"required":"A","actual":"B"}},
              {"code":"AMOUNT_ABOVE_MAXIMUM","amount":{"amountFen":50000000,"minAmountFen":10000000,"maxAmountFen":30000000}}
            ]
            """, excluded["details"]);
        Assert.Equal(
            ["for MICRO enterprises; yours is SMALL", "for industries I65; yours is C34", "requires tax rating A; yours is B",
             "amount 500,000 yuan exceeds this product's maximum 300,000 yuan"],
            excluded["reasons"]!.AsArray().Select(r => (string?)r));

        // Kept with the need: reading it again gives the same details; explaining the match says the same.
        var (status, again) = await scenario.Enterprise.GetJsonAsync($"/api/v1/financing-needs/{needId}");
        Assert.True(status == HttpStatusCode.OK, again.ToJsonString());
        Assert.True(JsonNode.DeepEquals(match["details"], (await scenario.FindMatchAsync(again, scenario.ProductId))!["details"]));
        var explained = await scenario.ExplainAsync(needId, scenario.ProductId);
        Assert.True((bool?)explained["matched"]);
        Assert.True(JsonNode.DeepEquals(match["details"], explained["details"]));
        Assert.Equal((int)match["score"]!, (int)explained["score"]!);
    }

    [Fact]
    public void The_engine_s_codes_are_the_api_s_by_number_and_name()
    {
        var engine = Enum.GetValues<FinanceMarket.Matching.Engine.ReasonCode>();
        var api = FinanceMarket.Matching.V1.Reason.Descriptor.FindFieldByNumber(FinanceMarket.Matching.V1.Reason.CodeFieldNumber).EnumType.Values.Where(v => v.Number != 0).ToList();

        Assert.Equal(api.Select(v => v.Number), engine.Select(c => (int)c));
        Assert.Equal(api.Select(v => v.Name.Replace("_", "", StringComparison.Ordinal)), engine.Select(c => c.ToString().ToUpperInvariant()));
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}{Environment.NewLine}Got {actual?.ToJsonString()}");
}
