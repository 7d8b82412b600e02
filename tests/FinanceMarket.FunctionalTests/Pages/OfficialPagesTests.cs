using System.Globalization;
using System.Net;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Subsidies;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The officials' page in real headless Chromium: a bank added, a subsidy programme created (a bad term shown
// beside its field first; rates in %, region and industries picked by name; the form emptied after, one
// programme per filling), edited until its first claim and closed; the LPR recorded in percent and read back;
// claims approved, rejected and paid, each confirmed first and left in view with its new status, with the
// programme's figures following; and the reconciliation report, including the refusal of another region.
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
        await page.GetByLabel("贴息利率（%）").FillAsync("1.00");
        await page.GetByLabel("每户贴息本金上限（元）").FillAsync("1,000,000");
        await page.GetByLabel("最长贴息期限（月）").FillAsync("0");
        await page.GetByLabel("预算总额（元）").FillAsync("10,000,000");
        await page.GetByLabel("合同签订起始日").FillAsync("2025-03-16");
        await page.GetByLabel("合同签订截止日").FillAsync("2027-12-31");
        await Expect(page.Locator("#p-region")).ToHaveValueAsync("130903");
        await page.Locator("#p-SMALL").CheckAsync();
        await page.Locator("#p-MICRO").CheckAsync();
        await page.GetByLabel("搜索行业（名称或代码）").FillAsync("制造业");
        await page.Locator("#p-industries").GetByLabel("制造业 C", new() { Exact = true }).CheckAsync();
        await page.Locator("#p-payer-0").FillAsync("central");
        await page.Locator("#p-payer-share-0").FillAsync("90");
        await page.Locator("#p-payer-1").FillAsync("Hebei province");
        await page.Locator("#p-payer-share-1").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(page.Locator("#p-months")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#p-months-error")).Not.ToBeEmptyAsync();
        await shots.TakeAsync("2-programme-refused");
        await page.GetByLabel("最长贴息期限（月）").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(page.Locator("#programme-form .form-ok")).ToContainTextAsync(name);
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
        await page.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认通过" }).ClickAsync();
        await Expect(pending.GetByTestId("status")).ToHaveTextAsync("待拨付");
        await page.GetByRole(AriaRole.Tab, new() { Name = "待拨付" }).ClickAsync();
        var approved = page.GetByTestId("claims-APPROVED").Locator($"li[data-claim-id='{claimId}']");
        await Expect(approved).ToBeVisibleAsync();
        // Four eyes: whoever approved it cannot pay it; an official of the city (which covers the district
        // and the programme) does, from another browser.
        await Expect(approved.GetByRole(AriaRole.Button, new() { Name = "拨付" })).ToBeDisabledAsync();
        await Expect(approved.GetByTestId("approved-by-self")).ToBeVisibleAsync();
        await using (var cityBrowser = await chromium.NewPageAsync())
        {
            await SignInAsync(cityBrowser.Page, "1309");
            await cityBrowser.Page.GetByRole(AriaRole.Tab, new() { Name = "待拨付" }).ClickAsync();
            var toPay = cityBrowser.Page.GetByTestId("claims-APPROVED").Locator($"li[data-claim-id='{claimId}']");
            await toPay.GetByRole(AriaRole.Button, new() { Name = "拨付" }).ClickAsync();
            await cityBrowser.Page.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认拨付" }).ClickAsync();
            await Expect(toPay.GetByTestId("status")).ToHaveTextAsync("已拨付");
            Assert.Empty(cityBrowser.Errors);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await Expect(approved).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "已拨付" }).ClickAsync();
        await Expect(page.GetByTestId("claims-PAID").Locator($"li[data-claim-id='{claimId}']").GetByTestId("status")).ToHaveTextAsync("已拨付");
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

    [Fact]
    public async Task Approving_paying_and_rejecting_a_claim_show_it_first_act_only_once_confirmed_and_leave_it_in_view()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (firstStatus, first) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(firstStatus == HttpStatusCode.OK, first.ToJsonString());
        var (secondStatus, second) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 91, 182));
        Assert.True(secondStatus == HttpStatusCode.OK, second.ToJsonString());
        var firstId = (string)first["claimId"]!;
        var secondId = (string)second["claimId"]!;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "official-claims");
        await SignInAsync(page, "130903");

        // Approving shows the claim by its names, its amount in 元 and its period, and waits for a yes: cancelled,
        // nothing changes.
        var pending = page.GetByTestId("claims-PENDING").Locator($"li[data-claim-id='{firstId}']");
        await pending.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        var dialog = page.GetByTestId("confirm");
        await Expect(dialog).ToContainTextAsync("审核通过这笔贴息申请？");
        await Expect(dialog).ToContainTextAsync((string)first["enterpriseName"]!);
        await Expect(dialog).ToContainTextAsync((string)first["programName"]!);
        await Expect(dialog).ToContainTextAsync((string)first["bankName"]!);
        await Expect(dialog).ToContainTextAsync("2,493.15 元");
        await Expect(dialog).ToContainTextAsync($"{(string)first["periodStart"]!} 至 {(string)first["periodEnd"]!}");
        await shots.TakeAsync("1-approve-asks");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(pending.GetByTestId("status")).ToHaveTextAsync("待审核");
        Assert.Equal("PENDING", await ClaimStatusAsync(scenario, firstId));

        await pending.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认通过" }).ClickAsync();
        await Expect(pending.GetByTestId("status")).ToHaveTextAsync("待拨付");
        await Expect(pending.GetByTestId("done")).ToContainTextAsync("已审核通过");
        await Expect(pending.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        Assert.Equal("APPROVED", await ClaimStatusAsync(scenario, firstId));

        // Rejecting asks why (empty is refused beside the field), shows the reason with the claim, and the claim
        // stays in view as rejected.
        var other = page.GetByTestId("claims-PENDING").Locator($"li[data-claim-id='{secondId}']");
        await other.Locator("[data-action='reject']").ClickAsync();
        var rejecting = other.Locator("form.reason");
        await rejecting.GetByRole(AriaRole.Button, new() { Name = "驳回", Exact = true }).ClickAsync();
        await Expect(rejecting.Locator(".field-error")).Not.ToBeEmptyAsync();
        Assert.Equal("PENDING", await ClaimStatusAsync(scenario, secondId));
        const string reason = "贷款资金用途与申报不符，请补充资金流向证明";
        await rejecting.GetByLabel("驳回原因（企业和银行可见）").FillAsync(reason);
        await rejecting.GetByRole(AriaRole.Button, new() { Name = "驳回", Exact = true }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("驳回这笔贴息申请？");
        await Expect(dialog).ToContainTextAsync(reason);
        await shots.TakeAsync("2-reject-asks");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认驳回" }).ClickAsync();
        await Expect(other.GetByTestId("status")).ToHaveTextAsync("已驳回");
        await Expect(other.GetByTestId("decided")).ToContainTextAsync(reason);
        var rejected = (await scenario.Official.GetJsonAsync($"/api/v1/subsidy-claims/{secondId}")).Body;
        Assert.Equal("REJECTED", (string?)rejected["status"]);
        Assert.Equal(reason, (string?)rejected["rejectionReason"]);
        await page.GetByRole(AriaRole.Tab, new() { Name = "已驳回" }).ClickAsync();
        await Expect(page.GetByTestId("claims-REJECTED").Locator($"li[data-claim-id='{secondId}']").GetByTestId("status")).ToHaveTextAsync("已驳回");
        await shots.TakeAsync("3-rejected");

        // Another official pays (four eyes): asked first, cancel changes nothing; once paid, the claim stays in
        // view as paid, a green line and a toast say so, and the paid tab lists it.
        await using var cityBrowser = await chromium.NewPageAsync();
        var city = cityBrowser.Page;
        await SignInAsync(city, "1309");
        await city.GetByRole(AriaRole.Tab, new() { Name = "待拨付" }).ClickAsync();
        var toPay = city.GetByTestId("claims-APPROVED").Locator($"li[data-claim-id='{firstId}']");
        await toPay.GetByRole(AriaRole.Button, new() { Name = "拨付" }).ClickAsync();
        var cityDialog = city.GetByTestId("confirm");
        await Expect(cityDialog).ToContainTextAsync("拨付这笔贴息？");
        await Expect(cityDialog).ToContainTextAsync("2,493.15 元");
        await cityDialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(toPay.GetByTestId("status")).ToHaveTextAsync("待拨付");
        Assert.Equal("APPROVED", await ClaimStatusAsync(scenario, firstId));
        await toPay.GetByRole(AriaRole.Button, new() { Name = "拨付" }).ClickAsync();
        await cityDialog.GetByRole(AriaRole.Button, new() { Name = "确认拨付" }).ClickAsync();
        await Expect(toPay.GetByTestId("status")).ToHaveTextAsync("已拨付");
        await Expect(toPay.GetByTestId("done")).ToContainTextAsync("拨付贴息 2,493.15 元");
        await Expect(city.GetByTestId("toasts").Locator(".toast.success")).ToContainTextAsync("拨付贴息 2,493.15 元");
        Assert.Equal("PAID", await ClaimStatusAsync(scenario, firstId));
        var cityShots = new Screenshots(city, "official-claims");
        await cityShots.TakeAsync("4-paid-in-place");
        await city.GetByRole(AriaRole.Tab, new() { Name = "已拨付" }).ClickAsync();
        var paid = city.GetByTestId("claims-PAID").Locator($"li[data-claim-id='{firstId}']");
        await Expect(paid.GetByTestId("status")).ToHaveTextAsync("已拨付");
        await cityShots.TakeAsync("5-paid-tab");
        // A success toast leaves by itself after a while: the round of the controls starts once it has.
        await Expect(city.GetByTestId("toasts").Locator(".toast")).ToHaveCountAsync(0);
        await Accessibility.AssertBasicsAsync(city);

        await city.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(city.GetByRole(AriaRole.Tab, new() { Name = "Paid" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(paid.GetByTestId("status")).ToHaveTextAsync("Paid");
        Assert.Empty(cityBrowser.Errors);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Programme_rates_are_typed_in_percent_places_chosen_by_name_and_one_filling_makes_one_programme()
    {
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "official-programmes");
        await SignInAsync(page, "130903");
        await page.GetByText("新建贴息政策").ClickAsync();
        var form = page.Locator("#programme-form");

        // The region and the industries are chosen by their names, from the API's lists.
        await Expect(page.Locator("#p-region option:checked")).ToHaveTextAsync("运河区（130903）");
        var industries = page.Locator("#p-industries");
        await Expect(industries.GetByLabel("制造业 C", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("搜索行业（名称或代码）").FillAsync("汽车");
        await Expect(industries.GetByLabel("汽车制造业 C36", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(industries.GetByLabel("批发业 F51", new() { Exact = true })).ToBeHiddenAsync();
        await industries.GetByLabel("汽车制造业 C36", new() { Exact = true }).CheckAsync();
        await Expect(page.GetByTestId("p-industries-chosen")).ToHaveTextAsync("已选 1 项：汽车制造业（C36）");

        // Rates and shares in percent, stored as basis points exactly.
        var name = "汽车零部件技术改造贷款贴息 " + Guid.NewGuid().ToString("N")[..6];
        await FillProgrammeAsync(page, name);
        await page.GetByLabel("贴息方式").SelectOptionAsync("MIN_OF_FIXED_AND_SHARE");
        await page.GetByLabel("贴息利率（%）").FillAsync("3.45");
        await page.GetByLabel("占合同利率比例（%）").FillAsync("50");
        await page.Locator("#p-payer-0").FillAsync("central");
        await page.Locator("#p-payer-share-0").FillAsync("90.5");
        await page.Locator("#p-payer-1").FillAsync("Hebei province");
        await page.Locator("#p-payer-share-1").FillAsync("9.5");
        await shots.TakeAsync("1-percent-and-pickers");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(form.Locator(".form-ok")).ToContainTextAsync(name);
        await Expect(page.GetByTestId("toasts").Locator(".toast.success")).ToContainTextAsync(name);
        var row = page.GetByTestId("programmes").Locator("tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("3.45%");
        var stored = (await official.GetJsonAsync($"/api/v1/subsidy-programs/{await row.GetAttributeAsync("data-program-id")}")).Body;
        Assert.Equal(345, (int)stored["rateBp"]!);
        Assert.Equal(5000, (int)stored["shareOfContractRateBp"]!);
        Assert.Equal([9050, 950], stored["fundingShares"]!.AsArray().Select(share => (int)share!["shareBp"]!));
        Assert.Equal(["C36"], stored["eligibility"]!["industryCodes"]!.AsArray().Select(code => (string)code!));
        Assert.Equal("130903", (string?)stored["regionCode"]);
        Assert.Equal("500000000", stored["budgetFen"]!.ToString());

        // The form empties once it went through: a second click is refused, it makes no copy.
        await Expect(page.GetByLabel("政策名称")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("贴息利率（%）")).ToHaveValueAsync("");
        await Expect(industries.GetByLabel("汽车制造业 C36", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Expect(page.GetByTestId("p-industries-chosen")).ToContainTextAsync("未选行业");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(page.Locator("#p-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await shots.TakeAsync("2-cleared");
        Assert.Equal(1, await ProgrammesNamedAsync(official, name));

        // The answer to a creation is lost: the page says so and keeps the form; sent again, the same filling
        // makes the one programme the first send made.
        var again = name + " 二期";
        await FillProgrammeAsync(page, again);
        await page.GetByLabel("贴息利率（%）").FillAsync("1");
        const string create = "**/api/v1/subsidy-programs";
        await page.RouteAsync(create, async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            await route.FetchAsync();
            await PageSteps.UnavailableAsync(route);
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(form.Locator(".form-error")).ToContainTextAsync("平台暂时无法应答");
        await Expect(page.GetByLabel("政策名称")).ToHaveValueAsync(again);
        await page.UnrouteAsync(create);
        await page.GetByRole(AriaRole.Button, new() { Name = "创建政策" }).ClickAsync();
        await Expect(form.Locator(".form-ok")).ToContainTextAsync(again);
        Assert.Equal(1, await ProgrammesNamedAsync(official, again));
        await Expect(page.GetByTestId("toasts").Locator(".toast")).ToHaveCountAsync(0);
        await Accessibility.AssertBasicsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("#p-region option:checked")).ToHaveTextAsync("Yunhe District (130903)");
        await Expect(industries.GetByLabel("Manufacturing C", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Subsidy rate (%)")).ToBeVisibleAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_programme_is_edited_until_its_first_claim_and_closed_with_a_reason()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var name = "小微企业经营贷款贴息 " + Guid.NewGuid().ToString("N")[..6];
        var terms = SubsidyScenario.Programme();
        terms["name"] = name;
        var programId = await scenario.CreateProgrammeAsync(terms);
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "official-programmes");
        await SignInAsync(page, "130903");

        // Open and unclaimed: it can be edited, its terms shown in the units typed.
        var row = page.GetByTestId("programmes").Locator($"tr[data-program-id='{programId}']");
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("执行中");
        await Expect(row.GetByTestId("claims-made")).ToHaveTextAsync("0");
        await row.GetByRole(AriaRole.Button, new() { Name = "编辑" }).ClickAsync();
        await Expect(page.GetByTestId("editing")).ToContainTextAsync(name);
        await Expect(page.GetByLabel("政策名称")).ToHaveValueAsync(name);
        await Expect(page.GetByLabel("贴息利率（%）")).ToHaveValueAsync("1.00");
        await Expect(page.GetByLabel("预算总额（元）")).ToHaveValueAsync("10000000.00");
        await Expect(page.Locator("#p-payer-share-0")).ToHaveValueAsync("90.00");
        await Expect(page.Locator("#p-industries").GetByLabel("制造业 C", new() { Exact = true })).ToBeCheckedAsync();
        await page.GetByLabel("贴息利率（%）").FillAsync("1.20");
        await page.GetByLabel("预算总额（元）").FillAsync("2000万");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.Locator("#programme-form .form-ok")).ToContainTextAsync("已保存");
        await Expect(row.GetByTestId("budget")).ToHaveTextAsync("2,000.00 万元");
        var edited = await scenario.ProgrammeAsync(programId);
        Assert.Equal(120, (int)edited["rateBp"]!);
        Assert.Equal("2000000000", edited["budgetFen"]!.ToString());
        Assert.Equal("2", edited["version"]!.ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "创建政策" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("政策名称")).ToHaveValueAsync("");
        await shots.TakeAsync("3-edited");

        // A claim arrives while the official edits again: the terms are fixed from it, and the page says so.
        await row.GetByRole(AriaRole.Button, new() { Name = "编辑" }).ClickAsync();
        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        await page.GetByLabel("政策名称").FillAsync(name + "（修订）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.Locator("#programme-form .form-error")).ToContainTextAsync("已收到 1 笔贴息申请");
        await Expect(row.GetByTestId("claims-made")).ToHaveTextAsync("1");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "编辑" })).ToHaveCountAsync(0);
        Assert.Equal(name, (string?)(await scenario.ProgrammeAsync(programId))["name"]);
        await shots.TakeAsync("4-edit-refused");

        // Closing asks why (empty is refused), shows what closes, and does nothing when cancelled.
        await row.GetByRole(AriaRole.Button, new() { Name = "关闭" }).ClickAsync();
        var closing = page.Locator("[data-testid='programmes'] tr.closing");
        await closing.GetByRole(AriaRole.Button, new() { Name = "关闭政策" }).ClickAsync();
        await Expect(closing.Locator(".field-error")).Not.ToBeEmptyAsync();
        const string reason = "年度预算已安排完毕，新申请转入2026年度政策";
        await closing.GetByLabel($"关闭“{name}”的原因").FillAsync(reason);
        await closing.GetByRole(AriaRole.Button, new() { Name = "关闭政策" }).ClickAsync();
        var dialog = page.GetByTestId("confirm");
        await Expect(dialog).ToContainTextAsync(name);
        await Expect(dialog).ToContainTextAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        Assert.Equal("OPEN", (string?)(await scenario.ProgrammeAsync(programId))["status"]);
        await closing.GetByRole(AriaRole.Button, new() { Name = "关闭政策" }).ClickAsync();
        await shots.TakeAsync("5-close-asks");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "关闭政策" }).ClickAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("已关闭");
        await Expect(row.GetByTestId("closed")).ToContainTextAsync(reason);
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("programmes-note")).ToContainTextAsync(name);
        var closed = await scenario.ProgrammeAsync(programId);
        Assert.Equal("CLOSED", (string?)closed["status"]);
        Assert.Equal(reason, (string?)closed["closeReason"]);
        await shots.TakeAsync("6-closed");
        await Expect(page.GetByTestId("toasts").Locator(".toast")).ToHaveCountAsync(0);
        await Accessibility.AssertBasicsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("closed");
        Assert.Empty(browser.Errors);
    }

    private static async Task<string?> ClaimStatusAsync(SubsidyScenario scenario, string claimId) =>
        (string?)(await scenario.Official.GetJsonAsync($"/api/v1/subsidy-claims/{claimId}")).Body["status"];

    // The programmes of the district with that name, every page read.
    private static async Task<int> ProgrammesNamedAsync(HttpClient official, string name)
    {
        var count = 0;
        var token = "";
        do
        {
            var (status, page) = await official.GetJsonAsync($"/api/v1/subsidy-programs?regionCode=130903&pageSize=100&pageToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, status);
            count += page["programs"]?.AsArray().Count(p => (string?)p!["name"] == name) ?? 0;
            token = (string?)page["nextPageToken"] ?? "";
        }
        while (token.Length > 0);
        return count;
    }

    // The terms every programme of these tests shares (a 1,000,000 元 cap, 12 months, a 500万元 budget,
    // 2025-2027); not sent.
    private static async Task FillProgrammeAsync(IPage page, string name)
    {
        await page.GetByLabel("政策名称").FillAsync(name);
        await page.GetByLabel("每户贴息本金上限（元）").FillAsync("1,000,000");
        await page.GetByLabel("最长贴息期限（月）").FillAsync("12");
        await page.GetByLabel("预算总额（元）").FillAsync("500万");
        await page.GetByLabel("合同签订起始日").FillAsync("2025-03-16");
        await page.GetByLabel("合同签订截止日").FillAsync("2027-12-31");
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
