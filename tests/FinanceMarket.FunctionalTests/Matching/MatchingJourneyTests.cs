using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.FunctionalTests.Matching;

// The "done means", through the gateway: need → ranked matches with reasons → apply → inbox →
// approve → APPROVED; a second approval 409, another bank 403; and every event on the way.
public sealed class MatchingJourneyTests(Platform platform)
{
    [Fact]
    public async Task A_need_is_matched_applied_for_approved_and_announced()
    {
        var ratingA = Api.Product("Prime credit loan");
        ratingA["eligibility"]!["minTaxCreditRating"] = "A";
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var excludedId = (string)(await platform.ListProductAsync(scenario.BankId, ratingA))["productId"]!;
        await scenario.WaitUntilShelvedAsync(excludedId);

        var need = await scenario.NeedAsync(amountFen: 50_000_000, termMonths: 12);
        var match = (await scenario.FindMatchAsync(need, scenario.ProductId))!;
        Assert.Equal(345, (int)match["estimatedRateBp"]!); // LPR 3.00 % + 45 bp
        Assert.Contains("estimated rate 3.45 % (LPR 3.00 % + 45 bp)", match["reasons"]!.AsArray().Select(r => (string?)r));
        Assert.Equal((int)match["score"]!, match["scoreParts"]!.AsArray().Sum(p => (int)p!["points"]!));
        var excluded = await scenario.ExplainAsync((string)need["needId"]!, excludedId);
        Assert.False((bool?)excluded["matched"] ?? false);
        Assert.Equal(["requires tax rating A; yours is B"], excluded["reasons"]!.AsArray().Select(r => (string?)r));
        Assert.True((int)need["excludedCount"]! >= 1, need.ToJsonString());
        Assert.Contains(need["excludedByReason"]!.AsArray(), c => (string?)c!["code"] == "TAX_RATING" && (int)c["count"]! >= 1);
        Assert.False((bool?)need["shelfStale"] ?? false);

        var (status, application) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications",
            new { needId = (string)need["needId"]!, productId = scenario.ProductId, consentToCreditQuery = true });
        Assert.True(status == HttpStatusCode.OK, application.ToJsonString());
        Assert.Equal("SUBMITTED", (string?)application["status"]);
        var applicationId = (string)application["applicationId"]!;
        Assert.True(DateOnly.Parse((string)application["decideBy"]!, System.Globalization.CultureInfo.InvariantCulture) > DateOnly.FromDateTime(DateTime.UtcNow));

        var (_, inbox) = await scenario.Bank.GetJsonAsync($"/api/v1/banks/{scenario.BankId}/applications?status=SUBMITTED");
        Assert.Contains(applicationId, inbox["applications"]!.AsArray().Select(a => (string?)a!["applicationId"]));

        (status, var approved) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval());
        Assert.True(status == HttpStatusCode.OK, approved.ToJsonString());
        Assert.Equal("APPROVED", (string?)approved["status"]);

        var (_, seen) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        Assert.Equal("APPROVED", (string?)seen["status"]);
        Assert.Equal(50_000_000, (long)seen["deal"]!["grantedAmountFen"]!);

        (status, var again) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval());
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already APPROVED", (string?)again["message"]);

        using var otherBank = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.GetJsonAsync($"/api/v1/applications/{applicationId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval())).Status);

        var deal = await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<ApplicationApprovedIntegrationEvent>(), d => (string?)d["applicationId"] == applicationId),
            TimeSpan.FromSeconds(15), "ApplicationApproved");
        Assert.Equal("matching", (string?)deal["source"]);
        var data = deal["data"]!;
        Assert.Equal((scenario.Uscc, scenario.BankId, "130903", "C34", "SMALL", "TAX_BASED", 50_000_000L, 345, 12, true),
            ((string?)data["uscc"], (string?)data["bankId"], (string?)data["regionCode"], (string?)data["industryCode"], (string?)data["sizeClass"],
             (string?)data["productKind"], (long)data["grantedAmountFen"]!, (int)data["annualRateBp"]!, (int)data["termMonths"]!, (bool)data["subsidyEligible"]!));
        Assert.NotNull(platform.Events.Find(PubSub.TopicOf<ApplicationSubmittedIntegrationEvent>(), d => (string?)d["applicationId"] == applicationId));
        Assert.NotNull(platform.Events.Find(PubSub.TopicOf<NeedMatchedIntegrationEvent>(), d => (string?)d["needId"] == (string?)need["needId"]));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_tells_the_enterprise()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;

        var (status, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:reject", new { reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["code", "reason"], body.ViolatedFields());
        (status, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:reject", new { code = "NO_REASON", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        (status, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:reject", new { code = "CASH_FLOW", reason = "Debt ratio above 70 %" });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var (_, seen) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        Assert.Equal(("REJECTED", "Debt ratio above 70 %"), ((string?)seen["status"], (string?)seen["rejectionReason"]));
        Assert.Equal(("CASH_FLOW", "Debt ratio above 70 %"), ((string?)seen["rejection"]!["code"], (string?)seen["rejection"]!["reason"]));
        Assert.Contains("cash flow", (string?)seen["rejection"]!["meaning"], StringComparison.Ordinal);

        // No approving a rejected application.
        (status, _) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval());
        Assert.Equal(HttpStatusCode.Conflict, status);
        await TestData.EventuallyAsync(
            () => platform.Events.Find(PubSub.TopicOf<ApplicationRejectedIntegrationEvent>(), d => (string?)d["applicationId"] == applicationId),
            TimeSpan.FromSeconds(15), "ApplicationRejected");
    }

    [Fact]
    public async Task Of_concurrent_decisions_one_wins_and_the_others_get_409()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;

        var decisions = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval())
            : scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:reject", new { code = "OTHER", reason = "Declined by committee " + i }));
        var answers = await Task.WhenAll(decisions);

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.Status));
        var winner = (string?)answers.Single(a => a.Status == HttpStatusCode.OK).Body["status"];
        var (_, seen) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        Assert.Equal(winner, (string?)seen["status"]);
        Assert.Equal(2, (long)seen["version"]!);
    }

    [Fact]
    public async Task Applying_twice_to_the_same_product_for_the_same_need_is_a_conflict()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var need = await scenario.NeedAsync();
        var body = new { needId = (string)need["needId"]!, productId = scenario.ProductId, consentToCreditQuery = true };
        Assert.Equal(HttpStatusCode.OK, (await scenario.Enterprise.SendJsonAsync("/api/v1/applications", body)).Status);
        var (status, again) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications", body);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already been sent", (string?)again["message"]);
    }

    [Fact]
    public async Task An_official_reads_and_streams_the_applications_of_the_region_only()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;

        using var yunhe = platform.Rest(await platform.OfficialAsync("1309"));
        Assert.Equal(HttpStatusCode.OK, (await yunhe.GetJsonAsync($"/api/v1/applications/{applicationId}")).Status);
        var ids = new List<string>();
        string? token = null;
        do
        {
            var (status, page) = await yunhe.GetJsonAsync($"/api/v1/applications?regionCode=130903&pageSize=100&pageToken={token}");
            Assert.Equal(HttpStatusCode.OK, status);
            ids.AddRange(page["applications"]!.AsArray().Select(a => (string)a!["applicationId"]!));
            token = (string?)page["nextPageToken"];
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Contains(applicationId, ids);

        using var elsewhere = platform.Rest(await platform.OfficialAsync("1301"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetJsonAsync($"/api/v1/applications/{applicationId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetJsonAsync("/api/v1/applications?regionCode=130903")).Status);

        var (_, mine) = await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/applications");
        Assert.Equal([applicationId], mine["applications"]!.AsArray().Select(a => (string?)a!["applicationId"]));
    }
}
