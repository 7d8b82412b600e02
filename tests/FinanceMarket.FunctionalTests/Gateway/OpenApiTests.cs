using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Attacks;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Gateway;

// The OpenAPI document the gateway serves is made from the protos: every REST route is in it with its
// method, parameters, body and answer; every reference resolves; the bearer scheme and the error body are
// declared. /api-docs renders it without any other origin.
public sealed class OpenApiTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_document_holds_every_route_of_the_protos_and_every_reference_resolves()
    {
        using var anonymous = platform.Rest();
        var (status, document) = await anonymous.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.ContainsKey("Error"));

        var paths = document["paths"]!.AsObject();
        var documented = paths.SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}")).Order(StringComparer.Ordinal);
        Assert.Equal(RestRoutes.All.Order(StringComparer.Ordinal), documented);

        var createBank = paths["/api/v1/banks"]!["post"]!;
        var body = createBank["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!.AsObject();
        Assert.Equal(["bankId", "name"], body.Select(p => p.Key));
        Assert.Equal("#/components/schemas/financemarket.catalog.v1.Bank", (string?)createBank["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("#/components/schemas/Error", (string?)createBank["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        // A path parameter is in the path, not also in the body.
        var rename = paths["/api/v1/banks/{bankId}"]!["put"]!;
        Assert.Equal("path", (string?)rename["parameters"]![0]!["in"]);
        Assert.False(rename["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!.AsObject().ContainsKey("bankId"));
        // Query parameters of a list, with their types.
        var listClaims = paths["/api/v1/subsidy-claims"]!["get"]!["parameters"]!.AsArray();
        Assert.Contains(listClaims, p => (string?)p!["name"] == "pageSize" && (string?)p["schema"]!["type"] == "integer" && (string?)p["in"] == "query");
        Assert.Contains(listClaims, p => (string?)p!["name"] == "status" && p["schema"]!["enum"]!.AsArray().Any(v => (string?)v == "PAID"));

        var references = document.ToJsonString().Split("\"$ref\":\"#/components/schemas/").Skip(1).Select(r => r[..r.IndexOf('"', StringComparison.Ordinal)]).Distinct();
        Assert.All(references, r => Assert.True(schemas.ContainsKey(r), $"{r} is referred to and not declared"));
    }

    [Fact]
    public async Task The_api_docs_page_lists_the_operations_from_the_document()
    {
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/api-docs");
        var createBank = page.Locator("[data-route='POST /api/v1/banks']");
        await Expect(createBank).ToContainTextAsync("bankId: string");
        await Expect(createBank).ToContainTextAsync("Answer: financemarket.catalog.v1.Bank");
        await Expect(page.Locator("[data-testid='operations'] section")).ToHaveCountAsync(RestRoutes.All.Count);
        await Pages.Accessibility.AssertBasicsAsync(page);
        Assert.Empty(browser.Errors);
    }
}
