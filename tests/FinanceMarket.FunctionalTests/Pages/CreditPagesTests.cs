using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FinanceMarket.Domain;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The credit data pages in real headless Chromium: the enterprise reads its profile (as a tax bureau's
// system imported it through the API), who read it and under which consent, revokes a consent with one tap,
// and sees its pre-credit per product and on a match card, on a phone, in Chinese and English; a bank opens
// an application's credit data and is refused, in words, once the consent is revoked, then reads it under a
// new one; an official uploads a CSV with bad rows and sees the progress end, the totals and each refused
// row by its line; a data provider signs in on the officials' page and sees only its own section.
public sealed class CreditPagesTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly DateOnly Today = ChinaTime.Today(TimeProvider.System);
    private static readonly int LastYear = Today.Year - 1;
    private static readonly string LastMonth = Month(Today.AddMonths(-1));
    private static readonly string MonthBefore = Month(Today.AddMonths(-2));

    [Fact]
    public async Task An_enterprise_sees_its_credit_data_and_who_read_it_revokes_a_consent_in_one_tap_and_sees_its_pre_credit()
    {
        // A product for A-rated firms with a pre-credit formula: 5 × tax paid, 20 % of invoiced revenue.
        var product = Api.Product("授信易 " + Guid.NewGuid().ToString("N")[..6]);
        product["eligibility"]!["minTaxCreditRating"] = "A";
        product["preCredit"] = new JsonObject { ["taxPaidMultiple"] = 5, ["invoicedRevenueShareBp"] = 2000 };
        using var scenario = await MatchingScenario.CreateAsync(platform, product);
        var providerId = await ImportProfileAsync(scenario.Uscc);
        var productName = (string)product["name"]!;

        // It applies (the application is its consent to the bank), and the bank reads its credit data once.
        await scenario.ApplyAsync();
        await PageSteps.EventuallyAsync(async () => ((await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/consents")).Body["consents"]?.AsArray().Count ?? 0) == 1);
        var (read, _) = await scenario.Bank.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/credit-profile");
        Assert.Equal(HttpStatusCode.OK, read);
        var bankName = (string)(await scenario.Bank.GetJsonAsync($"/api/v1/banks/{scenario.BankId}")).Body["name"]!;

        await using var browser = await chromium.NewPageAsync(390, 844);
        var page = browser.Page;
        await SignInAsync(page, "/enterprise", "统一社会信用代码", scenario.Uscc);
        await page.GetByTestId("tab-me").ClickAsync();

        // The verified values, each with what verified it, and every record with its source and date.
        var credit = page.Locator("#credit");
        await Expect(credit.GetByTestId("verified-rating")).ToHaveTextAsync($"A 级（据{LastYear} 年纳税数据核实）");
        await Expect(credit.GetByTestId("verified-employees")).ToHaveTextAsync($"40 人（据{LastMonth} 社保数据核实）");
        await Expect(credit.GetByTestId("verified-enforcement")).ToHaveTextAsync("0 条（据法院执行数据核实）");
        var tax = credit.GetByTestId("credit-tax").Locator("li");
        await Expect(tax).ToHaveCountAsync(1);
        await Expect(tax.Locator(":scope > span")).ToHaveTextAsync($"{LastYear} 年 · 纳税信用 A 级 · 纳税额 31,234.56 元 · 开票收入 2,000,000.00 元");
        await Expect(tax.Locator(".source")).ToContainTextAsync($"来源：{providerId} · 批次 tax-");
        await Expect(credit.GetByTestId("credit-employees").Locator("li > span")).ToHaveTextAsync([MonthBefore + "：38 人", LastMonth + "：40 人"]);
        await Expect(credit.GetByTestId("utility-on-time")).ToHaveTextAsync("2 个月中 1 个月按时缴费");
        await Expect(credit.GetByTestId("credit-penalties")).ToContainTextAsync("沧州市运河区市场监督管理局");
        await Expect(credit.GetByTestId("credit-penalties")).ToContainTextAsync("一般 · 未按规定公示年度报告");
        await Expect(credit.GetByTestId("credit-honors")).ToContainTextAsync($"专精特新（{LastYear} 年）");
        await Expect(credit.GetByTestId("credit-enforcement")).ToHaveTextAsync("无记录");

        // Its pre-credit for the product: 5 × 31,234.56 yuan = 156,172.80, rounded down to the 万元.
        var estimate = page.GetByTestId("pre-credits").Locator($"li[data-product-id='{scenario.ProductId}']");
        await Expect(estimate.GetByTestId("pre-credit-estimate")).ToHaveTextAsync("预授信额度约 15.00 万元");
        await Expect(page.GetByTestId("pre-credit-basis")).ToHaveTextAsync($"依据 {LastYear} 年纳税额 31,234.56 元、开票收入 2,000,000.00 元。");

        // Who read it: the bank, under the consent its application gave.
        var reads = page.GetByTestId("credit-reads").Locator("li");
        await Expect(reads).ToHaveCountAsync(1);
        await Expect(reads.First).ToContainTextAsync($"{bankName} · ");
        await Expect(reads.First).ToContainTextAsync("查询信用信息");
        await Expect(reads.First).ToContainTextAsync("的授权（用于审批贷款申请）");

        // The need's match shows the product's pre-credit, its parts on request, and the verified reasons.
        await page.GetByTestId("tab-find").ClickAsync();
        await page.GetByLabel("融资金额（元）").FillAsync("500,000");
        await page.GetByLabel("期限（月）").FillAsync("12");
        var match = await FindMatchAsync(page, productName);
        await Expect(match.GetByTestId("pre-credit-estimate")).ToHaveTextAsync("预授信额度约 15.00 万元");
        await match.GetByText("额度如何计算").ClickAsync();
        await Expect(match.Locator("li[data-part='TAX_PAID_MULTIPLE']")).ToHaveTextAsync($"按纳税额：15.62 万元（{LastYear} 年纳税额 31,234.56 元的 5 倍）");
        await Expect(match.Locator("li[data-part='PRODUCT_MAXIMUM']")).ToHaveTextAsync("产品最高额度：300.00 万元（产品最高额度 3,000,000 元）");
        await Expect(match.Locator("ul.reasons > li", new() { HasText = "纳税信用 A 级" })).ToHaveTextAsync($"纳税信用 A 级，据{LastYear} 年纳税数据核实");
        await Expect(match.Locator("ul.reasons > li", new() { HasText = "小型企业" })).ToHaveTextAsync($"小型企业，据{LastMonth} 社保数据核实");

        // One tap revokes the consent: the card says so at once and the bank can no longer read.
        await page.GetByTestId("tab-me").ClickAsync();
        var consent = page.GetByTestId("consents").Locator("li");
        await Expect(consent).ToHaveCountAsync(1);
        await Expect(consent.GetByTestId("consent-state")).ToHaveTextAsync("有效");
        await Accessibility.AssertBasicsAsync(page, 44);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await new Screenshots(page, "enterprise").TakeAsync("credit", credit);
        await consent.GetByRole(AriaRole.Button, new() { Name = $"撤回对{bankName}的授权（用于审批贷款申请）" }).ClickAsync();
        await Expect(consent.GetByTestId("consent-state")).ToContainTextAsync("撤回");
        await Expect(consent.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("consents-note")).ToHaveTextAsync($"已撤回对{bankName}的授权，该行此后无法查询贵企业的信用信息。");
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/credit-profile")).Status);
        await new Screenshots(page, "enterprise").TakeAsync("9-credit-revoked");

        // In English, the same data in the other language.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(credit.GetByTestId("verified-rating")).ToHaveTextAsync($"A (verified by tax data {LastYear})");
        await Expect(credit.GetByTestId("verified-employees")).ToHaveTextAsync($"40 (verified by social insurance data {LastMonth})");
        await Expect(estimate.GetByTestId("pre-credit-estimate")).ToHaveTextAsync("Pre-credit of about 15.00 万元");
        await Expect(page.GetByTestId("consents").Locator("li").GetByTestId("consent-state")).ToContainTextAsync("revoked");
        await Expect(match.GetByTestId("pre-credit-estimate")).ToHaveTextAsync("Pre-credit of about 15.00 万元");
        await Expect(match.Locator("ul.reasons > li", new() { HasText = "tax rating" })).ToHaveTextAsync($"tax rating A, verified by tax data {LastYear}");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_bank_is_refused_an_application_s_credit_data_in_words_without_consent_and_reads_it_with_one()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        await ImportProfileAsync(scenario.Uscc, rating: "B");
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        JsonNode? consent = null;
        await PageSteps.EventuallyAsync(async () =>
        {
            consent = (await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/consents")).Body["consents"]?.AsArray().FirstOrDefault();
            return consent is not null;
        });
        var (revoked, body) = await scenario.Enterprise.SendJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/consents/{(string)consent!["consentId"]!}:revoke", new { });
        Assert.True(revoked == HttpStatusCode.OK, body.ToJsonString());

        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await SignInAsync(page, "/bank", "银行编号", scenario.BankId);
        await page.GetByTestId("inbox").Locator($"tr[data-application-id='{applicationId}']").GetByTestId("enterprise-name").ClickAsync();
        var item = page.GetByTestId("application-panel");
        var open = item.GetByRole(AriaRole.Button, new() { Name = "信用信息" });
        var shown = item.GetByTestId("credit");

        // Revoked: the refusal says so, with the platform's own words; no profile.
        await open.ClickAsync();
        await Expect(shown.GetByTestId("credit-refusal")).ToContainTextAsync("未获授权：该企业已于");
        await Expect(shown.GetByTestId("credit-refusal")).ToContainTextAsync("撤回对本行的授权。");
        await Expect(shown.GetByTestId("credit-refusal")).ToContainTextAsync("revoked its consent");
        await Expect(shown.GetByTestId("credit-profile")).ToHaveCountAsync(0);

        // Never consented (as the credit service words it): said as such, not as a failure of the page.
        const string profiles = "**/credit-profile";
        await page.RouteAsync(profiles, route => route.FulfillAsync(new()
        {
            Status = 403, ContentType = "application/json",
            Body = $$"""{"code":7,"message":"Bank {{scenario.BankId}} has no consent from enterprise {{scenario.Uscc}} to read its credit data: the enterprise grants one, or applies with consentToCreditQuery."}""",
        }));
        await open.ClickAsync();
        await Expect(shown.GetByTestId("credit-refusal").Locator("p").First).ToHaveTextAsync("未获授权：该企业没有授权本行查询其信用信息。");
        await page.UnrouteAsync(profiles);

        // A new consent (for a pre-credit offer: an application's consent is one per application, and stays
        // revoked): the profile, drawn as the enterprise sees it.
        var (granted, grant) = await scenario.Enterprise.SendJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/consents",
            new { bankId = scenario.BankId, purpose = "PRE_CREDIT" });
        Assert.True(granted == HttpStatusCode.OK, grant.ToJsonString());
        await open.ClickAsync();
        await Expect(shown.GetByTestId("verified-rating")).ToHaveTextAsync($"B 级（据{LastYear} 年纳税数据核实）");
        await Expect(shown.GetByTestId("credit-tax").Locator("li > span")).ToHaveTextAsync($"{LastYear} 年 · 纳税信用 B 级 · 纳税额 31,234.56 元 · 开票收入 2,000,000.00 元");
        await Expect(shown.GetByTestId("credit-refusal")).ToHaveCountAsync(0);
        await Accessibility.AssertBasicsAsync(page);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await new Screenshots(page, "bank").TakeAsync("5-credit", item);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Credit data" }).ClickAsync();
        await Expect(item.GetByTestId("verified-rating")).ToHaveTextAsync($"B (verified by tax data {LastYear})");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task An_official_uploads_a_CSV_and_sees_the_progress_end_the_totals_and_each_refused_row_by_its_line()
    {
        var (good, future, letters, flagged) = (TestData.NewUscc("130903"), TestData.NewUscc("130903"), TestData.NewUscc("130903"), TestData.NewUscc("130903"));
        var csv = $"""
            uscc,year,taxPaidFen,invoicedRevenueFen,taxCreditRating
            {good},{LastYear},3123456,200000000,A
            {future},{Today.Year + 1},100,200,B
            {letters},{LastYear},abc,200,B
            {flagged},{LastYear},500000,"400000",C

            {TestData.NewUscc("130903")},{LastYear - 1},0,0,
            """;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await SignInAsync(page, "/official", "行政区划代码", "130903");
        var section = page.Locator("#credit");
        await section.GetByLabel("数据类别").SelectOptionAsync("TAX");
        var name = $"纳税-{Guid.NewGuid():N}.csv";
        await section.GetByLabel("数据文件").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await section.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();

        // The bar ends full, the totals add up, and each refused row is named by its line in the file.
        await Expect(page.GetByTestId("import-progress")).ToHaveAttributeAsync("data-state", "done");
        await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("导入完成：共 5 条。");
        Assert.Equal(await page.Locator("#import-bar").EvaluateAsync<double>("e => e.max"), await page.Locator("#import-bar").EvaluateAsync<double>("e => e.value"));
        await Expect(page.GetByTestId("import-accepted")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("import-replaced")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("import-refused")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("import-flagged")).ToHaveTextAsync("1");
        var refused = page.GetByTestId("refused-rows").Locator("tbody tr");
        await Expect(refused).ToHaveCountAsync(2);
        await Expect(refused.Nth(0).Locator("td")).ToHaveTextAsync([new Regex("^3$"), new Regex("^year$"), new Regex($"{Today.Year + 1} is in the future")]);
        await Expect(refused.Nth(1).Locator("td")).ToHaveTextAsync(["4", "taxPaidFen", "应为整数，现为“abc”"]);
        await Expect(page.GetByTestId("flagged-rows").Locator("tbody tr").Locator("td")).ToHaveTextAsync([new Regex("^5$"), new Regex("^开票收入低于纳税额$"), new Regex("invoiced revenue .* is below the tax paid")]);

        // The import is listed, and the flagged record with it.
        var batch = page.GetByTestId("imports").Locator("tbody tr", new() { HasText = name });
        await Expect(batch).ToHaveCountAsync(1);
        await Expect(batch).ToContainTextAsync("纳税");
        await Expect(page.GetByTestId("flagged").Locator($"tr[data-uscc='{flagged}']")).ToContainTextAsync("开票收入低于纳税额");
        await Expect(page.GetByTestId("discrepancies")).ToBeVisibleAsync();
        await Accessibility.AssertBasicsAsync(page);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await new Screenshots(page, "official").TakeAsync("credit-upload", section);

        // The same file again imports nothing twice: its batch is answered as a repeat.
        await section.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.Locator("#import-repeated")).ToHaveTextAsync("其中 1 批此前已导入，本次未作改动（显示首次导入的结果）。");
        await Expect(page.GetByTestId("import-accepted")).ToHaveTextAsync("3");
        Assert.Single(await ImportsAsync(await platform.OfficialAsync("130903")), i => ((string)i!["batchId"]!).StartsWith(name, StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Refused rows" })).ToBeVisibleAsync();
        await Expect(batch).ToContainTextAsync("Tax");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_file_of_more_than_10_000_records_goes_in_two_batches_and_a_row_of_the_second_keeps_its_line()
    {
        // 10,001 months of insured employees, then one in the future: the second batch holds the last two rows.
        var csv = new StringBuilder("uscc,month,insuredEmployees\n");
        for (var i = 0; i < 10_001; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc("130903")},{LastMonth},{10 + (i % 50)}\n");
        }

        csv.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc("130903")},{Month(Today.AddMonths(2))},7\n");
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await SignInAsync(page, "/official", "行政区划代码", "130903");
        var section = page.Locator("#credit");
        await section.GetByLabel("数据类别").SelectOptionAsync("SOCIAL_INSURANCE");
        var name = $"si-{Guid.NewGuid():N}.csv";
        await section.GetByLabel("数据文件").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await section.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();

        await Expect(page.GetByTestId("import-progress")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("导入完成：共 10002 条。");
        await Expect(page.GetByTestId("import-accepted")).ToHaveTextAsync("10001");
        await Expect(page.GetByTestId("import-refused")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("refused-rows").Locator("tbody tr td").First).ToHaveTextAsync("10003");
        var batches = page.GetByTestId("imports").Locator("tbody tr", new() { HasText = name });
        await Expect(batches).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-batch-id='{name}:{Encoding.UTF8.GetByteCount(csv.ToString())}:SOCIAL_INSURANCE:2'] td").Nth(5)).ToHaveTextAsync("2");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_data_provider_signs_in_on_the_officials_page_uploads_NDJSON_and_sees_only_its_own_section()
    {
        var providerId = "si-1309-" + Guid.NewGuid().ToString("N")[..6];
        var (first, second) = (TestData.NewUscc("130903"), TestData.NewUscc("130903"));
        var ndjson = string.Join('\n',
            $$"""{"uscc":"{{first}}","month":"{{LastMonth}}","insuredEmployees":12}""",
            $$"""{"uscc":"{{second}}","month":"{{LastMonth}}","employees":12}""",
            "",
            $$"""{"uscc":"{{TestData.WithWrongCheck(first)}}","month":"{{LastMonth}}","insuredEmployees":3}""");
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/official");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("数据提供方编号").FillAsync(providerId);
        await signIn.GetByLabel("数据所属地区代码").FillAsync("1309");
        await signIn.GetByRole(AriaRole.Button, new() { Name = "以数据提供方身份登录" }).ClickAsync();

        // Only what a provider may use: the upload, its imports and its flagged records.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "信用数据报送", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync($"数据提供方 {providerId} · 1309");
        await Expect(page.Locator("#banks")).ToBeHiddenAsync();
        await Expect(page.Locator("#supervision")).ToBeHiddenAsync();
        await Expect(page.Locator("#discrepancies-box")).ToBeHiddenAsync();
        await Expect(page.Locator("nav.sections a:visible")).ToHaveTextAsync(["信用数据"]);
        await Expect(page.GetByTestId("imports").Locator("tbody tr")).ToHaveTextAsync(["暂无导入批次。"]);
        await Expect(page.GetByTestId("inbox-toggle")).ToHaveCountAsync(0);

        var section = page.Locator("#credit");
        await section.GetByLabel("数据类别").SelectOptionAsync("SOCIAL_INSURANCE");
        await section.GetByLabel("数据文件").SetInputFilesAsync(new FilePayload { Name = "social-insurance.ndjson", MimeType = "application/x-ndjson", Buffer = Encoding.UTF8.GetBytes(ndjson) });
        await section.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.GetByTestId("import-progress")).ToHaveAttributeAsync("data-state", "done");
        await Expect(page.GetByTestId("import-accepted")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("import-refused")).ToHaveTextAsync("2");
        var refused = page.GetByTestId("refused-rows").Locator("tbody tr");
        await Expect(refused.Nth(0).Locator("td")).ToHaveTextAsync(["2", "employees", "不是信用数据的字段"]);
        await Expect(refused.Nth(1).Locator("td").First).ToHaveTextAsync("4");
        await Expect(refused.Nth(1).Locator("td").Nth(1)).ToHaveTextAsync("uscc");
        var batch = page.GetByTestId("imports").Locator("tbody tr", new() { HasText = "social-insurance.ndjson" });
        await Expect(batch).ToContainTextAsync(providerId);
        await Expect(batch).ToContainTextAsync("社保参保");
        await Expect(page.GetByTestId("flagged").Locator("tbody tr")).ToHaveTextAsync(["暂无存疑记录。"]);
        await Accessibility.AssertBasicsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Supplying credit data", Level = 1 })).ToBeVisibleAsync();
        await Expect(batch).ToContainTextAsync("Social insurance");
        Assert.Empty(browser.Errors);
    }

    // A tax bureau's system (a provider of the district's prefecture) imports an enterprise's tax year, two
    // months of insured employees and utilities, a minor penalty and an honour; returns the provider's id.
    private async Task<string> ImportProfileAsync(string uscc, string rating = "A")
    {
        var providerId = "tax-1309-" + Guid.NewGuid().ToString("N")[..6];
        using var provider = platform.Rest(await platform.TokenAsync("provider", providerId, "1309"));
        (string Kind, object[] Records)[] batches =
        [
            ("TAX", [new { uscc, year = LastYear, taxPaidFen = 3_123_456, invoicedRevenueFen = 200_000_000, taxCreditRating = rating }]),
            ("SOCIAL_INSURANCE", [new { uscc, month = MonthBefore, insuredEmployees = 38 }, new { uscc, month = LastMonth, insuredEmployees = 40 }]),
            ("UTILITY", [new { uscc, month = MonthBefore, electricityKwh = 11_800, paidOnTime = false }, new { uscc, month = LastMonth, electricityKwh = 12_000, paidOnTime = true }]),
            ("PENALTY", [new { uscc, authority = "沧州市运河区市场监督管理局", decidedOn = Today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), severity = "MINOR", description = "未按规定公示年度报告" }]),
            ("HONOR", [new { uscc, kind = "专精特新", year = LastYear }]),
        ];
        foreach (var (kind, records) in batches)
        {
            var (status, answer) = await provider.SendJsonAsync("/api/v1/credit-data/imports", new { batchId = kind.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N"), kind, records });
            Assert.True(status == HttpStatusCode.OK && (int)answer["accepted"]! == records.Length, answer.ToJsonString());
        }

        return providerId;
    }

    private async Task<JsonArray> ImportsAsync(string token)
    {
        using var http = platform.Rest(token);
        var (_, body) = await http.GetJsonAsync("/api/v1/credit-data/imports?pageSize=100");
        return body["imports"]!.AsArray();
    }

    // The need posted from the page until the product is among its matches (it reaches matching by its event, and
    // the shelf is shared with other tests' products: the matches are read a page at a time).
    private static async Task<ILocator> FindMatchAsync(IPage page, string productName)
    {
        var find = page.GetByRole(AriaRole.Button, new() { Name = "一键匹配" });
        var more = page.GetByRole(AriaRole.Button, new() { Name = "显示更多" });
        var match = page.GetByTestId("matches").Locator(":scope > li").Filter(new() { HasText = productName });
        await PageSteps.EventuallyAsync(async () =>
        {
            await page.RunAndWaitForResponseAsync(() => find.ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/financing-needs", StringComparison.Ordinal));
            await Expect(find).ToBeEnabledAsync();
            var shown = page.GetByTestId("matches").Locator(":scope > li");
            while (await match.CountAsync() == 0 && await more.IsVisibleAsync())
            {
                // The last page takes the button away: wait for the page to grow or the button to go.
                var before = await shown.CountAsync();
                try
                {
                    await more.ClickAsync(new() { Timeout = 5_000 });
                }
                catch (TimeoutException)
                {
                    // The list was drawn again (a new need) and took the button away: post the need again.
                    break;
                }
                await PageSteps.EventuallyAsync(async () =>
                {
                    try
                    {
                        return !await more.IsVisibleAsync() || (await more.IsEnabledAsync(new() { Timeout = 1_000 }) && await shown.CountAsync() > before);
                    }
                    catch (TimeoutException)
                    {
                        // The button went between the two looks: the list was drawn again without it.
                        return true;
                    }
                });
            }

            return await match.CountAsync() == 1;
        });
        return match;
    }

    private async Task SignInAsync(IPage page, string path, string label, string value)
    {
        await page.GotoAsync($"{platform.RestAddress}{path}");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.Locator("#content")).ToBeVisibleAsync();
    }

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
