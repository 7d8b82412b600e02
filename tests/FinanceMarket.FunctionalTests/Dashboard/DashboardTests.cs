using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.FunctionalTests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Dashboard;

// The officials' dashboard in real headless Chromium, served by the platform's gateway: deals approved
// through the API show on the open page, formatted as district reports state money.
public sealed class DashboardTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_demo_official_sees_the_district_s_deals_and_credit_change_while_the_page_is_open()
    {
        var region = TestData.FreshRegion();
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        await ApproveAsync(scenario, 12_345_678);

        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion={region}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "融资对接统计", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "统计看板" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByTestId("who")).ToContainTextAsync(region);
        await Expect(page.GetByTestId("region")).ToHaveTextAsync(region);
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("12.35 万元");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveAttributeAsync("data-value", "12345678");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveAttributeAsync("title", "123,456.78 元");
        await Expect(page.GetByTestId("as-of")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("实时更新，每 2 秒刷新");

        await ApproveAsync(scenario, 50_000_000);
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("62.35 万元");
        await Expect(page.GetByTestId("enterprisesServed")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("applications")).ToHaveTextAsync("2");
        await Expect(BreakdownCell(page, "BANK", scenario.BankId)).ToHaveTextAsync("62.35 万元");
        await Expect(BreakdownCell(page, "INDUSTRY", "C")).ToHaveTextAsync("62.35 万元");
        await Expect(BreakdownCell(page, "MONTH", ThisMonth())).ToHaveTextAsync("62.35 万元");
        await Expect(page.GetByTestId("chart-INDUSTRY").GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("按行业: .*C 制造业 62.35 万元"));
        await Expect(page.GetByTestId("chart-BANK")).ToContainTextAsync("以表格查看数据（1 行）");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"dashboard-{region}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Dashboard screenshot: {screenshot}");

        // The address's demo sign-in is used once: signing out leaves the official signed out, and nothing
        // is read any more.
        Assert.DoesNotContain("demoRegion", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Expect(page.Locator("#signin").GetByLabel("行政区划代码")).ToBeVisibleAsync();
        await Expect(page.Locator("#content")).ToBeHiddenAsync();
        Assert.Equal(0, await TotalsReadsDuringAsync(page, TimeSpan.FromSeconds(5)));
        Assert.Empty(browser.Errors);
    }

    // A loan paid out and partly repaid shows in the loans' figures and in the balance by month, and the month's
    // report downloads from its row under the name the platform gives it, holding the same figures.
    [Fact]
    public async Task The_loans_show_as_balances_month_by_month_and_each_month_s_report_downloads()
    {
        var region = TestData.FreshRegion();
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var (status, approved) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(amountFen: 100_000_000));
        Assert.True(status == HttpStatusCode.OK, approved.ToJsonString());
        var loanId = (string)approved["loanId"]!;
        var contract = (string)approved["deal"]!["contractDate"]!;
        await Loans.LoanSteps.RecordAsync(scenario.Bank, loanId, "disbursements", new { on = contract, amountFen = 60_000_000 });
        await Loans.LoanSteps.RecordAsync(scenario.Bank, loanId, "repayments", new { on = contract, principalFen = 10_000_000, interestFen = 0 });
        var month = contract[..7];

        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion={region}");
        await Expect(page.GetByTestId("balanceFen")).ToHaveTextAsync("50.00 万元");
        await Expect(page.GetByTestId("disbursedFen")).ToHaveTextAsync("60.00 万元");
        await Expect(page.GetByTestId("firstLoanFirms")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("firstLoanFen")).ToHaveTextAsync("60.00 万元");
        await Expect(page.GetByTestId("enterprisesRegistered")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("overdueRatioBp")).ToHaveTextAsync("0.00%");
        var row = page.GetByTestId("chart-TREND").Locator($"tr[data-key='{month}']");
        await Expect(row.Locator("td").First).ToHaveTextAsync("50.00 万元");
        // Every month of the range is charted, the months before the loan at nothing.
        await Expect(page.GetByTestId("chart-TREND").GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"^月末贷款余额: .*0.00 元; {month} 50.00 万元$"));
        await Expect(page.GetByTestId("chart-INCLUSIVE").GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"^月末普惠小微贷款余额: .*; {month} 50.00 万元$"));
        await Expect(page.GetByTestId("chart-FIRST").GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"^当月首贷金额: .*; {month} 60.00 万元$"));

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { Name = $"下载 {month} 月报（xlsx）" }).ClickAsync());
        Assert.Equal($"monthly-report-{region}-{month}.xlsx", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(saved);
        using (var workbook = new ClosedXML.Excel.XLWorkbook(saved))
        {
            var sheet = workbook.Worksheet("月报");
            var lines = Enumerable.Range(2, 16).ToDictionary(r => sheet.Cell(r, 1).GetString(), r => sheet.Cell(r, 3).GetValue<decimal>());
            Assert.Equal((60m, 0.005m, 1m), (lines["放款金额"], lines["贷款余额"], lines["首贷户数"]));
        }

        File.Delete(saved);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"dashboard-loans-{region}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_pasted_token_signs_in_another_region_is_refused_by_name_and_a_401_returns_to_sign_in()
    {
        var region = TestData.FreshRegion();
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard");
        var signIn = page.Locator("#signin");
        await Expect(signIn.GetByRole(AriaRole.Heading, new() { Name = "演示账号（本地模式）" })).ToBeVisibleAsync();

        await signIn.GetByLabel("令牌").FillAsync(await platform.OfficialAsync(region));
        await signIn.GetByRole(AriaRole.Button, new() { Name = "用此令牌登录" }).ClickAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync(region);
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("0.00 元");
        await Expect(page.GetByTestId("chart-BANK")).ToContainTextAsync("暂无授信。");
        await Expect(page.GetByLabel("地区", new() { Exact = true })).ToHaveValueAsync(region);

        // The province above the official's district (an address naming it): the message names the region
        // asked for, and the official's own figures stay.
        await page.EvaluateAsync("() => { location.hash = '#region=65'; }");
        await Expect(page.GetByTestId("view-message")).ToContainTextAsync("无权查看地区 65 的统计");
        await Expect(page.GetByTestId("region")).ToHaveTextAsync(region);
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");

        // What is not a region code is refused beside the picker, before anything is asked for it.
        await page.EvaluateAsync("() => { location.hash = '#region=130'; }");
        await Expect(page.Locator("#d-region-error")).ToContainTextAsync("2、4 或 6 位数字");

        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("message")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("view-message")).ToBeHiddenAsync();
        await Expect(page.Locator("#d-region-error")).ToHaveCountAsync(0);

        // The token expires while the page is open: the next refresh is answered 401, the official is signed
        // out and asked to sign in again, and the page stops reading.
        await page.RouteAsync("**/api/v1/totals?*", route => route.FulfillAsync(new()
        {
            Status = 401,
            ContentType = "application/json",
            Body = """{"code":16,"message":"The token expired.","details":[]}""",
        }));
        await Expect(signIn.Locator(".form-error").First).ToContainTextAsync("登录已过期或不再有效，请重新登录。");
        await Expect(signIn.GetByLabel("令牌")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("who")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('financemarket.session')"));
        Assert.Equal(0, await TotalsReadsDuringAsync(page, TimeSpan.FromSeconds(5)));

        await page.UnrouteAsync("**/api/v1/totals?*");
        await signIn.GetByLabel("行政区划代码").FillAsync(region);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("message")).ToBeHiddenAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task An_official_signed_in_on_the_officials_page_needs_no_second_sign_in_and_reads_it_in_English_too()
    {
        var region = TestData.FreshRegion();
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/official");
        await page.Locator("#signin").GetByLabel("行政区划代码").FillAsync(region);
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.Locator("#content")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "统计看板" }).ClickAsync();
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");
        await Expect(page.Locator("#signin")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("region")).ToHaveTextAsync(region);
        await Expect(page.GetByTestId("chart-BANK")).ToContainTextAsync("暂无授信。");
        await Accessibility.AssertBasicsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Officials' dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("dt", new() { HasText = "Credit granted" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("live, refreshed every 2 s");
        await Expect(page.GetByTestId("chart-BANK")).ToContainTextAsync("No credit granted yet.");
        await Expect(page.GetByTestId("chart-BANK").Locator("th").First).ToHaveTextAsync("Bank");

        // The demo official of a known region is named, in the language chosen.
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion=130903");
        await Expect(page.GetByTestId("region")).ToHaveTextAsync("Yunhe District (130903)");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByTestId("region")).ToHaveTextAsync("运河区（130903）");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Money_is_shown_in_yuan_wan_and_yi_yuan_with_separators_exactly_from_integer_fen()
    {
        (string Fen, string Shown)[] cases =
        [
            ("0", "0.00 元"),
            ("1", "0.01 元"),
            ("249315", "2,493.15 元"),
            ("999999", "9,999.99 元"), // the last fen below 1 万元
            ("1000000", "1.00 万元"),
            ("1004999", "1.00 万元"),
            ("1005000", "1.01 万元"), // 1.005 万元: half up
            ("1234560000", "1,234.56 万元"),
            ("9999994999", "9,999.99 万元"),
            ("9999995000", "1.00 亿元"), // would round to 10,000.00 万元
            ("10000000000", "1.00 亿元"),
            ("84800000000", "8.48 亿元"),
            ("84849999999", "8.48 亿元"),
            ("84850000000", "8.49 亿元"), // 8.485 has no exact binary form: float rounding gives 8.48
            ("12340000000000", "1,234.00 亿元"),
            ("9007199254740993", "900,719.93 亿元"), // above 2^53
            ("-249315", "-2,493.15 元"),
            ("-9999995000", "-1.00 亿元"),
        ];
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard");
        var shown = await page.EvaluateAsync<string[]>(
            "async amounts => { const money = await import('/lib/money.js'); return amounts.map(a => money.formatFen(BigInt(a))); }",
            cases.Select(c => c.Fen).ToArray());
        Assert.Equal(cases.Select(c => c.Shown), shown);

        // int64 as a JSON number (as the gateway writes it) and as a string (proto3 JSON's default) alike.
        var parsed = await page.EvaluateAsync<string[]>(
            "async texts => { const money = await import('/lib/money.js'); return texts.map(t => money.formatFen(money.parseJson(t).creditGrantedFen)); }",
            new[] { """{"creditGrantedFen":12345678901234567}""", """{"creditGrantedFen":"12345678901234567"}""", "{}" });
        Assert.Equal(["1,234,567.89 亿元", "1,234,567.89 亿元", "0.00 元"], parsed);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task The_pages_are_served_with_a_policy_that_admits_only_their_own_files()
    {
        using var http = platform.Rest();
        using var response = await http.GetAsync(new Uri("/dashboard?demoRegion=130903", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Matches("<script type=\"module\" src=\"/dashboard/dashboard.js\"></script>", html);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        using var entry = await http.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("href=\"/dashboard\"", await entry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    // An application of the scenario's enterprise, approved for the amount (contract today).
    internal static async Task ApproveAsync(MatchingScenario scenario, long amountFen)
    {
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var (status, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(amountFen: amountFen));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }

    // How many times the page asks for the totals while the test waits.
    private static async Task<int> TotalsReadsDuringAsync(IPage page, TimeSpan wait)
    {
        var reads = 0;
        void Count(object? sender, IRequest request)
        {
            if (request.Url.Contains("/api/v1/totals", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref reads);
            }
        }

        page.Request += Count;
        await Task.Delay(wait, TestContext.Current.CancellationToken);
        page.Request -= Count;
        return reads;
    }

    // The credit granted in a breakdown's table row (the chart's accessible twin).
    private static ILocator BreakdownCell(IPage page, string by, string key) =>
        page.GetByTestId($"chart-{by}").Locator($"tr[data-key='{key}'] td").First;

    private static string ThisMonth() =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Domain.ChinaTime.Zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
