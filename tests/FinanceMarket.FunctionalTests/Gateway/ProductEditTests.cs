using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using Grpc.Core;

namespace FinanceMarket.FunctionalTests.Gateway;

// A bank edits a listed product (PUT with the version it read): checked as a listing is, only by that bank,
// never on a delisted product, and never over an edit made since it read the product.
public sealed class ProductEditTests(Platform platform)
{
    [Fact]
    public async Task A_bank_edits_its_product_and_reads_it_back_at_the_next_version()
    {
        var (bankId, listed) = await ListedAsync();
        using var bank = await BankAsync(bankId);
        var productId = (string)listed["productId"]!;
        var edit = Api.Product("Tax-based credit loan, larger");
        edit["kind"] = "CREDIT";
        edit["maxAmountFen"] = 900_000_000;
        edit["rateSpreadBp"] = -20;
        edit["eligibility"]!["regionCodes"] = new JsonArray("1309", "1311");
        edit["eligibility"]!["sizeClasses"] = new JsonArray("MEDIUM", "SMALL", "MICRO");

        var (status, edited) = await bank.EditProductAsync(bankId, productId, edit, expectedVersion: 1);
        var (_, read) = await bank.GetJsonAsync($"/api/v1/products/{productId}");

        Assert.True(status == HttpStatusCode.OK, edited.ToJsonString());
        foreach (var product in new[] { edited, read })
        {
            Assert.Equal(productId, (string?)product["productId"]);
            Assert.Equal("2", product["version"]!.ToString());
            Assert.Equal("LISTED", (string?)product["status"]);
            Assert.Equal("Tax-based credit loan, larger", (string?)product["name"]);
            Assert.Equal("CREDIT", (string?)product["kind"]);
            Assert.Equal("900000000", product["maxAmountFen"]!.ToString());
            Assert.Equal(-20, (int)product["rateSpreadBp"]!);
            Assert.Equal(["1309", "1311"], product["eligibility"]!["regionCodes"]!.AsArray().Select(c => (string)c!));
            Assert.Equal(["MEDIUM", "SMALL", "MICRO"], product["eligibility"]!["sizeClasses"]!.AsArray().Select(c => (string)c!));
            Assert.Equal((string?)listed["listedAt"], (string?)product["listedAt"]);
            Assert.False(string.IsNullOrEmpty((string?)product["updatedAt"]));
        }

        var (_, shelf) = await bank.GetJsonAsync($"/api/v1/products?bankId={bankId}&kind=CREDIT");
        Assert.Equal(productId, (string?)Assert.Single(shelf["products"]!.AsArray())!["productId"]);
    }

    public static TheoryData<string, string, JsonNode?, string[]> BadEdits => new()
    {
        { "minimum above maximum", "minAmountFen", 400_000_000, ["maxAmountFen"] },
        { "empty name", "name", " ", ["name"] },
        { "deadline past a month", "decisionSlaDays", 40, ["decisionSlaDays"] },
        { "unknown kind", "kind", "PRODUCT_KIND_UNSPECIFIED", ["kind"] },
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public async Task A_bad_edit_gets_400_with_the_listing_s_own_messages_and_changes_nothing(string why, string field, JsonNode? value, string[] fields)
    {
        var (bankId, listed) = await ListedAsync();
        using var bank = await BankAsync(bankId);
        var edit = Api.Product(why);
        edit[field] = value?.DeepClone();

        var (status, refused) = await bank.EditProductAsync(bankId, (string)listed["productId"]!, edit, expectedVersion: 1);
        var (_, asListing) = await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products", edit);

        Assert.True(status == HttpStatusCode.BadRequest, $"{why}: {status} {refused.ToJsonString()}");
        Assert.Equal(fields, refused.ViolatedFields());
        Assert.Equal(Violations(asListing), Violations(refused));
        await AssertUnchangedAsync(bank, listed);
    }

    [Fact]
    public async Task Bad_codes_and_a_missing_version_are_all_named_in_one_answer()
    {
        var (bankId, listed) = await ListedAsync();
        using var bank = await BankAsync(bankId);
        var edit = Api.Product();
        edit["eligibility"]!["industryCodes"] = new JsonArray("C", "Z99");
        edit["eligibility"]!["regionCodes"] = new JsonArray("130");

        var (missing, withoutVersion) = await bank.EditProductAsync(bankId, (string)listed["productId"]!, edit, expectedVersion: null);
        var (zero, withZero) = await bank.EditProductAsync(bankId, (string)listed["productId"]!, Api.Product(), expectedVersion: 0);

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal(["expectedVersion", "eligibility.industryCodes[1]", "eligibility.regionCodes[0]"], withoutVersion.ViolatedFields());
        Assert.Equal(HttpStatusCode.BadRequest, zero);
        Assert.Equal(["expectedVersion"], withZero.ViolatedFields());
        await AssertUnchangedAsync(bank, listed);
    }

    [Fact]
    public async Task Another_bank_an_enterprise_and_an_official_get_403_and_the_product_stays_as_it_was()
    {
        var (bankId, listed) = await ListedAsync();
        var productId = (string)listed["productId"]!;
        var otherBank = await platform.CreateBankAsync();
        using var asOtherBank = platform.Rest(await platform.TokenAsync("bank", otherBank));
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        using var official = platform.Rest(await platform.OfficialAsync());
        var edit = Api.Product("Hijacked");

        // Through the owner's path (not that bank) and through its own (not its product): both refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await asOtherBank.EditProductAsync(bankId, productId, edit, 1)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOtherBank.EditProductAsync(otherBank, productId, edit, 1)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.EditProductAsync(bankId, productId, edit, 1)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await official.EditProductAsync(bankId, productId, edit, 1)).Status);
        await AssertUnchangedAsync(asOtherBank, listed);
    }

    [Fact]
    public async Task A_delisted_product_cannot_be_edited_and_an_unknown_one_is_404()
    {
        var (bankId, listed) = await ListedAsync();
        using var bank = await BankAsync(bankId);
        var productId = (string)listed["productId"]!;
        var (delisted, _) = await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{productId}:delist", new { });

        var (status, refused) = await bank.EditProductAsync(bankId, productId, Api.Product("Back from the dead"), expectedVersion: 2);
        var (unknown, _) = await bank.EditProductAsync(bankId, Guid.CreateVersion7().ToString(), Api.Product(), expectedVersion: 1);
        var (malformed, notAnId) = await bank.EditProductAsync(bankId, "nonsense", Api.Product(), expectedVersion: 1);
        var (_, read) = await bank.GetJsonAsync($"/api/v1/products/{productId}");

        Assert.Equal(HttpStatusCode.OK, delisted);
        // FAILED_PRECONDITION, which JSON transcoding answers with 400 and no field to blame.
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((int)StatusCode.FailedPrecondition, (int)refused["code"]!);
        Assert.Contains("delisted", (string?)refused["message"], StringComparison.Ordinal);
        Assert.Empty(refused.ViolatedFields());
        Assert.Equal("DELISTED", (string?)read["status"]);
        Assert.Equal((string?)listed["name"], (string?)read["name"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Equal(["productId"], notAnId.ViolatedFields());
    }

    [Fact]
    public async Task An_edit_from_a_stale_version_gets_409_and_keeps_the_other_officer_s_edit()
    {
        var (bankId, listed) = await ListedAsync();
        using var bank = await BankAsync(bankId);
        var productId = (string)listed["productId"]!;
        var (first, _) = await bank.EditProductAsync(bankId, productId, Api.Product("First officer's edit"), expectedVersion: 1);

        var (second, conflict) = await bank.EditProductAsync(bankId, productId, Api.Product("Second officer's edit"), expectedVersion: 1);
        var (ahead, _) = await bank.EditProductAsync(bankId, productId, Api.Product("From the future"), expectedVersion: 7);
        using var channel = platform.Grpc();
        var overGrpc = await Assert.ThrowsAsync<RpcException>(async () => await new Catalog.V1.Catalog.CatalogClient(channel).UpdateProductAsync(
            new Catalog.V1.UpdateProductRequest
            {
                BankId = bankId, ProductId = productId, ExpectedVersion = 1, Name = "Over gRPC", Kind = Common.V1.ProductKind.Credit,
                MinAmountFen = 1, MaxAmountFen = 2, MinTermMonths = 1, MaxTermMonths = 2, DecisionSlaDays = 1,
            },
            Platform.Bearer(await platform.TokenAsync("bank", bankId)), cancellationToken: TestContext.Current.CancellationToken));
        var (_, read) = await bank.GetJsonAsync($"/api/v1/products/{productId}");

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Contains("read it again", (string?)conflict["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, ahead);
        Assert.Equal(StatusCode.Aborted, overGrpc.StatusCode);
        Assert.Equal("First officer's edit", (string?)read["name"]);
        Assert.Equal("2", read["version"]!.ToString());
    }

    [Fact]
    public async Task An_application_on_terms_edited_since_the_match_that_no_longer_fit_the_need_is_refused()
    {
        using var scenario = await Matching.MatchingScenario.CreateAsync(platform);
        var need = await scenario.NeedAsync(amountFen: 50_000_000);
        Assert.NotNull(await scenario.FindMatchAsync(need, scenario.ProductId));
        var smaller = Api.Product();
        smaller["maxAmountFen"] = 30_000_000;
        var (edited, body) = await scenario.Bank.EditProductAsync(scenario.BankId, scenario.ProductId, smaller, expectedVersion: 1);
        Assert.True(edited == HttpStatusCode.OK, body.ToJsonString());

        var (status, refused) = await scenario.Enterprise.SendJsonAsync("/api/v1/applications",
            new { needId = (string)need["needId"]!, productId = scenario.ProductId, consentToCreditQuery = true });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("on its terms as they are now", (string?)refused["message"], StringComparison.Ordinal);
        Assert.Contains("maximum 300,000 yuan", (string?)refused["message"], StringComparison.Ordinal);
        var (_, inbox) = await scenario.Bank.GetJsonAsync($"/api/v1/banks/{scenario.BankId}/applications");
        Assert.Empty(inbox["applications"]?.AsArray() ?? []);
    }

    private async Task<(string BankId, JsonObject Listed)> ListedAsync()
    {
        var bankId = await platform.CreateBankAsync();
        return (bankId, await platform.ListProductAsync(bankId));
    }

    private async Task<HttpClient> BankAsync(string bankId) => platform.Rest(await platform.TokenAsync("bank", bankId));

    private static List<string> Violations(JsonObject body) =>
        body["details"]!.AsArray().SelectMany(d => d?["fieldViolations"]?.AsArray() ?? [])
            .Select(v => $"{v!["field"]}: {v["description"]}").ToList();

    private static async Task AssertUnchangedAsync(HttpClient http, JsonObject listed)
    {
        var (status, read) = await http.GetJsonAsync($"/api/v1/products/{listed["productId"]}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(listed.ToJsonString(), read.ToJsonString());
    }
}
