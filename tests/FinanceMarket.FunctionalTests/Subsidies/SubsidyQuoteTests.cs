using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies.V1;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.FunctionalTests.Subsidies;

// The amount before submitting: a quote through the gateway is the claim submitted right after it, to the
// fen, refused where the claim would be, and leaves no claim, reservation or event behind.
public sealed class SubsidyQuoteTests(Platform platform)
{
    private const string Claims = "/api/v1/subsidy-claims";
    private const string Quote = Claims + ":quote";

    [Fact]
    public async Task A_quote_is_the_claim_then_submitted_to_the_fen_and_moves_no_figure()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();

        // 1,000,000 yuan × 1 % × 91 days / 365 → 249,315 fen, as the journey's claim.
        var (status, quote) = await scenario.Enterprise.SendJsonAsync(Quote, scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, $"{status} {quote.ToJsonString()}");
        Assert.Equal((249_315L, 100_000_000L, 91, 1_000_000_000L - 249_315L),
            ((long)quote["amountFen"]!, (long)quote["principalFen"]!, (int)quote["days"]!, (long)quote["remainingFen"]!));
        Assert.Equal($"1,000,000 yuan × 91 days ({Domain.Dates.Day(scenario.ContractDate)} to {Domain.Dates.Day(scenario.ContractDate.AddDays(91))}) at 100 bp / 365 = 249315.068493 fen → 249315 fen (rounded half up once)", (string?)quote["calculation"]);
        var programme = await scenario.ProgrammeAsync(programId);
        Assert.Equal((0L, 1_000_000_000L), ((long?)programme["reservedFen"] ?? 0, (long)programme["remainingFen"]!));

        // The same method over gRPC on the gateway's other port.
        using var channel = platform.Grpc();
        var overGrpc = await new FinanceMarket.Subsidies.V1.Subsidies.SubsidiesClient(channel).QuoteClaimAsync(
            new SubmitClaimRequest
            {
                ProgramId = programId,
                ApplicationId = scenario.ApplicationId,
                PeriodStart = SubsidyScenario.Day(scenario.ContractDate),
                PeriodEnd = SubsidyScenario.Day(scenario.ContractDate.AddDays(91)),
            },
            Platform.Bearer(await platform.TokenAsync("bank", scenario.Deal.BankId)), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((249_315L, (string?)quote["calculation"]), (overGrpc.AmountFen, overGrpc.Calculation));

        (status, var claim) = await scenario.Bank.SendJsonAsync(Claims, scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        foreach (var field in new[] { "amountFen", "principalFen", "days", "subsidisedRateBpNumerator", "subsidisedRateBpDenominator", "calculation", "payerAmounts" })
        {
            Assert.True(JsonNode.DeepEquals(quote[field], claim[field]), $"{field}: quoted {quote[field]?.ToJsonString()}, claimed {claim[field]?.ToJsonString()}");
        }

        Assert.Equal((long)quote["remainingFen"]!, (long)(await scenario.ProgrammeAsync(programId))["remainingFen"]!);

        // Once claimed, the same period quotes as the claim would be answered: an overlap.
        (status, var again) = await scenario.Enterprise.SendJsonAsync(Quote, scenario.Claim(programId, 30, 60));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("overlaps claim " + (string?)claim["claimId"], (string?)again["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quoting_twice_leaves_no_claim_and_announces_nothing()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (_, first) = await scenario.Enterprise.SendJsonAsync(Quote, scenario.Claim(programId, 0, 91));
        var (status, second) = await scenario.Bank.SendJsonAsync(Quote, scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, second.ToJsonString());
        Assert.True(JsonNode.DeepEquals(first, second), $"{first.ToJsonString()} then {second.ToJsonString()}");

        var (_, listed) = await scenario.Enterprise.GetJsonAsync($"{Claims}?programId={programId}");
        Assert.Empty(listed["claims"]?.AsArray() ?? []);
        Assert.Equal(0L, (long?)(await scenario.ProgrammeAsync(programId))["reservedFen"] ?? 0);
        Assert.Equal(0, OutboxEntriesNaming(programId));

        // A claim approved afterwards is announced; of all that subsidies ever put out about the programme,
        // that approval is the only thing, in its outbox and at the subscriber.
        var (_, claim) = await scenario.Enterprise.SendJsonAsync(Claims, scenario.Claim(programId, 0, 91));
        var claimId = (string)claim["claimId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.SendJsonAsync($"{Claims}/{claimId}:approve", new { })).Status);
        await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<SubsidyClaimApprovedIntegrationEvent>(), d => (string?)d["claimId"] == claimId),
            TimeSpan.FromSeconds(15), "SubsidyClaimApproved");
        Assert.Equal(1, OutboxEntriesNaming(programId));
        var announced = Assert.Single(platform.Events.Received,
            e => (string?)e["topic"] != PubSub.TopicOf<AuditRecordedIntegrationEvent>() && e.ToJsonString().Contains(programId, StringComparison.Ordinal));
        Assert.Equal(PubSub.TopicOf<SubsidyClaimApprovedIntegrationEvent>(), (string?)announced["topic"]);
    }

    [Fact]
    public async Task A_quote_is_refused_exactly_where_the_claim_would_be()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var smallId = await scenario.CreateProgrammeAsync(SubsidyScenario.Programme(budgetFen: 200_000));
        var forRetail = SubsidyScenario.Programme();
        forRetail["eligibility"] = new JsonObject { ["industryCodes"] = new JsonArray("F52") };
        var retailId = await scenario.CreateProgrammeAsync(forRetail);
        using var otherEnterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        using var otherBank = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));

        // Each refusal of a quote, and the same request submitted as a claim answered the same way.
        async Task<JsonObject> Refused(HttpClient caller, object request, HttpStatusCode expected)
        {
            var (status, quoted) = await caller.SendJsonAsync(Quote, request);
            Assert.True(status == expected, $"{status} {quoted.ToJsonString()}");
            var (claimStatus, claimed) = await caller.SendJsonAsync(Claims, request);
            Assert.Equal((expected, (string?)quoted["message"]), (claimStatus, (string?)claimed["message"]));
            Assert.Equal(quoted.ViolatedFields(), claimed.ViolatedFields());
            return quoted;
        }

        var body = await Refused(scenario.Enterprise, new { programId = "nope", applicationId = scenario.ApplicationId, periodStart = "2026-01-01", periodEnd = "2026-02-01" }, HttpStatusCode.BadRequest);
        Assert.Equal(["programId"], body.ViolatedFields());
        body = await Refused(scenario.Enterprise, new { programId, applicationId = scenario.ApplicationId, periodStart = "2026-02-30", periodEnd = "soon" }, HttpStatusCode.BadRequest);
        Assert.Equal(["periodStart", "periodEnd"], body.ViolatedFields());
        body = await Refused(scenario.Enterprise, scenario.Claim(programId, 300, 400), HttpStatusCode.BadRequest);
        Assert.Equal(["periodEnd"], body.ViolatedFields());

        await Refused(otherEnterprise, scenario.Claim(programId, 0, 30), HttpStatusCode.Forbidden);
        await Refused(otherBank, scenario.Claim(programId, 0, 30), HttpStatusCode.Forbidden);
        await Refused(scenario.Official, scenario.Claim(programId, 0, 30), HttpStatusCode.Forbidden);

        body = await Refused(scenario.Enterprise, scenario.Claim(retailId, 0, 30), HttpStatusCode.BadRequest);
        Assert.Contains("the programme is for industries F52; this one is C34", (string?)body["message"], StringComparison.Ordinal);
        body = await Refused(scenario.Enterprise, scenario.Claim(smallId, 0, 91), HttpStatusCode.BadRequest);
        Assert.Contains("Over budget: the claim comes to 2,493.15 yuan and the programme has 2,000 yuan left", (string?)body["message"], StringComparison.Ordinal);

        foreach (var id in new[] { programId, smallId, retailId })
        {
            Assert.Equal(0L, (long?)(await scenario.ProgrammeAsync(id))["reservedFen"] ?? 0);
        }
    }

    // Entries of the subsidies service's outbox, pending or already published, whose payload names the text.
    // Announcements only: the audit entries of the officials' own acts (the programme's creation, the
    // approval) name the programme too.
    private int OutboxEntriesNaming(string text)
    {
        using var connection = platform.Subsidies.App.Services.GetRequiredService<SqliteDatabase>().Open();
        using var count = SqliteDatabase.Command(connection, null, "SELECT count(*) FROM outbox WHERE instr(payload, $text) > 0 AND topic <> $audit", ("$text", text), ("$audit", PubSub.TopicOf<AuditRecordedIntegrationEvent>()));
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
