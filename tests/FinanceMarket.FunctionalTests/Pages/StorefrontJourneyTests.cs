using System.Globalization;
using System.Net;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The whole journey across roles, each in its own browser and only through the pages: a bank lists a
// product, an enterprise (on a phone) registers, posts a need and applies, the bank approves, the enterprise
// sees the deal and claims a subsidy, the official approves and pays it and sees the totals move. A region
// of its own keeps the figures this journey's alone.
public sealed class StorefrontJourneyTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task From_a_bank_s_product_to_the_official_s_totals_through_the_pages_only()
    {
        var region = TestData.FreshRegion();
        var bankId = await platform.CreateBankAsync();
        var uscc = TestData.NewUscc(region);
        var programme = Subsidies.SubsidyScenario.Programme();
        programme["name"] = "服务业贷款贴息 " + region;
        using (var official = platform.Rest(await platform.OfficialAsync(region)))
        {
            var (created, body) = await official.SendJsonAsync("/api/v1/subsidy-programs", programme);
            Assert.True(created == HttpStatusCode.OK, body.ToJsonString());
        }

        await using var bankBrowser = await chromium.NewPageAsync();
        await using var enterpriseBrowser = await chromium.NewPageAsync(390, 844);
        await using var officialBrowser = await chromium.NewPageAsync();
        var bank = bankBrowser.Page;
        var enterprise = enterpriseBrowser.Page;
        var officialPage = officialBrowser.Page;
        var shots = new Screenshots(bank, "journey");

        // The bank lists its product.
        await SignInAsync(bank, "bank", bankId);
        await PageSteps.FillProductAsync(bank, "税易贷 " + region, "C", region);
        await bank.GetByRole(AriaRole.Button, new() { Name = "发布产品" }).ClickAsync();
        await Expect(bank.GetByTestId("product-note")).ToContainTextAsync("已发布");
        await shots.TakeAsync("1-bank-lists", bank);

        // The enterprise registers, posts its need and applies with its consent.
        await SignInAsync(enterprise, "enterprise", uscc);
        await Expect(enterprise.Locator("#r-region")).ToHaveValueAsync(region);
        await PageSteps.FillRegistrationAsync(enterprise);
        await enterprise.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(enterprise.GetByTestId("size-class")).ToHaveTextAsync("小型");
        await enterprise.GetByTestId("tab-find").ClickAsync();
        await enterprise.GetByLabel("融资金额（元）").FillAsync("500,000");
        await enterprise.GetByLabel("期限（月）").FillAsync("12");
        await enterprise.GetByLabel("资金用途").FillAsync("采购原材料");
        var match = enterprise.GetByTestId("matches").Locator("li", new() { HasText = "税易贷 " + region });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            // The product reaches matching by its event: ask again until it is on the shelf there.
            await enterprise.GetByRole(AriaRole.Button, new() { Name = "一键匹配" }).ClickAsync();
            await Expect(enterprise.Locator("#results")).ToBeVisibleAsync();
            Assert.True(DateTime.UtcNow < deadline, "The bank's product never reached the enterprise's matches.");
        }
        while (await match.CountAsync() == 0);
        await shots.TakeAsync("2-enterprise-matches", enterprise);
        await match.GetByRole(AriaRole.Button).ClickAsync();
        await enterprise.GetByLabel("我同意银行查询本企业的征信与纳税信息").CheckAsync();
        await enterprise.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await enterprise.GetByTestId("apply-result").GetByRole(AriaRole.Link, new() { Name = "查看进度" }).ClickAsync();
        var application = enterprise.GetByTestId("applications").Locator(":scope > li");
        await Expect(application.GetByTestId("status")).ToHaveTextAsync("待答复");

        // The bank finds it in its inbox and approves at 3.45 %.
        await bank.ReloadAsync();
        var item = bank.GetByTestId("inbox").Locator("tbody tr", new() { HasText = uscc });
        await item.GetByTestId("enterprise-name").ClickAsync();
        await bank.GetByLabel("年利率（%）").FillAsync("3.45");
        await shots.TakeAsync("3-bank-decides", bank);
        await bank.GetByRole(AriaRole.Button, new() { Name = "批准并签约" }).ClickAsync();
        await bank.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认批准" }).ClickAsync();
        await Expect(bank.GetByTestId("inbox-message")).ToContainTextAsync("已批准");

        // The enterprise sees the deal and claims its subsidy, the amount shown before it submits.
        await enterprise.ReloadAsync();
        await Expect(application.GetByTestId("status")).ToHaveTextAsync("已获批");
        await application.GetByRole(AriaRole.Button, new() { Name = "申请贴息" }).ClickAsync();
        var claim = enterprise.Locator("#claim-form");
        await claim.GetByLabel("贴息政策").SelectOptionAsync(new SelectOptionValue { Label = "服务业贷款贴息 " + region });
        var contract = DateOnly.ParseExact(await claim.GetByLabel("计息起始日").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await claim.GetByLabel("计息截止日").FillAsync(contract.AddDays(91).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await claim.GetByRole(AriaRole.Button, new() { Name = "计算贴息金额" }).ClickAsync();
        await Expect(enterprise.GetByTestId("claim-amount")).ToHaveTextAsync("1,246.58 元");
        await claim.GetByRole(AriaRole.Button, new() { Name = "提交贴息申请" }).ClickAsync();
        await Expect(enterprise.GetByTestId("claims").GetByTestId("claim-status")).ToHaveTextAsync("待审核");
        await shots.TakeAsync("4-enterprise-claims", enterprise);

        // The official approves and pays it, and the region's totals move.
        await SignInAsync(officialPage, "official", region);
        var pending = officialPage.GetByTestId("claims-PENDING").Locator("li", new() { HasText = uscc });
        await pending.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await officialPage.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认通过" }).ClickAsync();
        await Expect(pending.GetByTestId("status")).ToHaveTextAsync("待拨付");
        // Another official pays what this one approved (the API refuses the approver): here, over the API.
        await officialPage.GetByRole(AriaRole.Tab, new() { Name = "待拨付" }).ClickAsync();
        var approved = officialPage.GetByTestId("claims-APPROVED").Locator("li", new() { HasText = uscc });
        await Expect(approved.GetByRole(AriaRole.Button, new() { Name = "拨付" })).ToBeDisabledAsync();
        using (var payer = platform.Rest(await platform.OfficialAsync(region)))
        {
            var claimId = await approved.GetAttributeAsync("data-claim-id");
            var (paidStatus, paidClaim) = await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { });
            Assert.True(paidStatus == HttpStatusCode.OK, paidClaim.ToJsonString());
        }

        await officialPage.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await Expect(approved).ToHaveCountAsync(0);
        await shots.TakeAsync("5-official-paid", officialPage);
        // The dashboard is one link away, in the same frame and under the same sign-in.
        await officialPage.GetByRole(AriaRole.Link, new() { Name = "统计看板" }).ClickAsync();
        await Expect(officialPage.GetByTestId("region")).ToHaveTextAsync(region);
        // Subsidies live Platform.SubsidiesAhead in the future here, so the claim was paid in a month after the
        // dashboard's default range (the last twelve months): the range is stretched to it.
        var paidMonth = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow + Platform.SubsidiesAhead, Domain.ChinaTime.Zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await officialPage.GetByLabel("截止月份").FillAsync(paidMonth);
        await officialPage.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(officialPage.GetByTestId("period")).ToContainTextAsync(paidMonth);
        await Expect(officialPage.GetByTestId("matchedDeals")).ToHaveTextAsync("1");
        await Expect(officialPage.GetByTestId("creditGrantedFen")).ToHaveTextAsync("50.00 万元");
        await Expect(officialPage.GetByTestId("subsidyClaimsPaid")).ToHaveTextAsync("1");
        await Expect(officialPage.GetByTestId("subsidyPaidFen")).ToHaveTextAsync("1,246.58 元");
        await Expect(officialPage.GetByTestId("subsidyPaidFen")).ToHaveAttributeAsync("data-value", "124658");
        await shots.TakeAsync("6-official-totals", officialPage);

        Assert.Empty(bankBrowser.Errors);
        Assert.Empty(enterpriseBrowser.Errors);
        Assert.Empty(officialBrowser.Errors);
    }

    private async Task SignInAsync(IPage page, string role, string subject)
    {
        await page.GotoAsync($"{platform.RestAddress}/{role}");
        var signIn = page.Locator("#demo-signin");
        await signIn.Locator("input").FillAsync(subject);
        await signIn.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#content")).ToBeVisibleAsync();
    }
}
