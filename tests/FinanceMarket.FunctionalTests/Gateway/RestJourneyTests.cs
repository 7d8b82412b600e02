using System.Net;
using System.Net.Http.Headers;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// The issue's acceptance path with REST alone, through the gateway.
public sealed class RestJourneyTests(Platform platform)
{
    [Fact]
    public async Task Health_answers_200_once_every_service_is_ready()
    {
        using var http = platform.Rest();
        using var response = await http.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_entry_page_is_served_at_the_root()
    {
        using var http = platform.Rest();
        using var response = await http.GetAsync("/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("金融超市", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/products")]
    [InlineData("/api/v1/banks")]
    [InlineData("/api/v1/enterprises/91350100M000100Y43")]
    public async Task No_token_gets_401(string path)
    {
        using var http = platform.Rest();
        var (status, _) = await http.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task A_malformed_or_forged_token_gets_401(string token)
    {
        using var http = platform.Rest(token);
        var (status, _) = await http.GetJsonAsync("/api/v1/products");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_401()
    {
        var foreign = new ServiceDefaults.Security.LocalTokenIssuer(
            new ServiceDefaults.Security.AuthOptions { SigningKey = TestData.NewSigningKey() }, TimeProvider.System);
        using var http = platform.Rest(foreign.Issue("official", "mallory", "13"));
        var (status, _) = await http.SendJsonAsync("/api/v1/banks", new { bankId = TestData.NewBankId(), name = "Forged" });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Official_creates_a_bank_the_bank_lists_a_product_an_enterprise_registers_and_browses_the_shelf()
    {
        var bankId = await platform.CreateBankAsync();
        var product = await platform.ListProductAsync(bankId);
        Assert.Equal("LISTED", (string?)product["status"]);
        Assert.Equal(300_000_000L, (long)product["maxAmountFen"]!);
        Assert.Equal(bankId, (string?)product["bankId"]);

        var uscc = TestData.NewUscc();
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, registered) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, employees: 45, revenueFen: 1_200_000_000));
        Assert.Equal(HttpStatusCode.OK, status);
        // Manufacturing with 45 staff and 1,200 万元 revenue: at least 20 and 300 (small), not 300 and 2,000 (medium).
        Assert.Equal("SMALL", (string?)registered["sizeClass"]);

        var (shelfStatus, shelf) = await enterprise.GetJsonAsync($"/api/v1/products?bankId={bankId}");
        Assert.Equal(HttpStatusCode.OK, shelfStatus);
        var listed = Assert.Single(shelf["products"]!.AsArray());
        Assert.Equal((string?)product["productId"], (string?)listed!["productId"]);

        var (readStatus, read) = await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}");
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal("SMALL", (string?)read["sizeClass"]);
    }

    [Fact]
    public async Task An_invalid_credit_code_gets_400_naming_the_field_and_nothing_is_stored()
    {
        var bad = TestData.WithWrongCheck(TestData.NewUscc());
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", bad));
        var (status, body) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(bad));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["uscc"], body.ViolatedFields());
        Assert.Contains("check character", (string?)body["message"], StringComparison.Ordinal);

        using var official = platform.Rest(await platform.OfficialAsync());
        var (readStatus, _) = await official.GetJsonAsync($"/api/v1/enterprises/{bad}");
        Assert.Equal(HttpStatusCode.NotFound, readStatus);
    }

    [Fact]
    public async Task The_same_credit_code_twice_gets_409()
    {
        var uscc = TestData.NewUscc();
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (first, _) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc));
        var (second, body) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, employees: 500));

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Contains(uscc, (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bank_A_delisting_bank_B_product_gets_403_and_the_product_stays_listed()
    {
        var bankA = await platform.CreateBankAsync();
        var bankB = await platform.CreateBankAsync();
        var productId = (string)(await platform.ListProductAsync(bankB))["productId"]!;
        using var asBankA = platform.Rest(await platform.TokenAsync("bank", bankA));

        var (throughB, _) = await asBankA.SendJsonAsync($"/api/v1/banks/{bankB}/products/{productId}:delist", new { });
        var (throughA, _) = await asBankA.SendJsonAsync($"/api/v1/banks/{bankA}/products/{productId}:delist", new { });
        var (_, product) = await asBankA.GetJsonAsync($"/api/v1/products/{productId}");

        Assert.Equal(HttpStatusCode.Forbidden, throughB);
        Assert.Equal(HttpStatusCode.Forbidden, throughA);
        Assert.Equal("LISTED", (string?)product["status"]);
    }

    [Fact]
    public async Task A_bank_delists_its_own_product_and_the_shelf_no_longer_shows_it()
    {
        var bankId = await platform.CreateBankAsync();
        var productId = (string)(await platform.ListProductAsync(bankId))["productId"]!;
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));

        var (status, delisted) = await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{productId}:delist", new { });
        var (again, repeated) = await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products/{productId}:delist", new { });
        var (_, shelf) = await bank.GetJsonAsync($"/api/v1/products?bankId={bankId}");
        var (_, delistedShelf) = await bank.GetJsonAsync($"/api/v1/products?bankId={bankId}&status=DELISTED");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DELISTED", (string?)delisted["status"]);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal((long)delisted["version"]!, (long)repeated["version"]!);
        Assert.Empty(shelf["products"]!.AsArray());
        Assert.Single(delistedShelf["products"]!.AsArray());
    }

    [Fact]
    public async Task Enterprise_X_registering_as_Y_gets_403_and_nothing_is_stored()
    {
        var x = TestData.NewUscc();
        var y = TestData.NewUscc();
        using var asX = platform.Rest(await platform.TokenAsync("enterprise", x));
        var (status, _) = await asX.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(y));

        using var official = platform.Rest(await platform.OfficialAsync());
        var (readStatus, _) = await official.GetJsonAsync($"/api/v1/enterprises/{y}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.NotFound, readStatus);
    }

    [Fact]
    public async Task The_shelf_pages_with_an_opaque_token()
    {
        var bankId = await platform.CreateBankAsync();
        for (var i = 0; i < 5; i++)
        {
            await platform.ListProductAsync(bankId, Api.Product($"Product {i}"));
        }

        using var http = platform.Rest(await platform.TokenAsync("bank", bankId));
        var names = new List<string>();
        var token = "";
        do
        {
            var (status, page) = await http.GetJsonAsync($"/api/v1/products?bankId={bankId}&pageSize=2&pageToken={token}");
            Assert.Equal(HttpStatusCode.OK, status);
            names.AddRange(page["products"]!.AsArray().Select(p => (string)p!["name"]!));
            token = (string?)page["nextPageToken"] ?? "";
        }
        while (token.Length > 0);

        Assert.Equal(["Product 0", "Product 1", "Product 2", "Product 3", "Product 4"], names);
    }

    [Fact]
    public async Task A_demo_token_with_an_unknown_role_gets_400()
    {
        using var http = platform.Rest();
        var (status, body) = await http.SendJsonAsync("/api/v1/dev/tokens", new { role = "admin", subject = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("role", body.ViolatedFields());
    }

    [Fact]
    public async Task Tokens_are_read_from_the_Bearer_scheme_only()
    {
        using var http = platform.Rest();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "b2ZmaWNpYWw6eA==");
        var (status, _) = await http.GetJsonAsync("/api/v1/products");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
