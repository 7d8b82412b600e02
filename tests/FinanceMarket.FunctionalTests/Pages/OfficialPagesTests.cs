using System.Globalization;
using System.Net;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Subsidies;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The officials' page in real headless Chromium: a bank added, a subsidy programme created (a bad term shown
// beside its field first), the LPR recorded in percent and read back, a claim approved and paid with the
// programme's figures following, and the reconciliation report, including the refusal of another region.
public sealed class OfficialPagesTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Officials_add_a_bank_create_a_programme_read_the_operator_s_LPR_and_approve_and_pay_a_claim()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "official");
        await SignInAsync(page, "130903");

        // Bank ids are national: a district official is told who adds them, and the province's official does.
        await Expect(page.GetByTestId("banks")).ToBeVisibleAsync();
        await Expect(page.Locator("#bank-form-note")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "添加银行" })).ToBeHiddenAsync();
        var bankId = TestData.NewBankId();
        await using (var provinceBrowser = await chromium.NewPageAsync())
        {
            var province = provinceBrowser.Page;
            await SignInAsync(province, "13");
            await province.GetByLabel("银行编号").FillAsync(bankId);
            await province.GetByLabel("银行名称").FillAsync("沧州银行运河支行");
            await province.GetByRole(AriaRole.Button, new() { Name = "添加银行" }).ClickAsync();
            await Expect(province.Locator($"[data-testid='banks'] tr[data-bank-id='{bankId}']")).ToContainTextAsync("沧州银行运河支行");
            await new Screenshots(province, "official").TakeAsync("1-bank");
            Assert.Empty(provinceBrowser.Errors);
        }

        // A programme with a term the API refuses: the message lands beside that field.
        var name = "服务业经营主体贷款贴息 " + bankId;
        await page.GetByText("新建贴息政策").ClickAsync();
        await page.GetByLabel("政策名称").FillAsync(name);
        await page.GetByLabel("贴息利率（基点）").FillAsync("100");
        await page.GetByLabel("每户贴息本金上限（元）").FillAsync("1,000,000");
        await page.GetByLabel("最长贴息期限（月）").FillAsync("0");
        await page.GetByLabel("预算总额（元）").FillAsync("10,000,000");
        await page.GetByLabel("合同签订起始日").FillAsync("2025-03-16");
        await page.GetByLabel("合同签订截止日").FillAsync("2027-12-31");
        await Expect(page.Locator("#p-region")).ToHaveValueAsync("130903");
        await page.Locator("#p-SMALL").CheckAsync();
        await page.Locator("#p-MICRO").CheckAsync();
        await page.GetByLabel("适用行业代码").FillAsync("C");
        await page.Locator("#p-payer-0").FillAsync("central");
        await page.Locator("#p-payer-share-0").FillAsync("9000");
        await page.Locator("#p-payer-1").FillAsync("Hebei province");
        await page.Locator("#p-payer-share-1").FillAsync("1000");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(page.Locator("#p-months")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#p-months-error")).Not.ToBeEmptyAsync();
        await shots.TakeAsync("2-programme-refused");
        await page.GetByLabel("最长贴息期限（月）").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        var programme = page.GetByTestId("programmes").Locator("tr", new() { HasText = name });
        await Expect(programme.GetByTestId("budget")).ToHaveTextAsync("1,000.00 万元");
        await Expect(programme.GetByTestId("budget")).ToHaveAttributeAsync("title", "10,000,000.00 元");
        var programId = await programme.GetAttributeAsync("data-program-id");

        // The LPR is the operator's to record (typed in percent, stored in basis points; a third decimal is
        // refused beside its field) and to correct; the official reads the quote in force.
        var effectiveOn = new DateOnly(2002, 1, 1).AddDays(Random.Shared.Next(0, 6000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(page.Locator("#lpr-form")).ToHaveCountAsync(0);
        await using (var operatorBrowser = await chromium.NewPageAsync())
        {
            var ops = operatorBrowser.Page;
            await ops.GotoAsync($"{platform.RestAddress}/operator");
            await ops.Locator("#signin").GetByLabel("运营人员编号").FillAsync("ops-" + Guid.NewGuid().ToString("N")[..6]);
            await ops.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
            await Expect(ops.GetByRole(AriaRole.Heading, new() { Name = "平台运营" })).ToBeVisibleAsync();
            var record = ops.Locator("#lpr-form");
            await record.GetByLabel("执行日期").FillAsync(effectiveOn);
            await record.GetByLabel("1 年期 LPR（%）").FillAsync("3.005");
            await record.GetByLabel("5 年期以上 LPR（%）").FillAsync("3.50");
            await record.GetByRole(AriaRole.Button, new() { Name = "录入", Exact = true }).ClickAsync();
            await Expect(ops.Locator("#l-one-error")).ToContainTextAsync("两位小数");
            await record.GetByLabel("1 年期 LPR（%）").FillAsync("3.10");
            await record.GetByRole(AriaRole.Button, new() { Name = "录入", Exact = true }).ClickAsync();
            await Expect(ops.Locator("#lpr-form .form-ok")).ToContainTextAsync(effectiveOn);

            var correct = ops.Locator("#lpr-correct");
            await correct.GetByLabel("执行日期").FillAsync(effectiveOn);
            await correct.GetByLabel("1 年期 LPR（%）").FillAsync("3.00");
            await correct.GetByLabel("5 年期以上 LPR（%）").FillAsync("3.50");
            await correct.GetByLabel("原因").FillAsync("误录 3.10%，以央行公告为准");
            await correct.GetByRole(AriaRole.Button, new() { Name = "更正", Exact = true }).ClickAsync();
            await Expect(ops.GetByTestId("lpr-quote")).ToHaveAttributeAsync("data-one-year-bp", "300");
            await Expect(ops.GetByTestId("lpr-corrections")).ToContainTextAsync("更正前：1 年期 3.10%");
            await new Screenshots(ops, "operator").TakeAsync("1-lpr-corrected");
            Assert.Empty(operatorBrowser.Errors);
        }

        await page.Locator("#l-on").FillAsync(effectiveOn);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("lpr-quote")).ToHaveTextAsync($"{effectiveOn} 起执行：1 年期 3.00%，5 年期以上 3.50%");
        await Expect(page.GetByTestId("lpr-quote")).ToHaveAttributeAsync("data-one-year-bp", "300");

        // A claim made by the enterprise through the API waits on the page with its calculation.
        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId!, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        var claimId = (string)claim["claimId"]!;
        await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        var pending = page.GetByTestId("claims-PENDING").Locator($"li[data-claim-id='{claimId}']");
        // The programme by its name, not its id.
        await Expect(pending.GetByTestId("programme")).ToContainTextAsync(name);
        await Expect(pending.GetByTestId("amount")).ToHaveAttributeAsync("title", "2,493.15 元");
        await Expect(pending.GetByTestId("amount")).ToContainTextAsync("贴息 2,493.15 元（本金 100.00 万元，91 天）");
        await Expect(pending).ToContainTextAsync("249315 fen (rounded half up once)");
        await Expect(programme.GetByTestId("reserved")).ToHaveAttributeAsync("data-value", "249315");
        await shots.TakeAsync("3-pending");
        await pending.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        var approved = page.GetByTestId("claims-APPROVED").Locator($"li[data-claim-id='{claimId}']");
        await Expect(approved).ToBeVisibleAsync();
        await Expect(pending).ToHaveCountAsync(0);
        // Four eyes: whoever approved it cannot pay it; an official of the city (which covers the district
        // and the programme) does, from another browser.
        await Expect(approved.GetByRole(AriaRole.Button, new() { Name = "拨付" })).ToBeDisabledAsync();
        await Expect(approved.GetByTestId("approved-by-self")).ToBeVisibleAsync();
        await using (var cityBrowser = await chromium.NewPageAsync())
        {
            await SignInAsync(cityBrowser.Page, "1309");
            var toPay = cityBrowser.Page.GetByTestId("claims-APPROVED").Locator($"li[data-claim-id='{claimId}']");
            await toPay.GetByRole(AriaRole.Button, new() { Name = "拨付" }).ClickAsync();
            await Expect(toPay).ToHaveCountAsync(0);
            Assert.Empty(cityBrowser.Errors);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await Expect(approved).ToHaveCountAsync(0);
        await Expect(programme.GetByTestId("paid")).ToHaveAttributeAsync("title", "2,493.15 元");
        await Expect(programme.GetByTestId("remaining")).ToHaveAttributeAsync("data-value", (1_000_000_000 - 249_315).ToString(CultureInfo.InvariantCulture));
        Assert.Equal("PAID", (string?)(await scenario.Official.GetJsonAsync($"/api/v1/subsidy-claims/{claimId}")).Body["status"]);
        await shots.TakeAsync("4-paid");

        // The report renders (130903 is shared with other tests, so whether it differs is not asserted here).
        await page.GetByRole(AriaRole.Button, new() { Name = "开始对账" }).ClickAsync();
        await Expect(page.GetByTestId("report-summary")).ToBeVisibleAsync();
        await Accessibility.AssertBasicsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Partner banks" })).ToBeVisibleAsync();
        await Expect(programme.GetByTestId("paid")).ToHaveTextAsync("2,493.15 元");
        await Expect(page.GetByTestId("lpr-quote")).ToHaveTextAsync($"In force from {effectiveOn}: 1-year 3.00%, 5-year and above 3.50%");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_fresh_region_reconciles_with_no_differences_and_another_region_is_refused()
    {
        var region = TestData.FreshRegion();
        await platform.CreateBankAsync();
        await using var browser = await chromium.NewPageAsync(390, 844);
        var page = browser.Page;
        var shots = new Screenshots(page, "official");
        await SignInAsync(page, region);

        await Expect(page.Locator("#r-region")).ToHaveValueAsync(region);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始对账" }).ClickAsync();
        await Expect(page.GetByTestId("report-summary")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^无差异：{region} "));
        await Expect(page.Locator("#no-pending")).ToBeVisibleAsync();
        await shots.TakeAsync("5-no-differences");

        // The lists cannot be read for a while: what was read before is not left on screen as current.
        var banks = page.GetByTestId("banks").Locator("tbody tr");
        var programmes = page.GetByTestId("programmes").Locator("tbody tr");
        await Expect(banks).Not.ToHaveCountAsync(0);
        await Expect(programmes).ToHaveTextAsync("本地区暂无贴息政策。");
        Func<string, bool> lists = url =>
            url.Contains("/banks?", StringComparison.Ordinal) || url.Contains("/subsidy-programs?", StringComparison.Ordinal) || url.Contains("/subsidy-claims?", StringComparison.Ordinal);
        await page.RouteAsync(lists, PageSteps.UnavailableAsync);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("#banks-error")).ToContainTextAsync("The platform cannot answer right now");
        await Expect(page.Locator("#programmes-error")).ToContainTextAsync("The platform cannot answer right now");
        await Expect(page.Locator("#claims-error")).ToContainTextAsync("The platform cannot answer right now");
        await Expect(banks).ToHaveCountAsync(0);
        await Expect(programmes).ToHaveCountAsync(0);
        await Expect(page.Locator("#no-pending")).ToBeHiddenAsync();
        await page.UnrouteAsync(lists);
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(banks).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#no-pending")).ToBeVisibleAsync();
        await Expect(page.Locator("#banks-error")).ToBeHiddenAsync();

        // Another region's figures are the API's to refuse, and the page says so instead of an empty report.
        await page.Locator("#r-region").FillAsync("130903");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始对账" }).ClickAsync();
        await Expect(page.Locator("#reconcile-form .form-error")).ToContainTextAsync("无权查看");
        await Expect(page.GetByTestId("report")).ToBeEmptyAsync();
        await shots.TakeAsync("6-refused");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task The_audit_log_shows_the_regions_entries_and_the_operator_checks_its_chain()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        await Audit.AuditLogTests.EventuallyLoggedAsync(scenario.Official, "subsidy-program/" + programId, 1);

        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await SignInAsync(page, "130903");
        var audit = page.Locator("#audit-form");
        await audit.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        var row = page.GetByTestId("audit").Locator("tbody tr", new() { HasText = "subsidy-program/" + programId });
        await Expect(row).ToContainTextAsync("program.created");
        // Another region's log is not this official's to read: the refusal shows, no rows.
        await audit.GetByLabel("行政区划代码").FillAsync("1311");
        await audit.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.Locator("#audit-error")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        await new Screenshots(page, "official").TakeAsync("5-audit");
        Assert.DoesNotContain(browser.Errors, e => !e.Contains("403", StringComparison.Ordinal));

        await using var operatorBrowser = await chromium.NewPageAsync();
        var ops = operatorBrowser.Page;
        await ops.GotoAsync($"{platform.RestAddress}/operator");
        await ops.Locator("#signin").GetByLabel("运营人员编号").FillAsync("ops-" + Guid.NewGuid().ToString("N")[..6]);
        await ops.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await ops.GetByRole(AriaRole.Button, new() { Name = "核验哈希链" }).ClickAsync();
        await Expect(ops.GetByTestId("audit-verified")).ToHaveAttributeAsync("data-intact", "true");
        await Expect(ops.GetByTestId("audit-verified")).ToContainTextAsync("哈希链完整");
        await Accessibility.AssertBasicsAsync(ops);
        await new Screenshots(ops, "operator").TakeAsync("2-audit-verified");
        Assert.Empty(operatorBrowser.Errors);
    }

    [Fact]
    public async Task Officials_see_a_silent_bank_s_overdue_steps_by_name_note_their_follow_up_and_sort_the_league_table()
    {
        // A platform of its own with a demo clock, so that days can pass and only this test's banks are in its region.
        await using var market = await Replay.ReplayPlatform.StartAsync(platform);
        var cancel = TestContext.Current.CancellationToken;
        using var province = platform.Rest(await platform.OfficialAsync("13"), market.RestAddress);
        var bankId = TestData.NewBankId();
        Assert.Equal(HttpStatusCode.OK, (await province.SendJsonAsync("/api/v1/banks", new { bankId, name = "沧州银行运河支行" })).Status);
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId), market.RestAddress);
        var product = Api.Product("Credit loan");
        product["decisionSlaDays"] = 22;
        var (_, listing) = await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products", product);
        var uscc = TestData.NewUscc("130903");
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc), market.RestAddress);
        Assert.Equal(HttpStatusCode.OK, (await enterprise.SendJsonAsync("/api/v1/enterprises", Api.Enterprise(uscc))).Status);
        var enterpriseName = (string)(await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}")).Body["name"]!;
        var applied = HttpStatusCode.BadRequest;
        for (var until = DateTime.UtcNow.AddSeconds(20); applied != HttpStatusCode.OK && DateTime.UtcNow < until; await Task.Delay(200, cancel))
        {
            var (_, need) = await enterprise.SendJsonAsync("/api/v1/financing-needs", new { uscc, amountFen = 50_000_000, termMonths = 12, purpose = "Raw materials" });
            (applied, _) = await enterprise.SendJsonAsync("/api/v1/applications", new { needId = (string?)need["needId"], productId = (string?)listing["productId"], consentToCreditQuery = true });
        }

        Assert.Equal(HttpStatusCode.OK, applied);
        // Two weeks on, the bank has neither contacted the enterprise (3 working days) nor decided (5).
        var (_, clock) = await province.GetJsonAsync("/api/v1/dev/clock");
        var today = DateOnly.Parse((string)clock["today"]!, CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await province.SendJsonAsync("/api/v1/dev/clock", new { today = today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, HttpMethod.Put)).Status);
        using var district = platform.Rest(await platform.OfficialAsync("130903"), market.RestAddress);
        for (var until = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < until; await Task.Delay(200, cancel))
        {
            var (_, notices) = await district.GetJsonAsync("/api/v1/notifications");
            var (_, cards) = await district.GetJsonAsync("/api/v1/scorecards");
            if ((int)notices["unreadCount"]! >= 2 && (cards["scorecards"]?.AsArray().Count ?? 0) >= 1)
            {
                break;
            }
        }

        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"{market.RestAddress}/official");
        await page.Locator("#signin").GetByLabel("行政区划代码").FillAsync("130903");
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        // The list names the bank and the enterprise, the step and its lateness in working days.
        var rows = page.GetByTestId("supervision").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("沧州银行运河支行");
        await Expect(rows.First).ToContainTextAsync(enterpriseName);
        await Expect(rows.First).ToContainTextAsync("首次联系 · 逾期未办");
        await Expect(rows.Nth(1)).ToContainTextAsync("审批 · 逾期未办");
        await Expect(page.GetByTestId("overdue-by-bank")).ToContainTextAsync("沧州银行运河支行：逾期未办 2 项");
        await Accessibility.AssertBasicsAsync(page);

        // A follow-up note: empty is refused beside its field, then kept on the step.
        var first = rows.First;
        await first.GetByRole(AriaRole.Button, new() { Name = "添加督办记录" }).ClickAsync();
        await Expect(first.Locator(".field-error")).Not.ToBeEmptyAsync();
        await first.GetByLabel($"对沧州银行运河支行（{enterpriseName}）的督办记录").FillAsync("已电话督促支行负责人，承诺明日联系企业");
        await first.GetByRole(AriaRole.Button, new() { Name = "添加督办记录" }).ClickAsync();
        await Expect(page.GetByTestId("supervision").Locator("tbody tr").First.GetByTestId("notes")).ToContainTextAsync("已电话督促支行负责人，承诺明日联系企业");

        // The league table: the bank by name with its two overdue steps; a click on a column sorts by it.
        var league = page.GetByTestId("league");
        var row = league.Locator($"tr[data-bank-id='{bankId}']");
        await Expect(row.Locator("th")).ToHaveTextAsync("沧州银行运河支行");
        await Expect(league.Locator("th[aria-sort='descending']")).ToContainTextAsync("逾期环节");
        await league.GetByRole(AriaRole.Button, new() { Name = "按逾期环节排序" }).ClickAsync();
        await Expect(league.Locator("th[aria-sort='ascending']")).ToContainTextAsync("逾期环节");
        await league.GetByRole(AriaRole.Button, new() { Name = "按收到申请排序" }).ClickAsync();
        await Expect(league.Locator("th[aria-sort='descending']")).ToContainTextAsync("收到申请");

        // The officials' inbox: both late steps, by name.
        var toggle = page.GetByTestId("inbox-toggle");
        await Expect(toggle).ToHaveTextAsync("通知（未读 2）");
        await toggle.ClickAsync();
        await Expect(page.GetByTestId("notifications").Locator("li", new() { HasText = $"沧州银行运河支行对{enterpriseName}的申请未按时" })).ToHaveCountAsync(2);
        await toggle.ClickAsync();
        await new Screenshots(page, "official").TakeAsync("supervision", page.Locator("#supervision"));
        Assert.Empty(browser.Errors);
    }

    private async Task SignInAsync(IPage page, string region)
    {
        await page.GotoAsync($"{platform.RestAddress}/official");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("行政区划代码").FillAsync(region);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "合作银行" })).ToBeVisibleAsync();
    }
}
