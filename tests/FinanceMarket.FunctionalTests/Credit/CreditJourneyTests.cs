using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.Domain;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Credit;

// Credit data with consent, through the gateway as its users would go: a tax bureau's system imports a
// district's tax, social insurance and court records (bad rows refused by index, a repeat changing nothing);
// an enterprise sees its pre-credit; a bank without consent is refused, reads under the application's consent
// and is refused again once it is revoked; the read log lists exactly the reads; an enforcement record in
// force excludes a product; and a verified tax rating lets a need match a product its declared one would not.
public sealed class CreditJourneyTests(Platform platform)
{
    private static readonly DateOnly Today = ChinaTime.Today(TimeProvider.System);
    private static readonly int LastYear = Today.Year - 1;
    private static readonly string LastMonth = Today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Imported_data_verifies_matches_estimates_pre_credit_and_opens_only_to_a_consenting_bank()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var provider = platform.Rest(await platform.TokenAsync("provider", "tax-1309-" + Guid.NewGuid().ToString("N")[..6], "1309"));
        using var official = platform.Rest(await platform.OfficialAsync("130903"));

        // A thousand enterprises of the district; the first two are registered here and go on to need loans.
        var usccs = Enumerable.Range(0, 1000).Select(_ => TestData.NewUscc("130903")).ToList();
        var (rated, listed) = (usccs[0], usccs[1]);
        foreach (var uscc in new[] { rated, listed })
        {
            using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
            // Declared rating B; the tax bureau rates the first A.
            Assert.Equal(HttpStatusCode.OK, (await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, rating: "B"))).Status);
        }

        var tax = usccs.Select((u, i) => (object)new
        {
            uscc = u, year = LastYear, taxPaidFen = 3_123_456 + i, invoicedRevenueFen = 200_000_000 + i, taxCreditRating = i == 0 ? "A" : "B",
        }).ToList();
        tax.Add(new { uscc = "91130903MA0UXR02Q0", year = LastYear, taxPaidFen = 1, invoicedRevenueFen = 2 });
        tax.Add(new { uscc = TestData.NewUscc("130903"), year = Today.Year + 1, taxPaidFen = 1, invoicedRevenueFen = 2 });
        tax.Add(new { uscc = TestData.NewUscc("110105"), year = LastYear, taxPaidFen = 1, invoicedRevenueFen = 2 });
        tax.Add(new { uscc = TestData.NewUscc("130903"), year = LastYear, taxPaidFen = 1, invoicedRevenueFen = 2, taxCreditRating = "E" });
        var taxBatch = new { batchId = "tax-" + Guid.NewGuid().ToString("N"), kind = "TAX", records = tax };
        var (imported, answer) = await provider.SendJsonAsync("/api/v1/credit-data/imports", taxBatch);
        Assert.True(imported == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal((1004, 1000, false), ((int)answer["received"]!, (int)answer["accepted"]!, (bool)answer["repeated"]!));
        Assert.Equal(
            [(1000, "records[1000].uscc"), (1001, "records[1001].year"), (1002, "records[1002].uscc"), (1003, "records[1003].taxCreditRating")],
            answer["refused"]!.AsArray().Select(p => ((int)p!["index"]!, (string)p["field"]!)));
        Assert.Contains("outside this provider's region 1309", (string)answer["refused"]![2]!["message"]!);

        var employees = usccs.Select(u => new { uscc = u, month = LastMonth, insuredEmployees = 40 }).ToList();
        Assert.Equal(1000, (int)(await provider.SendJsonAsync("/api/v1/credit-data/imports",
            new { batchId = "si-" + Guid.NewGuid().ToString("N"), kind = "SOCIAL_INSURANCE", records = employees })).Body["accepted"]!);
        var court = new[]
        {
            new { uscc = listed, court = "沧州市运河区人民法院", caseNumber = $"({LastYear})冀0903执{Random.Shared.Next(1, 9999)}号", listedOn = Dates.Day(Today.AddMonths(-2)), amountFen = 8_000_000 },
        };
        Assert.Equal(1, (int)(await provider.SendJsonAsync("/api/v1/credit-data/imports",
            new { batchId = "court-" + Guid.NewGuid().ToString("N"), kind = "ENFORCEMENT", records = court })).Body["accepted"]!);

        // The same batch again: the first answer, said to be a repeat, and the records as they were.
        using var ratedClient = platform.Rest(await platform.TokenAsync("enterprise", rated));
        var (_, before) = await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile");
        var (_, again) = await provider.SendJsonAsync("/api/v1/credit-data/imports", taxBatch);
        Assert.Equal((true, (string)answer["importedAt"]!, 1000), ((bool)again["repeated"]!, (string)again["importedAt"]!, (int)again["accepted"]!));
        var (_, after) = await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile");
        Assert.Equal(before["tax"]!.ToJsonString(), after["tax"]!.ToJsonString());
        Assert.Equal(("A", LastYear, 40), ((string)after["verified"]!["taxCreditRating"]!, (int)after["verified"]!["taxRatingYear"]!, (int)after["verified"]!["insuredEmployees"]!));
        Assert.Equal("tax-1309", ((string)after["tax"]![0]!["source"]!["providerId"]!)[..8]);

        // A bank's product for A-rated firms that refuses enforcement records (the default) and offers pre-credit.
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product("Verified tax loan");
        product["eligibility"]!["minTaxCreditRating"] = "A";
        product["preCredit"] = new JsonObject { ["taxPaidMultiple"] = 5, ["invoicedRevenueShareBp"] = 2000 };
        var productId = (string)(await platform.ListProductAsync(bankId, product))["productId"]!;
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));

        // The registry says B, which the product refuses; the tax data says A, and the need matches it, saying why.
        Assert.Equal("B", (string)(await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}")).Body["taxCreditRating"]!);
        var needId = await PostNeedAsync(ratedClient, rated);
        var (_, explained) = await ratedClient.GetJsonAsync($"/api/v1/financing-needs/{needId}/products/{productId}");
        Assert.True((bool)explained["matched"]!, explained.ToJsonString());
        Assert.Contains($"tax rating A, verified by tax data {LastYear}", explained["reasons"]!.AsArray().Select(r => (string)r!));

        // The firm with a court record in force: the same product excludes it, with the reason.
        using var listedClient = platform.Rest(await platform.TokenAsync("enterprise", listed));
        var (_, refused) = await listedClient.GetJsonAsync($"/api/v1/financing-needs/{await PostNeedAsync(listedClient, listed)}/products/{productId}");
        Assert.False((bool)refused["matched"]!);
        Assert.Contains("ENFORCEMENT_RECORD", refused["details"]!.AsArray().Select(d => (string)d!["code"]!));

        // Its pre-credit, from its own data without anyone's consent: 5 × 31,234.56 yuan = 156,172.80 yuan,
        // below 20 % of 2,000,000 yuan and the product's 3,000,000 yuan; rounded down to the 万元.
        // The shelf is shared with other tests' products that offer pre-credit: every page is read. The shelf
        // view learns of a listing from its event, a moment later under load: the pages are read again until then.
        JsonNode? estimate = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); estimate is null; await Task.Delay(estimate is null ? 200 : 0, TestContext.Current.CancellationToken))
        {
            for (var token = ""; ;)
            {
                var (_, preCredit) = await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}/pre-credit?pageSize=100&pageToken={token}");
                estimate = preCredit["estimates"]!.AsArray().SingleOrDefault(e => (string)e!["productId"]! == productId);
                token = (string)preCredit["nextPageToken"]!;
                if (estimate is not null || token.Length == 0)
                {
                    break;
                }
            }

            Assert.True(estimate is not null || DateTime.UtcNow < deadline, "the product's estimate is on no page");
        }

        Assert.Equal((15_000_000L, "TAX_PAID_MULTIPLE"), ((long)estimate["estimateFen"]!, (string)estimate["limitedBy"]!));
        Assert.Equal(15_617_280L, (long)estimate["parts"]!.AsArray().Single(p => (string)p!["name"]! == "TAX_PAID_MULTIPLE")!["amountFen"]!);

        // No consent, no profile; the application is the consent; revoked, no profile again.
        var (denied, why) = await bank.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile");
        Assert.True(denied == HttpStatusCode.Forbidden, why.ToJsonString());
        Assert.Contains("no consent", (string)why["message"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetJsonAsync($"/api/v1/enterprises/{rated}/pre-credit")).Status);
        var (applied, application) = await ratedClient.SendJsonAsync("/api/v1/applications", new { needId, productId, consentToCreditQuery = true });
        Assert.True(applied == HttpStatusCode.OK, application.ToJsonString());
        var (read, profile) = await bank.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile");
        Assert.True(read == HttpStatusCode.OK, profile.ToJsonString());
        var consentId = (string)profile["consentId"]!;
        var (_, consents) = await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}/consents");
        var consent = Assert.Single(consents["consents"]!.AsArray())!;
        Assert.Equal((consentId, "APPLICATION", (string)application["applicationId"]!, Dates.Day(Today.AddDays(30)), true),
            ((string)consent["consentId"]!, (string)consent["purpose"]!, (string)consent["applicationId"]!, (string)consent["expiresOn"]!, (bool)consent["live"]!));
        Assert.Equal(HttpStatusCode.OK, (await official.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile")).Status);

        var (revoked, revokedConsent) = await ratedClient.SendJsonAsync($"/api/v1/enterprises/{rated}/consents/{consentId}:revoke", new { });
        Assert.True(revoked == HttpStatusCode.OK && !(bool)revokedConsent["live"]!, revokedConsent.ToJsonString());
        var (deniedAgain, whyAgain) = await bank.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile");
        Assert.Equal(HttpStatusCode.Forbidden, deniedAgain);
        Assert.Contains("revoked", (string)whyAgain["message"]!);

        // The application's event, delivered after the revocation, brings no second consent.
        await Task.Delay(500, cancel);
        Assert.Single((await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}/consents")).Body["consents"]!.AsArray());

        // Exactly the two reads that happened, newest first: the official's, then the bank's under its consent.
        var (_, reads) = await ratedClient.GetJsonAsync($"/api/v1/enterprises/{rated}/credit-profile/reads");
        Assert.Equal(
            [("official", "130903", "CREDIT_PROFILE", ""), ("bank", bankId, "CREDIT_PROFILE", consentId)],
            reads["reads"]!.AsArray().Select(r => ((string)r!["readerRole"]!, (string)r["readerId"]! == bankId ? bankId : (string)r["readerName"]!, (string)r["scope"]!, (string)r["consentId"]!)));

        // The enterprise heard of both reads, and the bank of the consent and its revocation, in their inboxes.
        Assert.Equal(2, await NoticesAsync(ratedClient, "CREDIT_DATA_READ", 2));
        Assert.Equal(1, await NoticesAsync(bank, "CREDIT_CONSENT_REVOKED", 1));

        // The declared B against the data's A is listed for the district's officials (and the declared 45 staff
        // against 40 insured, more than a tenth apart).
        JsonNode? discrepancy = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); discrepancy is null && DateTime.UtcNow < deadline; await Task.Delay(100, cancel))
        {
            var (_, found) = await official.GetJsonAsync("/api/v1/credit-data/discrepancies?regionCode=130903&pageSize=100");
            discrepancy = found["discrepancies"]!.AsArray().FirstOrDefault(d => (string)d!["uscc"]! == rated && (string)d["field"]! == "TAX_CREDIT_RATING");
        }

        Assert.NotNull(discrepancy);
        Assert.Equal(("TAX_CREDIT_RATING", "B", "A", $"tax {LastYear}"),
            ((string)discrepancy["field"]!, (string)discrepancy["declared"]!, (string)discrepancy["verified"]!, (string)discrepancy["verifiedBy"]!));
    }

    // How many notices of a kind the caller's inbox holds, once it holds the expected number (or 20 s passed).
    private static async Task<int> NoticesAsync(HttpClient reader, string kind, int expected)
    {
        var count = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); count < expected && DateTime.UtcNow < deadline; await Task.Delay(100, TestContext.Current.CancellationToken))
        {
            var (_, inbox) = await reader.GetJsonAsync("/api/v1/notifications?pageSize=100");
            count = inbox["notifications"]!.AsArray().Count(n => (string)n!["kind"]! == kind);
        }

        return count;
    }

    private static async Task<string> PostNeedAsync(HttpClient enterprise, string uscc)
    {
        var (status, need) = await enterprise.SendJsonAsync("/api/v1/financing-needs", new { uscc, amountFen = 50_000_000, termMonths = 12, purpose = "设备更新" });
        Assert.True(status == HttpStatusCode.OK, need.ToJsonString());
        return (string)need["needId"]!;
    }
}
