using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.FunctionalTests.Subsidies;

// The issue's "done means" through the gateway: LPR and programme recorded, a claim on an approved deal
// computed to the fen, approved and paid, and the programme's figures and events following.
public sealed class SubsidyJourneyTests(Platform platform)
{
    [Fact]
    public async Task An_early_repayment_in_the_middle_of_a_claimed_period_lowers_the_interest_subsidised_from_its_day()
    {
        // The domain's worked example on a loan of today: 1,000,000 yuan paid out on the contract day, 400,000
        // repaid on day 45, the period days 0 to 90 claimed at 100 bp.
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (_, application) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{scenario.ApplicationId}");
        var repaidOn = Domain.Dates.Day(scenario.ContractDate.AddDays(45));
        var (repaid, loan) = await scenario.Bank.SendJsonAsync($"/api/v1/loans/{(string)application["loanId"]!}/repayments",
            new { on = repaidOn, principalFen = 40_000_000, interestFen = 0 });
        Assert.True(repaid == HttpStatusCode.OK, loan.ToJsonString());

        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 90));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        // 45 days on 1,000,000 yuan = 123,287.67 fen, 45 days on 600,000 yuan = 73,972.60 fen: 197,260.27, rounded
        // once to 197,260 (each run rounded first would give 197,261).
        Assert.Equal(
            [(Domain.Dates.Day(scenario.ContractDate), repaidOn, 100_000_000L, 45, "123287.67"), (repaidOn, Domain.Dates.Day(scenario.ContractDate.AddDays(90)), 60_000_000L, 45, "73972.60")],
            claim["segments"]!.AsArray().Select(g => ((string)g!["from"]!, (string)g["to"]!, (long)g["principalFen"]!, (int)g["days"]!, (string)g["amountFen"]!)));
        Assert.Equal(197_260, (long)claim["amountFen"]!);
    }

    [Fact]
    public async Task A_claim_is_computed_to_the_fen_approved_paid_and_announced()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();

        // 1,000,000 yuan × 1 % × 91 days / 365 = 2,493.150684... yuan → 249,315 fen (half up, once).
        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        Assert.Equal(("PENDING", 249_315L, 100_000_000L, 91), ((string?)claim["status"], (long)claim["amountFen"]!, (long)claim["principalFen"]!, (int)claim["days"]!));
        Assert.Equal($"1,000,000 yuan × 91 days ({Domain.Dates.Day(scenario.ContractDate)} to {Domain.Dates.Day(scenario.ContractDate.AddDays(91))}) at 100 bp / 365 = 249315.068493 fen → 249315 fen (rounded half up once)", (string?)claim["calculation"]);
        // Central 90 % is 224,383.5 fen and the province 10 % 24,931.5: one fen is left, and of two equal
        // remainders the first payer takes it, so the parts add up to the amount exactly.
        Assert.Equal([224_384L, 24_931L], claim["payerAmounts"]!.AsArray().Select(p => (long)p!["amountFen"]!));
        var claimId = (string)claim["claimId"]!;

        var programme = await scenario.ProgrammeAsync(programId);
        Assert.Equal((249_315L, 0L, 1_000_000_000L - 249_315L), ((long)programme["reservedFen"]!, (long?)programme["paidFen"] ?? 0, (long)programme["remainingFen"]!));

        (status, _) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { });
        Assert.Equal(HttpStatusCode.Conflict, status); // approve first
        (status, var approved) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { });
        Assert.True(status == HttpStatusCode.OK, approved.ToJsonString());
        // Four eyes: the official who approved it cannot pay it; another official of the district does.
        (status, var refused) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("another official", (string?)refused["message"], StringComparison.Ordinal);
        using var payer = platform.Rest(await platform.OfficialAsync("130903"));
        (status, var paid) = await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { });
        Assert.True(status == HttpStatusCode.OK, paid.ToJsonString());
        Assert.Equal("PAID", (string?)paid["status"]);
        Assert.NotEqual((string?)paid["approvedBy"], (string?)paid["paidBy"]);
        (status, _) = await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { });
        Assert.Equal(HttpStatusCode.Conflict, status); // never twice

        programme = await scenario.ProgrammeAsync(programId);
        Assert.Equal((0L, 249_315L, 1_000_000_000L - 249_315L), ((long?)programme["reservedFen"] ?? 0, (long)programme["paidFen"]!, (long)programme["remainingFen"]!));

        var announced = await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<SubsidyPaidIntegrationEvent>(), d => (string?)d["claimId"] == claimId),
            TimeSpan.FromSeconds(15), "SubsidyPaid");
        Assert.Equal("subsidies", (string?)announced["source"]);
        var data = announced["data"]!;
        Assert.Equal((249_315L, "130903", "C34", scenario.Deal.Uscc), ((long)data["amountFen"]!, (string?)data["regionCode"], (string?)data["industryCode"], (string?)data["uscc"]));
        Assert.Equal(249_315L, data["payers"]!.AsArray().Sum(p => (long)p!["amountFen"]!));
        Assert.NotNull(platform.Events.Find(PubSub.TopicOf<SubsidyClaimApprovedIntegrationEvent>(), d => (string?)d["claimId"] == claimId));

        // The next quarter is a new period; the same quarter again is an overlap.
        (status, var next) = await scenario.Bank.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 91, 182));
        Assert.True(status == HttpStatusCode.OK, next.ToJsonString());
        (status, var again) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 30, 60));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("overlaps claim " + claimId, (string?)again["message"]);

        // An approval withdrawn before payment releases the reservation and is announced.
        var nextId = (string)next["claimId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{nextId}:approve", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{nextId}:reject", new { reason = "Loan repaid early" })).Status);
        Assert.Equal(0L, (long?)(await scenario.ProgrammeAsync(programId))["reservedFen"] ?? 0);
        await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<SubsidyClaimRejectedIntegrationEvent>(), d => (string?)d["claimId"] == nextId),
            TimeSpan.FromSeconds(15), "SubsidyClaimRejected");
    }

    [Fact]
    public async Task The_LPR_table_answers_for_any_date_with_the_quote_then_in_force()
    {
        // The LPR is national reference data: the platform's operator records it.
        using var official = platform.Rest(await platform.TokenAsync("operator", "operator-lpr"));
        // Dates far in the past so that no other test's quotes interfere.
        Assert.Equal(HttpStatusCode.OK, (await official.SendJsonAsync("/api/v1/lpr", new { effectiveOn = "2001-08-20", oneYearBp = 345, fiveYearBp = 420 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await official.SendJsonAsync("/api/v1/lpr", new { effectiveOn = "2001-10-21", oneYearBp = 335, fiveYearBp = 385 })).Status);
        var (status, body) = await official.SendJsonAsync("/api/v1/lpr", new { effectiveOn = "2001-10-21", oneYearBp = 300, fiveYearBp = 350 });
        Assert.Equal(HttpStatusCode.Conflict, status);

        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        (_, body) = await enterprise.GetJsonAsync("/api/v1/lpr?on=2001-10-20");
        Assert.Equal(("2001-08-20", 345), ((string?)body["effectiveOn"], (int)body["oneYearBp"]!));
        (_, body) = await enterprise.GetJsonAsync("/api/v1/lpr?on=2001-10-21");
        Assert.Equal(("2001-10-21", 335), ((string?)body["effectiveOn"], (int)body["oneYearBp"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await enterprise.GetJsonAsync("/api/v1/lpr?on=2000-01-01")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.SendJsonAsync("/api/v1/lpr", new { effectiveOn = "2001-11-20", oneYearBp = 1, fiveYearBp = 1 })).Status);
        (status, body) = await official.SendJsonAsync("/api/v1/lpr", new { effectiveOn = "2001-13-01", oneYearBp = -5, fiveYearBp = 90_000 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["effectiveOn", "oneYearBp", "fiveYearBp"], body.ViolatedFields());
    }

    // Any district official could once record the country's LPR, and a wrong quote could never be put right.
    [Fact]
    public async Task Only_the_operator_records_the_LPR_and_corrects_it_with_a_reason_kept_beside_the_old_figures()
    {
        using var district = platform.Rest(await platform.OfficialAsync("130903"));
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        using var operatorClient = platform.Rest(await platform.TokenAsync("operator", "operator-" + Guid.NewGuid().ToString("N")[..6]));
        var quote = new { effectiveOn = "2002-02-21", oneYearBp = 1, fiveYearBp = 1 };
        Assert.Equal(HttpStatusCode.Forbidden, (await district.SendJsonAsync("/api/v1/lpr", quote)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await province.SendJsonAsync("/api/v1/lpr", quote)).Status);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.SendJsonAsync("/api/v1/lpr", quote)).Status);

        var fix = new { oneYearBp = 531, fiveYearBp = 576, reason = "Typed 1 bp for 5.31 %; PBOC notice of 2002-02-21" };
        Assert.Equal(HttpStatusCode.Forbidden, (await district.SendJsonAsync("/api/v1/lpr/2002-02-21", fix, HttpMethod.Put)).Status);
        var (refused, noReason) = await operatorClient.SendJsonAsync("/api/v1/lpr/2002-02-21", new { oneYearBp = 531, fiveYearBp = 576 }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(["reason"], noReason.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.SendJsonAsync("/api/v1/lpr/2002-02-22", fix, HttpMethod.Put)).Status);

        var (status, corrected) = await operatorClient.SendJsonAsync("/api/v1/lpr/2002-02-21", fix, HttpMethod.Put);
        Assert.True(status == HttpStatusCode.OK, corrected.ToJsonString());
        Assert.Equal((531, 576), ((int)corrected["oneYearBp"]!, (int)corrected["fiveYearBp"]!));
        var correction = corrected["corrections"]!.AsArray().Single()!;
        Assert.Equal((1, 1), ((int)correction["previousOneYearBp"]!, (int)correction["previousFiveYearBp"]!));
        Assert.StartsWith("Typed 1 bp", (string?)correction["reason"], StringComparison.Ordinal);

        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        var (_, read) = await enterprise.GetJsonAsync("/api/v1/lpr?on=2002-03-01");
        Assert.Equal(531, (int)read["oneYearBp"]!);
    }

    [Fact]
    public async Task A_start_up_guarantee_loan_is_subsidised_above_what_the_borrower_pays()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform, grantedFen: 30_000_000);
        // The LPR in force on the contract date: recorded for a day no other test uses, just before it.
        using var operatorClient = platform.Rest(await platform.TokenAsync("operator", "operator-lpr"));
        var (status, body) = await operatorClient.SendJsonAsync("/api/v1/lpr",
            new { effectiveOn = SubsidyScenario.Day(scenario.ContractDate.AddDays(-1)), oneYearBp = 300, fiveYearBp = 350 });
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, body.ToJsonString());
        var programme = SubsidyScenario.Programme(rule: "ABOVE_LPR_MINUS", rateBp: 150, maxPrincipalFen: 30_000_000);
        var programId = await scenario.CreateProgrammeAsync(programme);

        // The borrower pays up to LPR - 150 bp = 150 bp of its 345 bp; the programme pays 195 bp.
        // 300,000 yuan × 1.95 % × 91 / 365 = 1,458.493150... yuan → 145,849 fen.
        (status, var claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        Assert.Equal(145_849L, (long)claim["amountFen"]!);
        Assert.Equal(195L, (long)claim["subsidisedRateBpNumerator"]! / (long)claim["subsidisedRateBpDenominator"]!);
    }
}
