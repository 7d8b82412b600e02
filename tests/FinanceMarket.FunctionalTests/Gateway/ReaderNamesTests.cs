using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.FunctionalTests.Subsidies;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// What a person reads carries names, not only ids: the bank's name wherever a product is shown, what the
// need said on a bank's application, the programme, enterprise and bank on a claim, the industry's name.
public sealed class ReaderNamesTests(Platform platform)
{
    private static string BankName(string bankId) => "Bank of Cangzhou " + bankId;

    // Matching reads the registry's names at most every few seconds: a bank created a moment ago is named
    // by its id until then.
    private static async Task<JsonObject> NamedApplicationAsync(HttpClient reader, string applicationId, string bankId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var (status, seen) = await reader.GetJsonAsync($"/api/v1/applications/{applicationId}");
            Assert.True(status == HttpStatusCode.OK, seen.ToJsonString());
            if ((string?)seen["bankName"] == BankName(bankId))
            {
                return seen;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The application never named bank {bankId}: {seen["bankName"]}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Products_matches_and_explanations_name_the_bank()
    {
        using var deal = await MatchingScenario.CreateAsync(platform);

        var (status, shelf) = await deal.Enterprise.GetJsonAsync($"/api/v1/products?bankId={deal.BankId}");
        Assert.Equal(HttpStatusCode.OK, status);
        var product = Assert.Single(shelf["products"]!.AsArray())!;
        Assert.Equal(BankName(deal.BankId), (string?)product["bankName"]);

        // Matching reads the registry's names every few seconds: the new bank's name follows within them.
        var need = await deal.WaitForNeedAsync(
            async n => (string?)(await deal.FindMatchAsync(n, deal.ProductId))?["bankName"] == BankName(deal.BankId),
            "The need's match never named the bank.");

        var explained = await deal.ExplainAsync((string)need["needId"]!, deal.ProductId);
        Assert.Equal(BankName(deal.BankId), (string?)explained["bankName"]);
    }

    [Fact]
    public async Task A_banks_application_carries_the_firm_the_purpose_the_collateral_and_the_industry_name()
    {
        using var deal = await MatchingScenario.CreateAsync(platform);
        var applied = await deal.ApplyAsync();

        var seen = await NamedApplicationAsync(deal.Bank, (string)applied["applicationId"]!, deal.BankId);

        Assert.False(string.IsNullOrEmpty((string?)seen["enterpriseName"]));
        Assert.Equal("Working capital for raw materials", (string?)seen["purpose"]);
        Assert.False((bool?)seen["collateralAvailable"] ?? false);
        Assert.Equal("通用设备制造业", (string?)seen["industryName"]);
        Assert.False(string.IsNullOrEmpty((string?)seen["submittedAt"]));

        var (_, enterprise) = await deal.Enterprise.GetJsonAsync($"/api/v1/enterprises/{deal.Uscc}");
        Assert.Equal("通用设备制造业", (string?)enterprise["industryName"]);
    }

    [Fact]
    public async Task A_claim_names_its_programme_enterprise_and_bank()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        await NamedApplicationAsync(scenario.Enterprise, scenario.ApplicationId, scenario.Deal.BankId);

        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30));

        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        Assert.Equal((string)SubsidyScenario.Programme()["name"]!, (string?)claim["programName"]);
        Assert.Equal(BankName(scenario.Deal.BankId), (string?)claim["bankName"]);
        Assert.False(string.IsNullOrEmpty((string?)claim["enterpriseName"]));
    }

    [Fact]
    public async Task A_refused_field_says_its_reason_and_values_beside_the_words()
    {
        using var deal = await MatchingScenario.CreateAsync(platform);

        var (status, body) = await deal.PostNeedAsync(termMonths: 0);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var details = body["details"]!.AsArray();
        var violation = details.SelectMany(d => d?["fieldViolations"]?.AsArray() ?? []).Single(v => (string?)v!["field"] == "termMonths")!;
        Assert.Equal("OUT_OF_RANGE", (string?)violation["reason"]);
        var values = details.Single(d => (string?)d!["@type"] == "type.googleapis.com/financemarket.common.v1.FieldViolationValues")!["violations"]!.AsArray()
            .Single(v => (string?)v!["field"] == "termMonths")!;
        Assert.Equal("OUT_OF_RANGE", (string?)values["reason"]);
        Assert.Equal("0", (string?)values["values"]!["got"]);
        Assert.Equal("1", (string?)values["values"]!["min"]);
    }
}
