using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// An enterprise's region decides which products, programmes and officials it has, so it cannot be
// whatever the firm says: it lies within the region of the authority that issued its credit code
// (characters 3-8), or an official of the target region places a firm that moved, with the reason kept.
public sealed class RegionOfRegistrationTests(Platform platform)
{
    [Fact]
    public async Task A_beijing_code_cannot_register_itself_in_yunhe()
    {
        var uscc = TestData.NewUscc("110105");
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));

        var (status, body) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, region: "130903"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["regionCode"], body.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, (await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}")).Status);
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("990101")]
    [InlineData("010105")]
    public async Task A_code_whose_region_digits_name_no_region_is_refused_even_with_an_override(string digits)
    {
        var uscc = TestData.NewUscc(digits);
        var body = Registration(uscc, "130903", "moved here");
        using var official = platform.Rest(await platform.OfficialAsync("130903"));

        var (status, refused) = await official.SendJsonAsync("/api/v1/enterprises", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("uscc", refused.ViolatedFields());
    }

    [Fact]
    public async Task A_code_of_the_prefecture_s_bureau_registers_in_any_of_its_districts()
    {
        var uscc = TestData.NewUscc("130900");
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var (status, body) = await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc, region: "130903"));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Null(body["regionOverride"]);
    }

    [Fact]
    public async Task An_official_of_the_region_places_a_firm_that_moved_and_the_reason_is_kept()
    {
        var uscc = TestData.NewUscc("110105");
        var body = Registration(uscc, "130903", "Moved from Chaoyang to Yunhe in 2024; licence re-issued locally, code kept");
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        using var elsewhere = platform.Rest(await platform.TokenAsync("official", "li-na", "110105"));
        using var official = platform.Rest(await platform.TokenAsync("official", "zhang-wei", "130903"));

        Assert.Equal(HttpStatusCode.BadRequest, (await enterprise.SendJsonAsync("/api/v1/enterprises", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendJsonAsync("/api/v1/enterprises", body)).Status);
        var (status, registered) = await official.SendJsonAsync("/api/v1/enterprises", body);

        Assert.True(status == HttpStatusCode.OK, registered.ToJsonString());
        Assert.Equal("130903", (string?)registered["regionCode"]);
        Assert.Equal("zhang-wei", (string?)registered["regionOverride"]!["official"]);
        Assert.StartsWith("Moved from Chaoyang", (string?)registered["regionOverride"]!["reason"], StringComparison.Ordinal);
        var (_, read) = await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}");
        Assert.Equal("zhang-wei", (string?)read["regionOverride"]!["official"]);
    }

    private static JsonObject Registration(string uscc, string region, string reason)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Api.Enterprise(uscc, region: region)))!.AsObject();
        body["regionOverrideReason"] = reason;
        return body;
    }
}
