using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The platform as a district runs it: every process trusts an OpenID Connect issuer (here one on loopback,
// with RS256 keys and the code flow with PKCE), no demo tokens, and the pages sign in at the issuer.
public sealed class IssuerPlatform : IAsyncLifetime
{
    public const string PagesClientId = "financemarket-pages";

    public TestIssuer Issuer { get; private set; } = null!;

    public Platform Platform { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        Platform = new Platform
        {
            Auth = new Dictionary<string, string?>
            {
                ["FinanceMarket:Auth:Authority"] = Issuer.Address,
                ["FinanceMarket:Auth:RequireHttpsMetadata"] = "false",
            },
            GatewayAuth = new Dictionary<string, string?>
            {
                ["FinanceMarket:Auth:PagesClientId"] = PagesClientId,
                ["FinanceMarket:Auth:EnableDevTokens"] = "false",
            },
        };
        await Platform.InitializeAsync();
        Issuer.RegisterClient(PagesClientId, Platform.RestAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

public sealed class OpenIdConnectSignInTests(IssuerPlatform district, Platform local, Chromium chromium)
    : IClassFixture<IssuerPlatform>, IClassFixture<Chromium>
{
    private TestIssuer Issuer => district.Issuer;

    private string Gateway => district.Platform.RestAddress;

    [Fact]
    public async Task An_enterprise_signs_in_at_the_issuer_registers_and_signs_out_there_too()
    {
        var uscc = TestData.NewUscc();
        var username = "owner-" + uscc[^6..];
        Issuer.AddAccount(username, "correct horse", "enterprise", uscc);
        var redeemed = Issuer.Redeemed;
        await using var browser = await chromium.NewPageAsync(390, 844);
        var page = browser.Page;
        var shots = new Screenshots(page, "oidc");

        await page.GotoAsync($"{Gateway}/enterprise");
        var signIn = page.Locator("#signin");
        await Expect(signIn.GetByRole(AriaRole.Button, new() { Name = "前往统一身份认证登录" })).ToBeVisibleAsync();
        // No demo accounts where an issuer decides who is who.
        await Expect(signIn.Locator("#demo-signin")).ToBeHiddenAsync();
        await Accessibility.AssertBasicsAsync(page);
        await shots.TakeAsync("1-sign-in");
        await signIn.GetByRole(AriaRole.Button, new() { Name = "前往统一身份认证登录" }).ClickAsync();

        // At the issuer: PKCE and the registered redirect, a wrong password refused there.
        // The issuer's login form, whatever load state the page has reached when this looks.
        await Expect(page.GetByLabel("Username")).ToBeVisibleAsync();
        Assert.StartsWith($"{Issuer.Address}/authorize?", page.Url, StringComparison.Ordinal);
        var authorize = new Uri(page.Url);
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal($"{Gateway}/signin-callback", query["redirect_uri"]);
        Assert.Equal(IssuerPlatform.PagesClientId, query["client_id"]);
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong username or password.");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync("correct horse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back on the page it started from, signed in as the issuer says, the code gone from the address bar.
        await Expect(page).ToHaveURLAsync($"{Gateway}/enterprise");
        await Expect(page.GetByTestId("who")).ToContainTextAsync(uscc);
        Assert.Equal(redeemed + 1, Issuer.Redeemed);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('financemarket.oidc.pending')"));

        // The issuer's access token carries the enterprise through the gateway to the enterprises service.
        await Expect(page.Locator("#r-uscc")).ToHaveValueAsync(uscc);
        await PageSteps.FillRegistrationAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(page.GetByTestId("size-class")).ToHaveTextAsync("小型");
        await Expect(page.GetByTestId("uscc")).ToHaveTextAsync(uscc);
        await shots.TakeAsync("2-registered");

        // Signing out ends the issuer's session as well and lands on the entry page, signed out.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Gateway}/");
        Assert.Contains(Issuer.SignOuts, hint => hint.Split('.').Length == 3);
        await page.GotoAsync($"{Gateway}/enterprise");
        await Expect(page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "前往统一身份认证登录" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("who")).ToBeHiddenAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_short_lived_token_is_renewed_before_it_expires_and_the_official_keeps_working()
    {
        var region = TestData.FreshRegion();
        var username = "official-" + region;
        Issuer.AddAccount(username, "s3cret", "official", "official-" + region, region, tokenLifetime: TimeSpan.FromSeconds(20));
        var renewed = Issuer.Renewed;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{Gateway}/official");
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "前往统一身份认证登录" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync("s3cret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Gateway}/official");
        await Expect(page.GetByTestId("who")).ToContainTextAsync(region);
        await Expect(page.GetByTestId("banks")).ToBeVisibleAsync();

        // Under a minute left on every token: each load renews it first (the issuer rotates the refresh token),
        // and the API accepts the renewed token. The first load's renewals are let finish before the reload:
        // one cut off mid-way spends its refresh token, as a user reloading at that instant would.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var banks = await page.RunAndWaitForResponseAsync(() => page.ReloadAsync(), r => r.Url.Contains("/api/v1/banks", StringComparison.Ordinal));
        Assert.Equal(200, banks.Status);
        var bearer = await banks.Request.HeaderValueAsync("authorization");
        Assert.True(bearer is not null && Issuer.IssuedByRenewal(bearer["Bearer ".Length..]), "the banks were read with a token the page had not renewed");
        Assert.True(Issuer.Renewed >= renewed + 2, "the page did not renew its token on each load");
        await Expect(page.Locator("#signin")).ToBeHiddenAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_sign_in_answer_with_another_state_is_refused_and_says_so()
    {
        var redeemed = Issuer.Redeemed;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;

        // A sign-in is under way in this tab; an answer carrying some other state (a forged link) arrives.
        await page.GotoAsync($"{Gateway}/bank");
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "前往统一身份认证登录" }).ClickAsync();
        // The issuer's login form, whatever load state the page has reached when this looks.
        await Expect(page.GetByLabel("Username")).ToBeVisibleAsync();
        Assert.StartsWith($"{Issuer.Address}/authorize?", page.Url, StringComparison.Ordinal);
        await page.GotoAsync($"{Gateway}/signin-callback?code=stolen&state=forged");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("不是本页发起的");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "返回并重新登录" })).ToHaveAttributeAsync("href", "/bank");
        Assert.Equal($"{Gateway}/signin-callback", page.Url);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('financemarket.session')"));
        Assert.Equal(redeemed, Issuer.Redeemed);
        Assert.Empty(browser.Errors);
    }

    [Theory]
    [InlineData("wrong-nonce", "bank", true, "身份令牌与本次登录不符")]
    [InlineData("no-role", "", false, "未注明角色")]
    public async Task An_issuer_answer_the_platform_cannot_use_signs_nobody_in_and_says_why(string who, string role, bool wrongNonce, string said)
    {
        var username = $"{who}-{Guid.NewGuid():N}"[..20];
        Issuer.AddAccount(username, "pw", role, "bank-" + who, wrongNonce: wrongNonce);
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;

        await page.GotoAsync($"{Gateway}/bank");
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "前往统一身份认证登录" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync("pw");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(said);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('financemarket.session')"));
        // Signed in at the issuer with an account the platform cannot use: the way to another account is offered.
        var otherAccount = page.GetByRole(AriaRole.Link, new() { Name = "在认证服务退出，换一个账号登录" });
        if (role.Length == 0)
        {
            await Expect(otherAccount).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(Issuer.Address)}/logout\\?id_token_hint="));
        }
        else
        {
            await Expect(otherAccount).ToBeHiddenAsync();
        }

        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_token_no_longer_accepted_returns_the_page_to_the_sign_in()
    {
        // A token of another platform's key: its claims read like an official's, but nothing here accepts it.
        var foreign = await local.OfficialAsync("130903");
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;

        // The gateway is slow to say how to sign in: the token form works at once all the same, and never as a
        // plain form submission that would put the token in the address.
        var config = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/auth/config", async route =>
        {
            await config.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync($"{Gateway}/official", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.GetByLabel("令牌").FillAsync(foreign);
        await page.GetByRole(AriaRole.Button, new() { Name = "用此令牌登录" }).ClickAsync();
        config.SetResult();

        // Where an issuer signs tokens the gateway does not say why one failed (no error_description), so
        // the page says only that it did.
        await Expect(page.Locator("#signin .form-error").First).ToHaveTextAsync("登录已过期或不再有效，请重新登录。");
        await Expect(page.Locator("#content")).ToBeHiddenAsync();
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('financemarket.session')"));
    }

    [Fact]
    public async Task The_gateway_publishes_the_issuer_s_endpoints_and_admits_only_its_origin()
    {
        using var http = district.Platform.Rest();
        var config = await http.GetFromJsonAsync<JsonObject>("/api/v1/auth/config", TestContext.Current.CancellationToken);
        Assert.False((bool)config!["demoTokens"]!);
        var oidc = config["openIdConnect"]!;
        Assert.Equal(Issuer.Address, (string?)oidc["issuer"]);
        Assert.Equal(IssuerPlatform.PagesClientId, (string?)oidc["clientId"]);
        Assert.Equal("openid", (string?)oidc["scope"]);
        Assert.Equal($"{Issuer.Address}/authorize", (string?)oidc["authorizationEndpoint"]);
        Assert.Equal($"{Issuer.Address}/token", (string?)oidc["tokenEndpoint"]);
        Assert.Equal($"{Issuer.Address}/logout", (string?)oidc["endSessionEndpoint"]);

        using var page = await http.GetAsync("/enterprise", TestContext.Current.CancellationToken);
        Assert.Contains($"connect-src 'self' {Issuer.Address};", Policy(page), StringComparison.Ordinal);
        using var demo = await http.PostAsJsonAsync("/api/v1/dev/tokens", new { role = "official", subject = "x", region = "13" }, TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, demo.StatusCode);

        // Local mode: demo tokens, no issuer, and the pages call their own origin only.
        using var localHttp = local.Rest();
        var localConfig = await localHttp.GetFromJsonAsync<JsonObject>("/api/v1/auth/config", TestContext.Current.CancellationToken);
        Assert.True((bool)localConfig!["demoTokens"]!);
        Assert.Null(localConfig["openIdConnect"]);
        using var localPage = await localHttp.GetAsync("/enterprise", TestContext.Current.CancellationToken);
        Assert.Contains("connect-src 'self';", Policy(localPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_issuer_s_tokens_for_this_platform_are_accepted_by_the_gateway_and_the_services()
    {
        var claims = new Dictionary<string, string> { ["sub"] = "official-oidc", ["role"] = "official", ["region"] = "130903" };
        var good = Issuer.Sign(TestIssuer.Audience, claims, nonce: null);
        var otherAudience = Issuer.Sign("another-app", claims, nonce: null);
        var localKey = await local.OfficialAsync("130903");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(district.Platform.RestAddress, good));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(district.Platform.RestAddress, otherAudience));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(district.Platform.RestAddress, localKey));

        // Why a token failed is said on this machine's local mode only, never where an issuer signs them.
        Assert.DoesNotContain("error_description", await ChallengeAsync(district.Platform.RestAddress, otherAudience), StringComparison.Ordinal);
        Assert.Contains("error_description", await ChallengeAsync(local.RestAddress, good), StringComparison.Ordinal);

        // Straight to the catalog service, around the gateway: the same verdicts.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(district.Platform.Catalog.Address, good, http2: true));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(district.Platform.Catalog.Address, otherAudience, http2: true));
    }

    private static async Task<string> ChallengeAsync(string address, string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync("/api/v1/banks", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return string.Join(" ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Fact]
    public async Task An_issuer_that_does_not_answer_is_reported_and_the_token_sign_in_stays()
    {
        var (gateway, rest, _) = await local.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Auth:Authority"] = $"http://127.0.0.1:{TestData.FreePort()}",
            ["FinanceMarket:Auth:RequireHttpsMetadata"] = "false",
            ["FinanceMarket:Auth:PagesClientId"] = IssuerPlatform.PagesClientId,
            ["FinanceMarket:Auth:EnableDevTokens"] = "false",
        });
        await using var _ = gateway;
        using var http = local.Rest(address: rest);
        using var response = await http.GetAsync("/api/v1/auth/config", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Contains("did not answer", (string?)body!["message"], StringComparison.Ordinal);

        await using var browser = await chromium.NewPageAsync();
        await browser.Page.GotoAsync($"{rest}/bank");
        await Expect(browser.Page.Locator("#oidc-signin .form-error")).ToContainTextAsync("平台暂时无法应答");
        await Expect(browser.Page.GetByLabel("令牌")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Plain_http_metadata_is_refused_for_an_issuer_off_this_machine()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => local.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["FinanceMarket:Auth:Authority"] = "http://login.example.gov.cn/realms/district",
            ["FinanceMarket:Auth:RequireHttpsMetadata"] = "false",
            ["FinanceMarket:Auth:EnableDevTokens"] = "false",
        }));
        Assert.Contains("RequireHttpsMetadata", error.Message, StringComparison.Ordinal);
    }

    private static string Policy(HttpResponseMessage page) => string.Join(";", page.Headers.GetValues("Content-Security-Policy"));

    private static async Task<HttpStatusCode> StatusAsync(string address, string token, bool http2 = false)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/banks");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
