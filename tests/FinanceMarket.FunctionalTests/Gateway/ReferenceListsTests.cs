using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// What the pages' pickers and date reasoning read: the industry and region code lists with their names,
// and the platform's date.
public sealed class ReferenceListsTests(Platform platform)
{
    [Fact]
    public async Task The_industry_list_holds_every_section_then_its_divisions_with_their_names()
    {
        using var http = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));

        var (status, body) = await http.GetJsonAsync("/api/v1/industries");

        Assert.Equal(HttpStatusCode.OK, status);
        var industries = body["industries"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(20 + 97, industries.Count);
        Assert.Equal(20, industries.Count(i => ((string)i["code"]!).Length == 1));
        var manufacturing = industries.FindIndex(i => (string?)i["code"] == "C");
        Assert.Equal("制造业", (string?)industries[manufacturing]["name"]);
        Assert.Equal("C13", (string?)industries[manufacturing + 1]["code"]);
        Assert.Contains(industries, i => (string?)i["code"] == "C36" && (string?)i["name"] == "汽车制造业" && (string?)i["englishName"] == "Motor vehicles");
    }

    [Fact]
    public async Task The_region_list_names_the_provinces_and_the_deployments_counties_and_narrows_to_a_prefix()
    {
        using var http = platform.Rest(await platform.OfficialAsync("130903"));

        var (status, all) = await http.GetJsonAsync("/api/v1/regions");
        Assert.Equal(HttpStatusCode.OK, status);
        var codes = all["regions"]!.AsArray().Select(r => (string)r!["code"]!).ToList();
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Contains("13", codes);
        Assert.Contains("82", codes);

        var (_, cangzhou) = await http.GetJsonAsync("/api/v1/regions?within=1309");
        var regions = cangzhou["regions"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal("1309", (string?)regions[0]["code"]);
        Assert.Equal(17, regions.Count);
        Assert.Contains(regions, r => (string?)r["code"] == "130903" && (string?)r["name"] == "运河区");
        Assert.All(regions, r => Assert.StartsWith("1309", (string)r["code"]!, StringComparison.Ordinal));

        var (refused, body) = await http.GetJsonAsync("/api/v1/regions?within=13x");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(["within"], body.ViolatedFields());
    }

    [Fact]
    public async Task The_platforms_date_is_read_without_a_token_in_the_datas_time_zone()
    {
        using var http = platform.Rest();
        var before = Domain.Dates.Day(Domain.ChinaTime.Today(TimeProvider.System));

        var (status, body) = await http.GetJsonAsync("/api/v1/today");

        // Read at midnight in Beijing, either day is right.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains((string?)body["today"], new[] { before, Domain.Dates.Day(Domain.ChinaTime.Today(TimeProvider.System)) });
        Assert.Equal("Asia/Shanghai", (string?)body["timeZone"]);
        Assert.False((bool?)body["demoClock"]);
    }
}
