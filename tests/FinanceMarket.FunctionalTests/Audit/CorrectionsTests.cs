using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Audit;

// What officials correct on others' records: a bank's name (the province that created it, or the
// operator) and an enterprise's declared size inputs and tax rating (officials of its region), each with
// a reason, the former values kept and an audit entry; and an official's reads outside their own region.
public sealed class CorrectionsTests(Platform platform)
{
    [Fact]
    public async Task A_bank_is_renamed_by_its_province_or_the_operator_with_the_former_name_kept()
    {
        using var hebei = platform.Rest(await platform.OfficialAsync("13"));
        var bankId = TestData.NewBankId();
        var (status, created) = await hebei.SendJsonAsync("/api/v1/banks", new { bankId, name = "Cangzhou Bank" });
        Assert.True(status == HttpStatusCode.OK, created.ToJsonString());
        Assert.Equal("13", (string?)created["regionCode"]);

        using var beijing = platform.Rest(await platform.OfficialAsync("11"));
        using var district = platform.Rest(await platform.OfficialAsync("130903"));
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        var rename = new { name = "Bank of Cangzhou", reason = "renamed by the regulator's approval of 2026-11-30" };
        Assert.Equal(HttpStatusCode.Forbidden, (await beijing.SendJsonAsync($"/api/v1/banks/{bankId}", rename, HttpMethod.Put)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await district.SendJsonAsync($"/api/v1/banks/{bankId}", rename, HttpMethod.Put)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.SendJsonAsync($"/api/v1/banks/{bankId}", rename, HttpMethod.Put)).Status);
        Assert.Equal(["reason"], (await hebei.SendJsonAsync($"/api/v1/banks/{bankId}", new { name = "Bank of Cangzhou" }, HttpMethod.Put)).Body.ViolatedFields());
        Assert.Equal(["name"], (await hebei.SendJsonAsync($"/api/v1/banks/{bankId}", new { name = "Cangzhou Bank", reason = "same" }, HttpMethod.Put)).Body.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, (await hebei.SendJsonAsync($"/api/v1/banks/{TestData.NewBankId()}", rename, HttpMethod.Put)).Status);

        (status, var renamed) = await hebei.SendJsonAsync($"/api/v1/banks/{bankId}", rename, HttpMethod.Put);
        Assert.True(status == HttpStatusCode.OK, renamed.ToJsonString());
        using var operatorClient = platform.Rest(await platform.TokenAsync("operator", "operator-" + Guid.NewGuid().ToString("N")[..6]));
        (status, renamed) = await operatorClient.SendJsonAsync($"/api/v1/banks/{bankId}", new { name = "Cangzhou Commercial Bank", reason = "merger" }, HttpMethod.Put);
        Assert.True(status == HttpStatusCode.OK, renamed.ToJsonString());
        var (_, read) = await bank.GetJsonAsync($"/api/v1/banks/{bankId}");
        Assert.Equal("Cangzhou Commercial Bank", (string?)read["name"]);
        Assert.Equal(["Cangzhou Bank", "Bank of Cangzhou"], read["renames"]!.AsArray().Select(r => (string?)r!["formerName"]));

        var entries = await AuditLogTests.EventuallyLoggedAsync(hebei, "bank/" + bankId, 3);
        Assert.Equal(["bank.renamed", "bank.renamed", "bank.created"], entries.Select(e => (string?)e["action"]));
        Assert.Equal("Bank of Cangzhou", (string?)JsonNode.Parse((string)entries[0]["before"]!)!["name"]);
        Assert.Equal("merger", (string?)entries[0]["reason"]);
    }

    [Fact]
    public async Task An_official_of_its_region_corrects_an_enterprise_and_matching_reads_the_corrected_size()
    {
        var region = "130903";
        var uscc = TestData.NewUscc(region);
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, registered) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, employees: 8));
        Assert.True(status == HttpStatusCode.OK, registered.ToJsonString());
        Assert.Equal("MICRO", (string?)registered["sizeClass"]);

        using var prefecture = platform.Rest(await platform.OfficialAsync("1309"));
        using var other = platform.Rest(await platform.OfficialAsync("1311"));
        var fix = new { employees = 450, annualRevenueFen = 5_000_000_000L, taxCreditRating = "A", reason = "Figures from the 2025 census and the tax bureau's rating" };
        // A product for medium-sized firms only: the enterprise as it declared itself does not fit it.
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product("Loans for medium-sized firms");
        product["eligibility"]!["sizeClasses"] = new JsonArray("MEDIUM");
        var productId = (string)(await platform.ListProductAsync(bankId, product))["productId"]!;
        Assert.False(await MatchesAsync(enterprise, uscc, productId));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendJsonAsync($"/api/v1/enterprises/{uscc}:correct", fix)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.SendJsonAsync($"/api/v1/enterprises/{uscc}:correct", fix)).Status);
        Assert.Equal(["reason"], (await prefecture.SendJsonAsync($"/api/v1/enterprises/{uscc}:correct", new { employees = 450 })).Body.ViolatedFields());
        Assert.Equal(["employees"], (await prefecture.SendJsonAsync($"/api/v1/enterprises/{uscc}:correct", new { employees = -1, reason = "x" })).Body.ViolatedFields());
        Assert.Equal(["employees"], (await prefecture.SendJsonAsync($"/api/v1/enterprises/{uscc}:correct", new { employees = 8, reason = "no change" })).Body.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, (await prefecture.SendJsonAsync($"/api/v1/enterprises/{TestData.NewUscc(region)}:correct", fix)).Status);

        (status, var corrected) = await prefecture.SendJsonAsync($"/api/v1/enterprises/{uscc}:correct", fix);
        Assert.True(status == HttpStatusCode.OK, corrected.ToJsonString());
        Assert.Equal((450, "A", "MEDIUM"), ((int)corrected["employees"]!, (string?)corrected["taxCreditRating"], (string?)corrected["sizeClass"]));
        var kept = corrected["corrections"]!.AsArray().Single()!;
        Assert.Equal((8, "B", "MICRO"), ((int)kept["previousEmployees"]!, (string?)kept["previousTaxCreditRating"], (string?)kept["previousSizeClass"]));
        var (_, own) = await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}");
        Assert.Equal("MEDIUM", (string?)own["sizeClass"]);

        // A need posted now is matched on the corrected record.
        Assert.True(await MatchesAsync(enterprise, uscc, productId));

        var entries = await AuditLogTests.EventuallyLoggedAsync(prefecture, "enterprise/" + uscc, 1);
        var entry = entries.Single(e => (string?)e["action"] == "enterprise.corrected");
        Assert.Equal(("MICRO", "MEDIUM"), ((string?)JsonNode.Parse((string)entry["before"]!)!["sizeClass"], (string?)JsonNode.Parse((string)entry["after"]!)!["sizeClass"]));
    }

    [Fact]
    public async Task A_claim_is_decided_on_the_size_an_official_corrected_after_the_deal()
    {
        // The programme is for small and micro firms; the borrower applied as a small one.
        using var scenario = await Subsidies.SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (status, quote) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims:quote", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, quote.ToJsonString());

        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        var (corrected, body) = await official.SendJsonAsync($"/api/v1/enterprises/{scenario.Deal.Uscc}:correct",
            new { employees = 450, annualRevenueFen = 5_000_000_000L, reason = "The statistics bureau's figures: a medium-sized firm" });
        Assert.True(corrected == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("MEDIUM", (string?)body["sizeClass"]);

        // The correction reaches subsidies by its event, within the relay's poll.
        JsonObject refused;
        var until = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            (status, refused) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims:quote", scenario.Claim(programId, 0, 91));
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow < until);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("this one is MEDIUM", refused.ToJsonString(), StringComparison.Ordinal);
        (status, _) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private static async Task<bool> MatchesAsync(HttpClient enterprise, string uscc, string productId)
    {
        var (status, need) = await enterprise.SendJsonAsync("/api/v1/financing-needs", new { uscc, amountFen = 50_000_000, termMonths = 12, purpose = "Working capital" });
        Assert.True(status == HttpStatusCode.OK, need.ToJsonString());
        var (_, explained) = await enterprise.GetJsonAsync($"/api/v1/financing-needs/{(string)need["needId"]!}/products/{productId}");
        return (bool?)explained["matched"] ?? false;
    }

    [Fact]
    public async Task An_officials_read_outside_their_own_region_is_logged_and_one_inside_it_is_not()
    {
        var uscc = TestData.NewUscc("130903");
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        Assert.Equal(HttpStatusCode.OK, (await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc))).Status);

        var districtSubject = "official-" + Guid.NewGuid().ToString("N")[..6];
        using var district = platform.Rest(await platform.TokenAsync("official", districtSubject, "130903"));
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        Assert.Equal(HttpStatusCode.OK, (await district.GetJsonAsync($"/api/v1/enterprises/{uscc}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await province.GetJsonAsync($"/api/v1/enterprises/{uscc}")).Status);

        var entries = await AuditLogTests.EventuallyLoggedAsync(province, "enterprise/" + uscc, 1);
        Assert.Equal(("enterprise.read", "13"), ((string?)entries[0]["action"], (string?)entries[0]["actorRegion"]));
        Assert.DoesNotContain(entries, e => (string?)e["actorSubject"] == districtSubject);
    }

    [Fact]
    public async Task A_parent_regions_reads_of_needs_applications_and_claims_are_logged()
    {
        using var scenario = await Subsidies.SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        var claimId = (string)claim["claimId"]!;
        var needId = (string)(await scenario.Deal.NeedAsync())["needId"]!;

        using var prefecture = platform.Rest(await platform.OfficialAsync("1309"));
        Assert.Equal(HttpStatusCode.OK, (await prefecture.GetJsonAsync($"/api/v1/financing-needs/{needId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await prefecture.GetJsonAsync($"/api/v1/applications/{scenario.ApplicationId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await prefecture.GetJsonAsync($"/api/v1/subsidy-claims/{claimId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await prefecture.GetJsonAsync($"/api/v1/subsidy-claims?regionCode=130903&programId={programId}")).Status);
        // The district's own official reads the same without an entry.
        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.GetJsonAsync($"/api/v1/applications/{scenario.ApplicationId}")).Status);

        Assert.Equal("need.read", (string?)(await AuditLogTests.EventuallyLoggedAsync(prefecture, "financing-need/" + needId, 1))[0]["action"]);
        var applicationReads = await AuditLogTests.EventuallyLoggedAsync(prefecture, "application/" + scenario.ApplicationId, 1);
        Assert.Equal(("application.read", "1309"), ((string?)applicationReads[0]["action"], (string?)applicationReads[0]["actorRegion"]));
        Assert.Equal("claim.read", (string?)(await AuditLogTests.EventuallyLoggedAsync(prefecture, "subsidy-claim/" + claimId, 1))[0]["action"]);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!(await AuditLogTests.ReadLogAsync(prefecture, "subsidy-claims?regionCode=130903")).Any(e => ((string?)e["after"] ?? "").Contains(claimId, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "the list read of the claims was not logged");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
