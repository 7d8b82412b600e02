using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Subsidies;

// Every bad claim or programme is refused with its reason and reserves nothing; every role keeps to its own.
public sealed class SubsidyRefusalTests(Platform platform)
{
    [Fact]
    public async Task Bad_periods_and_ineligible_deals_are_refused_and_nothing_is_reserved()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var closed = SubsidyScenario.Programme();
        closed["contractTo"] = "2025-12-31"; // the 2025 window, before this deal's contract
        var closedId = await scenario.CreateProgrammeAsync(closed);
        var forRetail = SubsidyScenario.Programme();
        forRetail["eligibility"] = new JsonObject { ["industryCodes"] = new JsonArray("F52") };
        var retailId = await scenario.CreateProgrammeAsync(forRetail);

        async Task Refused(object claim, string expected)
        {
            var (status, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", claim);
            Assert.True(status == HttpStatusCode.BadRequest, $"{status} {body.ToJsonString()}");
            Assert.Contains(expected, (string?)body["message"], StringComparison.Ordinal);
        }

        await Refused(scenario.Claim(programId, 30, 10), "periodEnd must be after periodStart");
        await Refused(scenario.Claim(programId, 30, 30), "periodEnd must be after periodStart");
        await Refused(scenario.Claim(programId, -5, 10), "before the loan's contract date");
        await Refused(scenario.Claim(programId, 300, 400), "beyond the loan's term");
        await Refused(scenario.Claim(closedId, 0, 30), "outside the programme's window 2025-03-16 to 2025-12-31");
        await Refused(scenario.Claim(retailId, 0, 30), "the programme is for industries F52; this one is C34");
        await Refused(new { programId, applicationId = scenario.ApplicationId, periodStart = "2026-02-30", periodEnd = "soon" }, "periodStart");

        // An application that is not (yet) a deal accrues no interest.
        var submitted = (string)(await scenario.Deal.ApplyAsync())["applicationId"]!;
        var (notYet, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims",
            new { programId, applicationId = submitted, periodStart = "2026-12-01", periodEnd = "2027-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, notYet);
        Assert.Contains("not an approved deal", (string?)body["message"]);

        foreach (var id in new[] { programId, closedId, retailId })
        {
            Assert.Equal(0L, (long?)(await scenario.ProgrammeAsync(id))["reservedFen"] ?? 0);
        }
    }

    [Fact]
    public async Task A_claim_over_the_remaining_budget_is_refused_with_what_is_left()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync(SubsidyScenario.Programme(budgetFen: 200_000));
        var (status, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Over budget: the claim comes to 2,493.15 yuan and the programme has 2,000 yuan left", (string?)body["message"]);
        Assert.Equal(200_000L, (long)(await scenario.ProgrammeAsync(programId))["remainingFen"]!);
    }

    [Theory]
    [InlineData("rateBp", -1)]
    [InlineData("rateBp", 5000)]
    [InlineData("budgetFen", -100)]
    [InlineData("budgetFen", 100_000_000_000_000)]
    [InlineData("maxPrincipalFen", 0)]
    [InlineData("maxMonths", 1000)]
    public async Task Absurd_programmes_are_refused_with_their_field(string field, long value)
    {
        using var official = platform.Rest(await platform.OfficialAsync());
        var programme = SubsidyScenario.Programme();
        programme[field] = value;
        var (status, body) = await official.SendJsonAsync("/api/v1/subsidy-programs", programme);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], body.ViolatedFields());
    }

    [Fact]
    public async Task Programme_shares_dates_and_region_are_checked()
    {
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        var programme = SubsidyScenario.Programme();
        programme["contractFrom"] = "2026-12-31";
        programme["contractTo"] = "2026-01-01";
        programme["fundingShares"] = new JsonArray(new JsonObject { ["payer"] = "central", ["shareBp"] = 9000 });
        var (status, body) = await official.SendJsonAsync("/api/v1/subsidy-programs", programme);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["contractTo", "fundingShares"], body.ViolatedFields());

        var provincial = SubsidyScenario.Programme();
        provincial["regionCode"] = "13";
        Assert.Equal(HttpStatusCode.Forbidden, (await official.SendJsonAsync("/api/v1/subsidy-programs", provincial)).Status);
    }

    [Fact]
    public async Task Only_officials_create_approve_and_pay_within_their_region_and_only_the_deal_s_parties_claim()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-programs", SubsidyScenario.Programme())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.SendJsonAsync("/api/v1/subsidy-programs", SubsidyScenario.Programme())).Status);

        using var otherEnterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        using var otherBank = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherEnterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Official.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30))).Status);

        var (status, claim) = await scenario.Bank.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        var claimId = (string)claim["claimId"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await otherEnterprise.GetJsonAsync($"/api/v1/subsidy-claims/{claimId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Enterprise.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { })).Status);
        using var elsewhere = platform.Rest(await platform.OfficialAsync("1301"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetJsonAsync($"/api/v1/subsidy-claims/{claimId}")).Status);

        // Rejection needs a reason and gives the reservation back.
        var (rejected, body) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:reject", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, rejected);
        Assert.Equal(["reason"], body.ViolatedFields());
        (rejected, body) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:reject", new { reason = "Loan repaid early" });
        Assert.True(rejected == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(0L, (long?)(await scenario.ProgrammeAsync(programId))["reservedFen"] ?? 0);

        // A district official does not spend a province's budget.
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        var provincial = SubsidyScenario.Programme();
        provincial["regionCode"] = "13";
        var (created, provincialBody) = await province.SendJsonAsync("/api/v1/subsidy-programs", provincial);
        Assert.True(created == HttpStatusCode.OK, provincialBody.ToJsonString());
        var (_, provincialClaim) = await scenario.Bank.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim((string)provincialBody["programId"]!, 60, 90));
        var provincialClaimId = (string)provincialClaim["claimId"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{provincialClaimId}:approve", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await province.SendJsonAsync($"/api/v1/subsidy-claims/{provincialClaimId}:approve", new { })).Status);

        var (_, mine) = await scenario.Enterprise.GetJsonAsync("/api/v1/subsidy-claims");
        Assert.Equal([claimId, provincialClaimId], mine["claims"]!.AsArray().Select(c => (string?)c!["claimId"]));
        var (_, district) = await scenario.Official.GetJsonAsync($"/api/v1/subsidy-claims?programId={programId}&status=REJECTED");
        Assert.Equal([claimId], district["claims"]!.AsArray().Select(c => (string?)c!["claimId"]));
    }

    // Hundreds of claims at once against a budget that covers only some: exactly as many as fit are
    // reserved, the rest refused with the reason, and the figures add up to the fen. Through a gateway
    // whose rate limit lets one caller's burst through (the default would answer most of it with 429).
    [Fact]
    public async Task Concurrent_claims_never_overspend_the_budget()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        // One day of 1,000,000 yuan at 1 %: 2,739.726... → 2,740 fen; the budget fits 120 of them and 1,000 fen more.
        const long perDay = 2_740;
        var programId = await scenario.CreateProgrammeAsync(SubsidyScenario.Programme(budgetFen: (perDay * 120) + 1_000));
        var (gateway, rest, _) = await platform.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Gateway:PermitsPerSecond"] = "10000",
            ["FinanceMarket:Gateway:Burst"] = "10000",
        });
        await using var _ = gateway;
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", scenario.Deal.Uscc), rest);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(day =>
            enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, day, day + 1))));

        var reserved = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.Equal(120, reserved.Count);
        Assert.All(reserved, r => Assert.Equal(perDay, (long)r.Body["amountFen"]!));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.StartsWith("Over budget", (string?)r.Body["message"], StringComparison.Ordinal);
        });
        var programme = await scenario.ProgrammeAsync(programId);
        Assert.Equal((perDay * 120, 1_000L), ((long)programme["reservedFen"]!, (long)programme["remainingFen"]!));
    }
}
