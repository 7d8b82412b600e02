using System.Net;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// Every object-level rule, tried by the caller it should stop.
public sealed class AccessTests(Platform platform)
{
    [Fact]
    public async Task An_enterprise_reads_only_its_own_record()
    {
        var (own, other) = (TestData.NewUscc(), TestData.NewUscc());
        await RegisterAsync(own);
        await RegisterAsync(other);
        using var http = platform.Rest(await platform.TokenAsync("enterprise", own));

        Assert.Equal(HttpStatusCode.OK, (await http.GetJsonAsync($"/api/v1/enterprises/{own}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetJsonAsync($"/api/v1/enterprises/{other}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetJsonAsync("/api/v1/enterprises")).Status);
    }

    [Fact]
    public async Task A_bank_cannot_read_or_register_enterprises()
    {
        var uscc = TestData.NewUscc();
        await RegisterAsync(uscc);
        using var bank = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));

        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetJsonAsync($"/api/v1/enterprises/{uscc}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(TestData.NewUscc()))).Status);
    }

    [Fact]
    public async Task An_official_sees_only_inside_its_region()
    {
        var yunhe = TestData.NewUscc("130903");
        await RegisterAsync(yunhe);
        using var cangzhou = platform.Rest(await platform.OfficialAsync("1309"));
        using var hengshui = platform.Rest(await platform.OfficialAsync("1311"));
        using var yunheOfficial = platform.Rest(await platform.OfficialAsync("130903"));

        Assert.Equal(HttpStatusCode.OK, (await cangzhou.GetJsonAsync($"/api/v1/enterprises/{yunhe}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hengshui.GetJsonAsync($"/api/v1/enterprises/{yunhe}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await yunheOfficial.GetJsonAsync("/api/v1/enterprises?regionCode=13")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hengshui.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(TestData.NewUscc()))).Status);
    }

    [Fact]
    public async Task An_official_lists_the_enterprises_of_its_region_page_by_page()
    {
        // A region of its own, so the count does not depend on other tests.
        var region = "1309" + Random.Shared.Next(60, 99).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var official = platform.Rest(await platform.OfficialAsync(region));
        var registered = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var uscc = TestData.NewUscc(region);
            var (status, _) = await official.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, region: region));
            Assert.Equal(HttpStatusCode.OK, status);
            registered.Add(uscc);
        }

        var (first, page1) = await official.GetJsonAsync($"/api/v1/enterprises?regionCode={region}&pageSize=2");
        var (_, page2) = await official.GetJsonAsync($"/api/v1/enterprises?regionCode={region}&pageSize=2&pageToken={(string?)page1["nextPageToken"]}");
        var listed = page1["enterprises"]!.AsArray().Concat(page2["enterprises"]!.AsArray()).Select(e => (string)e!["uscc"]!).ToList();

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(registered.Order(StringComparer.Ordinal), listed);
        Assert.Equal("", (string?)page2["nextPageToken"]);
    }

    // A bank id is national and kept for good: a province-level official or the operator creates it, not
    // every district (any district official once could, under any id).
    [Fact]
    public async Task Only_province_officials_and_the_operator_create_banks()
    {
        foreach (var (role, subject, region, allowed) in new[]
        {
            ("enterprise", TestData.NewUscc(), (string?)null, false), ("bank", TestData.NewBankId(), null, false),
            ("official", "district-official", "130903", false), ("official", "city-official", "1309", false),
            ("official", "province-official", "13", true), ("operator", "platform-operator", null, true),
        })
        {
            using var http = platform.Rest(await platform.TokenAsync(role, subject, region));
            var bankId = TestData.NewBankId();
            var (status, _) = await http.SendJsonAsync("/api/v1/banks", new { bankId, name = "Shadow bank" });
            Assert.True(status == (allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden), $"{role} {region}: {status}");
        }
    }

    [Fact]
    public async Task A_bank_lists_products_only_on_its_own_shelf()
    {
        var (bankA, bankB) = (await platform.CreateBankAsync(), await platform.CreateBankAsync());
        using var asA = platform.Rest(await platform.TokenAsync("bank", bankA));
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));

        Assert.Equal(HttpStatusCode.Forbidden, (await asA.SendJsonAsync($"/api/v1/banks/{bankB}/products", Api.Product())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.SendJsonAsync($"/api/v1/banks/{bankB}/products", Api.Product())).Status);
        Assert.Empty((await asA.GetJsonAsync($"/api/v1/products?bankId={bankB}")).Body["products"]!.AsArray());
    }

    [Fact]
    public async Task A_product_for_a_bank_that_does_not_exist_gets_404()
    {
        var ghost = TestData.NewBankId();
        using var http = platform.Rest(await platform.TokenAsync("bank", ghost));

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendJsonAsync($"/api/v1/banks/{ghost}/products", Api.Product())).Status);
    }

    [Fact]
    public async Task An_official_registers_a_real_code_that_fails_its_check_with_an_audited_reason()
    {
        var code = TestData.WithWrongCheck(TestData.NewUscc());
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Api.Enterprise(code)))!.AsObject();
        body["checkOverrideReason"] = "Business licence inspected at the service window; code issued in 2016 before the check was enforced";
        using var official = platform.Rest(await platform.TokenAsync("official", "wang-li", "130903"));
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", code));

        var (asEnterprise, refused) = await enterprise.SendJsonAsync("/api/v1/enterprises", body);
        var (asOfficial, registered) = await official.SendJsonAsync("/api/v1/enterprises", body);

        Assert.Equal(HttpStatusCode.BadRequest, asEnterprise);
        Assert.Equal(["uscc"], refused.ViolatedFields());
        Assert.Equal(HttpStatusCode.OK, asOfficial);
        Assert.Equal("wang-li", (string?)registered["checkOverride"]!["official"]);
        Assert.StartsWith("Business licence inspected", (string?)registered["checkOverride"]!["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_does_not_excuse_a_code_with_bad_structure()
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Api.Enterprise("91130903MA0A1234I8")))!.AsObject();
        body["checkOverrideReason"] = "trust me";
        using var official = platform.Rest(await platform.OfficialAsync());

        var (status, error) = await official.SendJsonAsync("/api/v1/enterprises", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["uscc"], error.ViolatedFields());
    }

    private async Task RegisterAsync(string uscc)
    {
        using var http = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, body) = await http.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, region: uscc.Substring(2, 6)));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }
}
