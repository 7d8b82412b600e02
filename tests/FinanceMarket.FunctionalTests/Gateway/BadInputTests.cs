using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// Every class of bad input gets 400 naming the field, never a 500, and nothing is stored.
public sealed class BadInputTests(Platform platform)
{
    public static TheoryData<string, string, JsonNode?> BadProducts => new()
    {
        { "negative amount", "minAmountFen", -100 },
        { "absurd amount", "maxAmountFen", 100_000_000_000_000_000 },
        { "empty name", "name", "" },
        { "oversized name", "name", new string('x', 201) },
        { "control characters", "name", "Loan\u0007" },
        { "zero term", "minTermMonths", 0 },
        { "term past 30 years", "maxTermMonths", 361 },
        { "absurd spread", "rateSpreadBp", 5000 },
        { "no decision deadline", "decisionSlaDays", 0 },
        { "deadline past a month", "decisionSlaDays", 40 },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task A_bad_product_field_gets_400_naming_it_and_the_shelf_stays_empty(string why, string field, JsonNode? value)
    {
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product(why);
        product[field] = value?.DeepClone();

        var (status, body) = await SubmitProductAsync(bankId, product);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, body.ViolatedFields());
        await AssertShelfEmptyAsync(bankId);
    }

    [Fact]
    public async Task Minimum_above_maximum_gets_400_for_amounts_and_terms()
    {
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product();
        product["minAmountFen"] = 500_000_000;
        product["maxAmountFen"] = 100_000_000;
        product["minTermMonths"] = 24;
        product["maxTermMonths"] = 12;

        var (status, body) = await SubmitProductAsync(bankId, product);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["maxAmountFen", "maxTermMonths"], body.ViolatedFields());
        await AssertShelfEmptyAsync(bankId);
    }

    [Fact]
    public async Task Bad_eligibility_codes_are_named_by_position()
    {
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product();
        product["eligibility"]!["industryCodes"] = new JsonArray("C", "Z99", "F53");
        product["eligibility"]!["regionCodes"] = new JsonArray("1309", "130");
        product["eligibility"]!["minYearsInOperation"] = -1;

        var (status, body) = await SubmitProductAsync(bankId, product);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["eligibility.industryCodes[1]", "eligibility.industryCodes[2]", "eligibility.regionCodes[1]", "eligibility.minYearsInOperation"],
            body.ViolatedFields());
        await AssertShelfEmptyAsync(bankId);
    }

    [Theory]
    [InlineData("kind", "LOAN")]
    [InlineData("kind", "PRODUCT_KIND_UNSPECIFIED")]
    public async Task An_unknown_or_missing_enum_value_gets_400(string field, string value)
    {
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product();
        product[field] = value;

        var (status, _) = await SubmitProductAsync(bankId, product);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        await AssertShelfEmptyAsync(bankId);
    }

    [Fact]
    public async Task A_flood_of_bad_entries_gets_a_bounded_400_over_grpc_too()
    {
        var bankId = await platform.CreateBankAsync();
        using var channel = platform.Grpc();
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var request = new Catalog.V1.ListProductRequest
        {
            BankId = bankId, Name = "Flood", Kind = Common.V1.ProductKind.Credit, MinAmountFen = 1, MaxAmountFen = 2,
            MinTermMonths = 1, MaxTermMonths = 2, DecisionSlaDays = 1, Eligibility = new Catalog.V1.Eligibility(),
        };
        request.Eligibility.SizeClasses.AddRange(Enumerable.Repeat(Common.V1.SizeClass.Unspecified, 300));
        request.Eligibility.IndustryCodes.AddRange(Enumerable.Range(0, 50).Select(i => "Z" + i));

        var ex = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await catalog.ListProductAsync(
            request, Platform.Bearer(await platform.TokenAsync("bank", bankId)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, ex.StatusCode);
        await AssertShelfEmptyAsync(bankId);
    }

    [Fact]
    public async Task Malformed_json_gets_400()
    {
        var bankId = await platform.CreateBankAsync();
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        using var content = new StringContent("{\"name\": \"Loan\", \"minAmountFen\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await bank.PostAsync($"/api/v1/banks/{bankId}/products", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertShelfEmptyAsync(bankId);
    }

    public static TheoryData<string, string, JsonNode?> BadEnterprises => new()
    {
        { "industry section", "industryCode", "Z9" },
        { "industry division outside its section", "industryCode", "C12" },
        { "industry section the size standard splits", "industryCode", "F" },
        { "region prefix instead of region", "regionCode", "1309" },
        { "negative staff", "employees", -1 },
        { "absurd staff", "employees", 50_000_000 },
        { "negative revenue", "annualRevenueFen", -1 },
        { "absurd assets", "totalAssetsFen", 9_000_000_000_000_000_000 },
        { "established in the future", "establishedOn", "2999-01-01" },
        { "not a date", "establishedOn", "2020-02-30" },
        { "empty name", "name", " " },
        { "missing rating", "taxCreditRating", "TAX_CREDIT_RATING_UNSPECIFIED" },
    };

    [Theory]
    [MemberData(nameof(BadEnterprises))]
    public async Task A_bad_enterprise_field_gets_400_naming_it_and_nothing_is_stored(string why, string field, JsonNode? value)
    {
        var uscc = TestData.NewUscc();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Api.Enterprise(uscc)))!.AsObject();
        body[field] = value?.DeepClone();
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));

        var (status, error) = await enterprise.SendJsonAsync("/api/v1/enterprises", body);
        var (readStatus, _) = await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}");

        Assert.True(status == HttpStatusCode.BadRequest, $"{why}: {status} {error.ToJsonString()}");
        Assert.Contains(field, error.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, readStatus);
    }

    [Fact]
    public async Task Several_bad_fields_are_all_named_in_one_answer()
    {
        var uscc = TestData.NewUscc();
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, error) = await enterprise.SendJsonAsync("/api/v1/enterprises",
            Api.Enterprise(uscc, industry: "?", region: "x", employees: -5, established: "yesterday"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["industryCode", "regionCode", "employees", "establishedOn"], error.ViolatedFields());
    }

    [Theory]
    [InlineData("/api/v1/products?pageSize=1000", "pageSize")]
    [InlineData("/api/v1/products?pageSize=-1", "pageSize")]
    [InlineData("/api/v1/products?pageToken=not-ours", "pageToken")]
    [InlineData("/api/v1/banks?pageSize=101", "pageSize")]
    [InlineData("/api/v1/products?bankId=Not%20A%20Bank", "bankId")]
    public async Task A_bad_query_gets_400_naming_the_parameter(string path, string field)
    {
        using var http = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        var (status, body) = await http.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], body.ViolatedFields());
    }

    [Theory]
    [InlineData("UPPER-CASE")]
    [InlineData("a")]
    [InlineData("-leading-hyphen")]
    public async Task A_bad_bank_id_gets_400(string bankId)
    {
        using var official = platform.Rest(await platform.OfficialAsync("13"));
        var (status, body) = await official.SendJsonAsync("/api/v1/banks", new { bankId, name = "Some bank" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["bankId"], body.ViolatedFields());
    }

    [Fact]
    public async Task A_product_id_that_is_not_one_gets_400_and_an_unknown_one_404()
    {
        using var http = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        var (malformed, body) = await http.GetJsonAsync("/api/v1/products/nonsense");
        var (unknown, _) = await http.GetJsonAsync($"/api/v1/products/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Equal(["productId"], body.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_reaches_a_service()
    {
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product();
        product["name"] = new string('x', 2 * 1024 * 1024);

        var (status, _) = await SubmitProductAsync(bankId, product);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        await AssertShelfEmptyAsync(bankId);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> SubmitProductAsync(string bankId, JsonObject product)
    {
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        return await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products", product);
    }

    private async Task AssertShelfEmptyAsync(string bankId)
    {
        using var http = platform.Rest(await platform.TokenAsync("bank", bankId));
        var (_, listed) = await http.GetJsonAsync($"/api/v1/products?bankId={bankId}");
        var (_, delisted) = await http.GetJsonAsync($"/api/v1/products?bankId={bankId}&status=DELISTED");
        Assert.Empty(listed["products"]!.AsArray());
        Assert.Empty(delisted["products"]!.AsArray());
    }
}
