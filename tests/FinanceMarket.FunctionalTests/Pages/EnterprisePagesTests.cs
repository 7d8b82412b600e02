using System.Net;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.FunctionalTests.Infrastructure;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.FunctionalTests.Subsidies;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The enterprise's pages on a phone, in real headless Chromium: register (the code checked as typed, the
// size class derived), post a need, read the matches and the exclusions with their reasons (in Chinese,
// then in English, written from the API's details), apply with consent, and follow the application to
// the bank's decision; every bad input shown beside its field.
public sealed class EnterprisePagesTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task An_enterprise_registers_posts_a_need_applies_with_consent_and_sees_the_bank_s_decision()
    {
        var bankId = await platform.CreateBankAsync();
        var product = Api.Product("Tax-based credit loan " + bankId);
        await platform.ListProductAsync(bankId, product);
        var software = Api.Product("Software loan " + bankId);
        software["eligibility"]!["industryCodes"] = new System.Text.Json.Nodes.JsonArray("I65");
        await platform.ListProductAsync(bankId, software);
        var uscc = TestData.NewUscc();
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        var shots = new Screenshots(page, "enterprise");

        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        // Registration: the code is checked as it is typed, before anything is sent.
        var code = page.Locator("#r-uscc");
        await Expect(code).ToHaveValueAsync(uscc);
        await Expect(page.Locator("#r-uscc-live")).ToHaveTextAsync("代码格式正确");
        await code.FillAsync(TestData.WithWrongCheck(uscc));
        await Expect(page.Locator("#r-uscc-live")).ToContainTextAsync($"应为 {uscc[^1]}");
        await code.FillAsync(uscc);
        await PageSteps.FillRegistrationAsync(page);
        await shots.TakeAsync("1-register");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(page.GetByTestId("size-class")).ToHaveTextAsync("小型");
        await Accessibility.AssertBasicsAsync(page);

        // A need the API refuses: its message lands beside the field it names.
        await page.GetByLabel("融资金额（元）").FillAsync("500000");
        await page.GetByLabel("期限（月）").FillAsync("0");
        await page.GetByLabel("资金用途").FillAsync("采购原材料");
        await page.GetByRole(AriaRole.Button, new() { Name = "一键匹配" }).ClickAsync();
        await Expect(page.Locator("#n-term")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#n-term-error")).Not.ToBeEmptyAsync();
        await page.GetByLabel("融资金额（元）").FillAsync("five hundred");
        await page.GetByLabel("期限（月）").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "一键匹配" }).ClickAsync();
        await Expect(page.Locator("#n-amount-error")).ToContainTextAsync("元");

        // The product reaches matching by its event; ask until it is on the shelf there.
        await page.GetByLabel("融资金额（元）").FillAsync("500,000");
        var match = page.GetByTestId("matches").Locator("li", new() { HasText = product["name"]!.GetValue<string>() });
        await EventuallyAsync(async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "一键匹配" }).ClickAsync();
            await Expect(page.GetByTestId("matches")).ToBeVisibleAsync();
            return await match.CountAsync() == 1;
        });
        await Expect(match).ToContainTextAsync("匹配度");
        var excluded = page.GetByTestId("excluded").Locator("li", new() { HasText = software["name"]!.GetValue<string>() });
        await page.GetByText("未匹配的产品及原因").ClickAsync();
        await Expect(excluded).ToContainTextAsync("I65");

        // The reasons in the page's language, written from the API's details: money in 万元, the rate in %.
        await Expect(match.Locator("ul.reasons > li")).ToHaveTextAsync(
            ["预计年利率 3.45%（LPR 3.00% + 45 基点）", "融资金额 50.00 万元，在产品额度 10.00 万元 – 300.00 万元之内", "期限 12 个月，在产品期限 6–36 个月之内",
             "3 个工作日内答复", "可申请贷款贴息"]);
        await Expect(excluded.Locator("ul.reasons > li")).ToHaveTextAsync(["仅限行业 I65；贵企业为 C34"]);
        await shots.TakeAsync("2-matches");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(match.Locator("ul.reasons > li")).ToHaveTextAsync(
            ["estimated rate 3.45% (LPR 3.00% + 45 bp)", "amount 50.00 万元 within 10.00 万元 – 300.00 万元", "term 12 months within 6–36 months",
             "decision within 3 working days", "qualifies for interest subsidies"]);
        await Expect(excluded.Locator("ul.reasons > li")).ToHaveTextAsync(["for industries I65; yours is C34"]);
        await shots.TakeAsync("2-matches-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(excluded.Locator("ul.reasons > li")).ToHaveTextAsync(["仅限行业 I65；贵企业为 C34"]);

        // One click, then the consent step: no application without it.
        await match.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Expect(page.Locator("#c-consent")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("我同意银行查询本企业的征信与纳税信息").CheckAsync();
        await shots.TakeAsync("3-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Expect(page.Locator("#need-form .form-error")).ToContainTextAsync("已提交申请");
        var row = page.GetByTestId("applications").Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("待答复");
        var applicationId = await row.GetAttributeAsync("data-application-id");

        // The bank decides through its API; the enterprise sees the deal.
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        var (approved, body) = await bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(amountFen: 50_000_000));
        Assert.True(approved == HttpStatusCode.OK, body.ToJsonString());
        await page.ReloadAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("已获批");
        await Expect(row).ToContainTextAsync("50.00 万元");
        await shots.TakeAsync("4-approved");

        // A subsidy on the approved loan: the amount shown before submitting, then the claim. (The test
        // platform's subsidies service lives a year ahead, so the quarter's interest has accrued.)
        var programme = SubsidyScenario.Programme();
        programme["name"] = "服务业贷款贴息 " + bankId;
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        var (created, programmeBody) = await official.SendJsonAsync("/api/v1/subsidy-programs", programme);
        Assert.True(created == HttpStatusCode.OK, programmeBody.ToJsonString());
        await row.GetByRole(AriaRole.Button, new() { Name = "申请贴息" }).ClickAsync();
        var claim = page.Locator("#claim-form");
        await claim.GetByLabel("贴息政策").SelectOptionAsync(new SelectOptionValue { Label = "服务业贷款贴息 " + bankId });
        var contract = await claim.GetByLabel("计息起始日").InputValueAsync();
        await claim.GetByLabel("计息截止日").FillAsync(contract);
        await claim.GetByRole(AriaRole.Button, new() { Name = "计算贴息金额" }).ClickAsync();
        await Expect(page.Locator("#cl-end")).ToHaveAttributeAsync("aria-invalid", "true");
        var end = DateOnly.ParseExact(contract, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(91);
        await claim.GetByLabel("计息截止日").FillAsync(end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await claim.GetByRole(AriaRole.Button, new() { Name = "计算贴息金额" }).ClickAsync();
        // 500,000 yuan × 1 % × 91 / 365 = 1,246.575... yuan, half up to the fen.
        await Expect(page.GetByTestId("claim-amount")).ToHaveTextAsync("1,246.58 元");
        // A quote is only a calculation: no claim is made and nothing of the budget is reserved.
        await Expect(page.Locator("#no-claims")).ToBeVisibleAsync();
        using (var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc)))
        {
            var (_, claims) = await enterprise.GetJsonAsync("/api/v1/subsidy-claims?pageSize=100");
            Assert.Equal(0, claims["claims"]?.AsArray().Count ?? 0);
        }

        var (_, quoted) = await official.GetJsonAsync($"/api/v1/subsidy-programs/{programmeBody["programId"]}");
        Assert.Equal(0L, (long?)quoted["reservedFen"] ?? 0);
        await shots.TakeAsync("5-subsidy-quote");
        await claim.GetByRole(AriaRole.Button, new() { Name = "提交贴息申请" }).ClickAsync();
        await Expect(page.GetByTestId("claim-note")).ToContainTextAsync("1,246.58 元");
        await Expect(page.GetByTestId("claims").GetByTestId("claim-status")).ToHaveTextAsync("待审核");

        // The English switch, kept for the next page.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("approved");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your applications" })).ToBeVisibleAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_bank_signed_in_on_the_enterprise_page_is_told_so_and_sees_nothing()
    {
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        await page.Locator("#signin").GetByLabel("令牌").FillAsync(await platform.TokenAsync("bank", TestData.NewBankId()));
        await page.GetByRole(AriaRole.Button, new() { Name = "用此令牌登录" }).ClickAsync();

        await Expect(page.Locator("#signin > .form-error")).ToContainTextAsync("此页面供企业使用");
        await Expect(page.Locator("#content")).ToBeHiddenAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_quote_that_answers_after_the_period_changed_is_never_shown_for_the_new_period()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programme = SubsidyScenario.Programme();
        programme["name"] = "服务业贷款贴息 " + scenario.ApplicationId;
        await scenario.CreateProgrammeAsync(programme);
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        await SignInAsync(page, scenario.Deal.Uscc);
        await page.GetByTestId("applications").Locator("tbody tr").GetByRole(AriaRole.Button, new() { Name = "申请贴息" }).ClickAsync();
        var claim = page.Locator("#claim-form");
        await claim.GetByLabel("贴息政策").SelectOptionAsync(new SelectOptionValue { Label = (string)programme["name"]! });
        var end = claim.GetByLabel("计息截止日");
        var quote = claim.GetByRole(AriaRole.Button, new() { Name = "计算贴息金额" });
        var amount = page.GetByTestId("claim-amount");

        // The first quote is held on its way until the period has changed and the new one is shown.
        var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/v1/subsidy-claims:quote", route => held.TrySetResult(route) ? Task.CompletedTask : route.ContinueAsync());
        await end.FillAsync(Day(scenario.ContractDate.AddDays(91)));
        await quote.ClickAsync();
        var slow = await held.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await end.FillAsync(Day(scenario.ContractDate.AddDays(182)));
        await quote.ClickAsync();
        // 1,000,000 yuan × 1 % × 182 / 365 = 4,986.30 yuan; the quarter would be 2,493.15.
        await Expect(amount).ToHaveTextAsync("4,986.30 元");
        var answered = page.WaitForRequestFinishedAsync(new() { Predicate = request => request == slow.Request });
        await slow.ContinueAsync();
        await answered;
        await page.WaitForTimeoutAsync(1_000);
        await Expect(amount).ToHaveTextAsync("4,986.30 元");

        // Changing the period takes the quote away: what is shown always answers the inputs shown.
        await end.FillAsync(Day(scenario.ContractDate.AddDays(91)));
        await Expect(page.Locator("#claim-amount")).ToBeHiddenAsync();
        await Expect(amount).ToBeEmptyAsync();
        await quote.ClickAsync();
        await Expect(amount).ToHaveTextAsync("2,493.15 元");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Applications_and_claims_that_cannot_be_read_again_are_not_left_on_screen_as_current()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (status, made) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, made.ToJsonString());
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        await SignInAsync(page, scenario.Deal.Uscc);
        var applications = page.GetByTestId("applications").Locator("tbody tr");
        var claims = page.GetByTestId("claims").Locator("tbody tr");
        await Expect(applications).ToHaveCountAsync(1);
        await Expect(claims).ToHaveCountAsync(1);

        Func<string, bool> lists = url => url.Contains("/applications?", StringComparison.Ordinal) || url.Contains("/subsidy-claims?", StringComparison.Ordinal);
        await page.RouteAsync(lists, PageSteps.UnavailableAsync);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("#applications-error")).ToContainTextAsync("The platform cannot answer right now");
        await Expect(page.Locator("#claims-error")).ToContainTextAsync("The platform cannot answer right now");
        await Expect(applications).ToHaveCountAsync(0);
        await Expect(claims).ToHaveCountAsync(0);
        await Expect(page.Locator("#no-applications")).ToBeHiddenAsync();
        await Expect(page.Locator("#no-claims")).ToBeHiddenAsync();

        await page.UnrouteAsync(lists);
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(applications.GetByTestId("status")).ToHaveTextAsync("已获批");
        await Expect(claims.GetByTestId("claim-status")).ToHaveTextAsync("待审核");
        await Expect(page.Locator("#applications-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#claims-error")).ToBeHiddenAsync();
        Assert.Empty(browser.Errors);
    }

    private async Task SignInAsync(IPage page, string uscc)
    {
        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.Locator("#content")).ToBeVisibleAsync();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task EventuallyAsync(Func<Task<bool>> attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await attempt())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never held.");
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
    }
}

// Each step's picture, kept as test output beside the test binaries.
public sealed class Screenshots(IPage page, string journey)
{
    public async Task TakeAsync(string step, IPage? of = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", journey, step + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await (of ?? page).ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"{journey} {step}: {path}");
    }
}
