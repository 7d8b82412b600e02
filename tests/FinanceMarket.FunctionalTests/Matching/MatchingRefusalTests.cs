using System.Net;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Matching;

// Every bad input gets its status and reason, every cross-owner access a 403, and nothing changes.
public sealed class MatchingRefusalTests(Platform platform)
{
    [Theory]
    [InlineData(0L, 12, "amountFen")]
    [InlineData(-100L, 12, "amountFen")]
    [InlineData(10_000_000_000_001L, 12, "amountFen")]
    [InlineData(50_000_000L, 0, "termMonths")]
    [InlineData(50_000_000L, 1000, "termMonths")]
    public async Task A_need_out_of_range_is_refused_with_its_field(long amountFen, int termMonths, string field)
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var (status, body) = await scenario.PostNeedAsync(amountFen, termMonths);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], body.ViolatedFields());
        await AssertNoNeedAnnouncedFor(scenario.Uscc, amountFen, termMonths);
    }

    [Fact]
    public async Task An_application_without_consent_or_for_a_missing_or_delisted_product_changes_nothing()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var needId = (string)(await scenario.NeedAsync())["needId"]!;

        var (status, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications", new { needId, productId = scenario.ProductId, consentToCreditQuery = false });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["consentToCreditQuery"], body.ViolatedFields());

        (status, _) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications", new { needId, productId = Guid.CreateVersion7().ToString(), consentToCreditQuery = true });
        Assert.Equal(HttpStatusCode.NotFound, status);

        (status, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications", new { needId = "not-a-need", productId = "nor-a-product", consentToCreditQuery = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["needId", "productId"], body.ViolatedFields());

        var (delisted, _) = await scenario.Bank.SendJsonAsync($"/api/v1/banks/{scenario.BankId}/products/{scenario.ProductId}:delist", new { });
        Assert.Equal(HttpStatusCode.OK, delisted);
        (status, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications", new { needId, productId = scenario.ProductId, consentToCreditQuery = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("delisted", (string?)body["message"]);

        var (_, mine) = await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/applications");
        Assert.Empty(mine["applications"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task An_excluded_product_cannot_be_applied_for_and_the_reason_is_given()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform, rating: "C");
        var need = await scenario.NeedAsync();
        Assert.False((bool?)(await scenario.ExplainAsync((string)need["needId"]!, scenario.ProductId))["matched"] ?? false);
        var (status, body) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications",
            new { needId = (string)need["needId"]!, productId = scenario.ProductId, consentToCreditQuery = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("requires tax rating B or better; yours is C", (string?)body["message"]);
    }

    [Theory]
    [InlineData(5_000_000L, 345, 12, "grantedAmountFen")] // below the product's 100,000 yuan minimum
    [InlineData(300_000_001L, 345, 12, "grantedAmountFen")] // above its 3,000,000 yuan maximum
    [InlineData(50_000_000L, 9000, 12, "annualRateBp")] // 90 %
    [InlineData(50_000_000L, 0, 12, "annualRateBp")]
    [InlineData(50_000_000L, 345, 48, "termMonths")] // the product lends up to 36 months
    public async Task An_approval_outside_the_product_or_sane_rates_is_refused_and_the_application_stays_submitted(long amountFen, int rateBp, int termMonths, string field)
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;

        var (status, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(amountFen, rateBp, termMonths));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], body.ViolatedFields());
        var (_, seen) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        Assert.Equal(("SUBMITTED", 1L), ((string?)seen["status"], (long)seen["version"]!));
    }

    [Fact]
    public async Task A_contract_date_before_the_application_or_malformed_is_refused()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        foreach (var date in new[] { "2020-01-01", "2026-13-01", "" })
        {
            var (status, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(contractDate: date));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(["contractDate"], body.ViolatedFields());
        }
    }

    [Fact]
    public async Task Needs_and_applications_belong_to_their_enterprise_and_bank()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var need = await scenario.NeedAsync();
        var needId = (string)need["needId"]!;
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;

        var otherUscc = TestData.NewUscc();
        using var other = platform.Rest(await platform.TokenAsync("enterprise", otherUscc));
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.PostNeedAsync(uscc: otherUscc)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetJsonAsync($"/api/v1/financing-needs/{needId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetJsonAsync($"/api/v1/applications/{applicationId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendJsonAsync("/api/v1/applications", new { needId, productId = scenario.ProductId, consentToCreditQuery = true })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/applications")).Status);

        // The enterprise cannot decide its own application; a bank cannot post needs or read another bank's inbox.
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Enterprise.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.SendJsonAsync("/api/v1/financing-needs", new { uscc = scenario.Uscc, amountFen = 1, termMonths = 1 })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.GetJsonAsync($"/api/v1/banks/{TestData.NewBankId()}/applications")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.GetJsonAsync($"/api/v1/financing-needs/{needId}")).Status);

        using var official = platform.Rest(await platform.OfficialAsync("1309"));
        Assert.Equal(HttpStatusCode.OK, (await official.GetJsonAsync($"/api/v1/financing-needs/{needId}")).Status);
        using var outside = platform.Rest(await platform.OfficialAsync("1101"));
        Assert.Equal(HttpStatusCode.Forbidden, (await outside.GetJsonAsync($"/api/v1/financing-needs/{needId}")).Status);

        using var anonymous = platform.Rest();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync($"/api/v1/applications/{applicationId}")).Status);
        var (_, seen) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        Assert.Equal("SUBMITTED", (string?)seen["status"]);
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_malformed_ids_400()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Enterprise.GetJsonAsync($"/api/v1/financing-needs/{Guid.CreateVersion7()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Bank.SendJsonAsync($"/api/v1/applications/{Guid.CreateVersion7()}:approve", MatchingScenario.Approval())).Status);
        var (status, body) = await scenario.Enterprise.GetJsonAsync("/api/v1/applications/x'; DROP TABLE applications");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["applicationId"], body.ViolatedFields());
    }

    private async Task AssertNoNeedAnnouncedFor(string uscc, long amountFen, int termMonths)
    {
        // Events of a stored need would be delivered within a relay poll or two; none may come.
        await Task.Delay(600, TestContext.Current.CancellationToken);
        Assert.Null(platform.Events.Find(IntegrationEvents.PubSub.TopicOf<IntegrationEvents.NeedMatchedIntegrationEvent>(),
            d => (string?)d["uscc"] == uscc && (long)d["amountFen"]! == amountFen && (int)d["termMonths"]! == termMonths));
    }
}
