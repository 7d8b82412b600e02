using System.Globalization;
using System.Net;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Matching;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The bank's desk in real headless Chromium: list a product (a bad field's message beside it), edit one from
// its shelf (lose a race to another officer), work its inbox as a table (sort, status tabs, search, pages, a
// CSV export) and decide applications from their panel (approve with a rate typed in %, reject with a reason,
// each after a confirming summary; lose a race), delist with a confirmation, and count its own figures;
// another bank's id is refused by the API and the page says so.
public sealed class BankPagesTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_bank_lists_a_product_approves_an_application_at_3_45_percent_and_counts_it()
    {
        var bankId = await platform.CreateBankAsync();
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "bank");
        await SignInAsync(page, bankId);
        await Expect(page.Locator("#no-applications")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("0");

        // A product whose industry list the catalog refuses: the message names the entry, beside the input.
        var name = "税易贷 " + bankId;
        await PageSteps.FillProductAsync(page, name, "C, 9Z", "1309");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布产品" }).ClickAsync();
        await Expect(page.Locator("#p-industries")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#p-industries-error")).ToContainTextAsync("第 2 项“9Z”");
        await shots.TakeAsync("0-bad-field");

        await page.GetByLabel("行业代码（逗号分隔）").FillAsync("C");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布产品" }).ClickAsync();
        await Expect(page.GetByTestId("product-note")).ToContainTextAsync("已发布");
        var card = page.GetByTestId("products").Locator("li", new() { HasText = name });
        await Expect(card).ToContainTextAsync("10.00 万元 – 300.00 万元");
        await Expect(card).ToContainTextAsync("小型、微型");
        var productId = (await card.GetAttributeAsync("data-product-id"))!;
        await shots.TakeAsync("1-shelf");

        // An enterprise applies through the API once the product has reached matching by its event.
        using var scenario = await MatchingScenario.ForProductAsync(platform, bankId, productId);
        var application = await scenario.ApplyAsync();
        var applicationId = (string)application["applicationId"]!;

        await page.ReloadAsync();
        var item = page.GetByTestId("inbox").Locator($"tr[data-application-id='{applicationId}']");
        await Expect(Cell(item, "amount")).ToHaveTextAsync("50.00 万元");
        await Expect(Cell(item, "term")).ToHaveTextAsync("12 个月");
        await Expect(item).ToContainTextAsync(scenario.Uscc);
        // The firm by name, its industry by the standard's name, and what its need said.
        var (_, registered) = await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}");
        await Expect(item.GetByTestId("enterprise-name")).ToHaveTextAsync((string)registered["name"]!);
        await Expect(Cell(item, "industry")).ToHaveTextAsync("通用设备制造业");
        await Expect(Cell(item, "purpose")).ToHaveTextAsync("Working capital for raw materials");
        await Expect(Cell(item, "collateral")).ToHaveTextAsync("无");
        await Expect(Cell(item, "decideBy")).ToHaveTextAsync((string)application["decideBy"]!);
        await Expect(item.GetByTestId("status")).ToHaveTextAsync("待审批");
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("1");
        await Accessibility.AssertBasicsAsync(page);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await shots.TakeAsync("2-inbox");

        // The decision form, in the application's panel, starts from the request and shows the product's
        // limits; the rate is typed in %.
        await item.GetByTestId("enterprise-name").ClickAsync();
        var panel = page.GetByTestId("application-panel");
        await Expect(panel.GetByTestId("detail-industry")).ToHaveTextAsync("通用设备制造业（C34）");
        await Expect(page.GetByTestId("decision-limits")).ToHaveTextAsync("产品额度 10.00 万元 – 300.00 万元，期限 6–36 个月");
        await Expect(page.GetByLabel("批准金额（元）")).ToHaveValueAsync("500000.00");
        await Expect(page.GetByLabel("期限（月）", new() { Exact = true })).ToHaveValueAsync("12");
        await page.GetByLabel("年利率（%）").FillAsync("3.45");
        await shots.TakeAsync("3-decision");
        await page.GetByRole(AriaRole.Button, new() { Name = "批准并签约" }).ClickAsync();
        await page.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认批准" }).ClickAsync();
        await Expect(page.GetByTestId("inbox-message")).ToContainTextAsync("已批准");
        await Expect(page.GetByTestId("inbox-message")).ToContainTextAsync("3.45%");
        // Decided, the row stays where it was, with its new status.
        await Expect(item.GetByTestId("status")).ToHaveTextAsync("已批准");
        await Expect(page.GetByTestId("approved")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("50.00 万元");
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("0");
        await shots.TakeAsync("4-approved");

        var (status, decided) = await scenario.Bank.GetJsonAsync($"/api/v1/applications/{applicationId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(345, (int)decided["deal"]!["annualRateBp"]!);
        Assert.Equal("50000000", decided["deal"]!["grantedAmountFen"]!.ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Loan applications" })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("tax-based loan");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_a_lost_race_is_told_and_a_delisting_is_confirmed()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var first = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var second = (string)(await scenario.ApplyAsync())["applicationId"]!;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await SignInAsync(page, scenario.BankId);
        var inbox = page.GetByTestId("inbox").Locator("tbody tr");
        await Expect(inbox).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("2");

        // The applications and the shelf cannot be read for a while: what was read before is not left on screen
        // as current.
        var shelf = page.GetByTestId("products").Locator("li");
        await Expect(shelf).ToHaveCountAsync(1);
        Func<string, bool> applications = url => url.Contains("/applications?", StringComparison.Ordinal) || url.Contains("/api/v1/products?", StringComparison.Ordinal);
        await page.RouteAsync(applications, PageSteps.UnavailableAsync);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("#inbox-error")).ToContainTextAsync("The platform cannot answer right now");
        await Expect(inbox).ToHaveCountAsync(0);
        await Expect(page.Locator("#no-applications")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("—");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("—");
        await Expect(shelf).ToHaveCountAsync(0);
        await Expect(page.Locator("#no-products")).ToBeHiddenAsync();
        await Expect(page.Locator("#shelf-message")).ToContainTextAsync("The platform cannot answer right now");
        await page.UnrouteAsync(applications);
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(inbox).ToHaveCountAsync(2);
        await Expect(shelf).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("pending")).ToHaveTextAsync("2");
        await Expect(page.Locator("#inbox-error")).ToBeHiddenAsync();

        await page.Locator($"tr[data-application-id='{first}']").GetByTestId("enterprise-name").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "拒绝申请" }).ClickAsync();
        await Expect(page.Locator("#r-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#r-reason-error")).ToHaveTextAsync("拒绝时须填写原因。");
        await page.GetByLabel("拒绝原因").FillAsync("经营年限不足两年");
        await page.GetByRole(AriaRole.Button, new() { Name = "拒绝申请" }).ClickAsync();
        await Expect(page.Locator("#r-code-error")).ToHaveTextAsync("请选择拒绝类别。");
        await page.GetByLabel("拒绝类别").SelectOptionAsync("CREDIT_HISTORY");
        await page.GetByRole(AriaRole.Button, new() { Name = "拒绝申请" }).ClickAsync();
        await page.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认拒绝" }).ClickAsync();
        await Expect(page.GetByTestId("inbox-message")).ToContainTextAsync("已拒绝");
        await Expect(page.GetByTestId("rejected")).ToHaveTextAsync("1");
        await Expect(page.Locator($"tr[data-application-id='{first}']").GetByTestId("status")).ToHaveTextAsync("已拒绝");

        // Someone else decides the second one while its form is open: 409, nothing changed, and the row and the
        // panel show it as it now is.
        await page.Locator($"tr[data-application-id='{second}']").GetByTestId("enterprise-name").ClickAsync();
        var (approved, body) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{second}:approve", MatchingScenario.Approval());
        Assert.True(approved == HttpStatusCode.OK, body.ToJsonString());
        await page.GetByLabel("年利率（%）").FillAsync("4.35");
        await page.GetByRole(AriaRole.Button, new() { Name = "批准并签约" }).ClickAsync();
        await page.GetByTestId("confirm").GetByRole(AriaRole.Button, new() { Name = "确认批准" }).ClickAsync();
        await Expect(page.GetByTestId("inbox-message")).ToContainTextAsync("该申请已不在待审批状态");
        await Expect(page.Locator($"tr[data-application-id='{second}']").GetByTestId("status")).ToHaveTextAsync("已批准");
        await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("已批准");
        await Expect(page.Locator("#approve-form")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("approved")).ToHaveTextAsync("1");
        var (_, kept) = await scenario.Bank.GetJsonAsync($"/api/v1/applications/{second}");
        Assert.Equal(345, (int)kept["deal"]!["annualRateBp"]!);

        // Delisting asks first, showing the product; a cancelled one leaves the product listed.
        var card = page.GetByTestId("products").Locator($"li[data-product-id='{scenario.ProductId}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "下架" }).ClickAsync();
        await Expect(page.GetByTestId("confirm")).ToContainTextAsync("Tax-based credit loan");
        await Expect(page.GetByTestId("confirm")).ToContainTextAsync("100,000.00 元 – 3,000,000.00 元");
        await page.GetByRole(AriaRole.Button, new() { Name = "取消" }).Last.ClickAsync();
        await Expect(page.GetByTestId("confirm")).ToHaveCountAsync(0);
        await Expect(card).ToHaveCountAsync(1);
        var (_, still) = await scenario.Bank.GetJsonAsync($"/api/v1/products/{scenario.ProductId}");
        Assert.Equal("LISTED", (string?)still["status"]);
        await card.GetByRole(AriaRole.Button, new() { Name = "下架" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认下架" }).ClickAsync();
        await Expect(page.GetByTestId("shelf-message")).ToContainTextAsync("已下架");
        await Expect(card).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("delisted").Locator($"li[data-product-id='{scenario.ProductId}']")).ToHaveCountAsync(1);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_bank_edits_a_product_from_its_shelf_with_the_API_s_messages_and_a_lost_race_reloads_it()
    {
        // As Api.Product lists it: 10万–300万元, 6–36 months, LPR + 45 bp, small and micro, C, 1309, B, subsidy.
        var bankId = await platform.CreateBankAsync();
        var productId = (string)(await platform.ListProductAsync(bankId))["productId"]!;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "bank-edit");
        await SignInAsync(page, bankId);
        var card = page.GetByTestId("products").Locator($"li[data-product-id='{productId}']");
        var form = page.Locator("#product-form");

        // By keyboard: the card's edit button opens the listing form, filled with the product as listed.
        await card.GetByRole(AriaRole.Button, new() { Name = "编辑" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "编辑产品", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("产品名称")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("产品名称")).ToHaveValueAsync("Tax-based credit loan");
        await Expect(page.GetByLabel("产品类型")).ToHaveValueAsync("TAX_BASED");
        await Expect(page.GetByLabel("最低额度（元）")).ToHaveValueAsync("100000.00");
        await Expect(page.GetByLabel("最高额度（元）")).ToHaveValueAsync("3000000.00");
        await Expect(page.GetByLabel("最长期限（月）")).ToHaveValueAsync("36");
        await Expect(page.GetByLabel("利率加点（基点）")).ToHaveValueAsync("45");
        await Expect(page.GetByLabel("答复时限（工作日）")).ToHaveValueAsync("3");
        await Expect(page.GetByLabel("小型")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("中型")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("行业代码（逗号分隔）")).ToHaveValueAsync("C");
        await Expect(page.GetByLabel("行政区划代码（逗号分隔）")).ToHaveValueAsync("1309");
        await Expect(page.GetByLabel("最低经营年限（年）")).ToHaveValueAsync("2");
        await Expect(page.GetByLabel("最低纳税信用等级")).ToHaveValueAsync("B");
        await Expect(page.GetByLabel("可申请贴息")).ToBeCheckedAsync();
        await Accessibility.AssertBasicsAsync(page);

        // A minimum above the maximum: the catalog's refusal, written from its reason in the page's words and
        // units, beside the field it names and naming the other field by its label.
        await page.GetByLabel("最低额度（元）").FillAsync("4,000,000");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.Locator("#p-max-amount")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#p-max-amount-error")).ToHaveTextAsync("不能低于“最低额度（元）”（400.00 万元）");
        await shots.TakeAsync("0-bad-field");

        // Another officer edits it meanwhile: this save is refused, and the form shows the product as it now is.
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        var (elsewhere, body) = await bank.EditProductAsync(bankId, productId, Api.Product("Edited elsewhere"), expectedVersion: 1);
        Assert.True(elsewhere == HttpStatusCode.OK, body.ToJsonString());
        await page.GetByLabel("最低额度（元）").FillAsync("100000");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(form.Locator(".form-error")).ToContainTextAsync("该产品在您打开后已被他人修改");
        await Expect(page.GetByLabel("产品名称")).ToHaveValueAsync("Edited elsewhere");
        await Expect(card.Locator("h3")).ToHaveTextAsync("Edited elsewhere");
        await shots.TakeAsync("1-conflict");

        // The edit made again on what it now is: saved, and the card shows it.
        await page.GetByLabel("最高额度（元）").FillAsync("5,000,000");
        await page.GetByLabel("利率加点（基点）").FillAsync("-20");
        await page.GetByLabel("中型").CheckAsync();
        await page.GetByLabel("行政区划代码（逗号分隔）").FillAsync("1309, 1311");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.GetByTestId("shelf-message")).ToContainTextAsync("已保存对 Edited elsewhere 的修改");
        await Expect(card).ToContainTextAsync("10.00 万元 – 500.00 万元");
        await Expect(card).ToContainTextAsync("LPR − 20 基点");
        await Expect(card).ToContainTextAsync("中型、小型、微型");
        await Expect(card).ToContainTextAsync("地区 1309, 1311");
        await Expect(card).ToContainTextAsync("修改于");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "编辑" })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "发布新产品", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("产品名称")).ToHaveValueAsync("");
        await shots.TakeAsync("2-edited");

        var (_, read) = await bank.GetJsonAsync($"/api/v1/products/{productId}");
        Assert.Equal("3", read["version"]!.ToString());
        Assert.Equal("500000000", read["maxAmountFen"]!.ToString());
        Assert.Equal(-20, (int)read["rateSpreadBp"]!);

        // An edit begun and cancelled leaves the product and the form as they were.
        await card.GetByRole(AriaRole.Button, new() { Name = "编辑" }).ClickAsync();
        await page.GetByLabel("产品名称").FillAsync("Never saved");
        await page.GetByRole(AriaRole.Button, new() { Name = "取消编辑" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Button, new() { Name = "发布产品" })).ToBeVisibleAsync();
        await Expect(card.Locator("h3")).ToHaveTextAsync("Edited elsewhere");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Overdue_applications_are_marked_in_words_and_another_bank_s_id_is_refused()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var application = await scenario.ApplyAsync();
        var decideBy = DateOnly.ParseExact((string)application["decideBy"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The API refuses another bank's inbox, shelf changes and decisions, whatever a URL or form says.
        using var other = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));
        var (inbox, _) = await other.GetJsonAsync($"/api/v1/banks/{scenario.BankId}/applications?status=SUBMITTED");
        Assert.Equal(HttpStatusCode.Forbidden, inbox);
        var (listing, _) = await other.SendJsonAsync($"/api/v1/banks/{scenario.BankId}/products", Api.Product());
        Assert.Equal(HttpStatusCode.Forbidden, listing);
        var (approval, _) = await other.SendJsonAsync($"/api/v1/applications/{application["applicationId"]}:approve", MatchingScenario.Approval());
        Assert.Equal(HttpStatusCode.Forbidden, approval);

        // The browser's clock a day past the decide-by date (noon in Beijing): the browser would call it overdue.
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.Clock.SetFixedTimeAsync(new DateTimeOffset(decideBy.AddDays(1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)).UtcDateTime);
        var intruder = TestData.NewBankId();
        await page.GotoAsync($"{platform.RestAddress}/bank?bankId={scenario.BankId}");
        await page.Locator("#signin").GetByLabel("银行编号").FillAsync(intruder);
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("other-bank")).ToContainTextAsync($"地址中的银行编号 {scenario.BankId} 不是当前登录的银行 {intruder}");
        await Expect(page.GetByTestId("other-bank")).ToContainTextAsync("无权查看");
        // The intruder's own inbox and shelf, once read (each shows its "none" line then), hold nothing of the
        // bank the address names.
        await Expect(page.Locator("#no-applications")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("inbox").Locator("tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#no-products")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("products").Locator("li")).ToHaveCountAsync(0);

        // The bank the address names signs in on the same address: its own data, and the note is gone.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await SignInAsync(page, scenario.BankId, navigate: false);
        var item = page.GetByTestId("inbox").Locator("tbody tr");
        // But the platform's date decides, and by it the application is not overdue.
        await Expect(Cell(item, "decideBy")).ToHaveTextAsync($"{decideBy:yyyy-MM-dd}");
        await Expect(item.Locator(".badge")).ToHaveCountAsync(0);

        // The platform's date a day past it (as a demo clock moved on answers): overdue, in words.
        await page.RouteAsync("**/api/v1/today", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = $$"""{"today":"{{decideBy.AddDays(1):yyyy-MM-dd}}","timeZone":"Asia/Shanghai","demoClock":true}""",
        }));
        await page.ReloadAsync();
        await Expect(item.Locator(".badge")).ToHaveTextAsync("已逾期");
        await Expect(Cell(item, "decideBy")).ToHaveTextAsync($"{decideBy:yyyy-MM-dd} 已逾期");
        await Expect(item).ToHaveClassAsync("is-overdue");
        await Expect(page.GetByTestId("products").Locator($"li[data-product-id='{scenario.ProductId}']")).ToHaveCountAsync(1);
        Assert.Contains($"bankId={scenario.BankId}", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByTestId("other-bank")).ToBeHiddenAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_bank_takes_a_broadcast_need_in_one_click_and_records_its_first_contact()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var needId = (string)(await scenario.NeedAsync())["needId"]!;
        var (broadcast, body) = await scenario.Enterprise.SendJsonAsync($"/api/v1/financing-needs/{needId}:broadcast", new { consentToCreditQuery = true, maxTakers = 2 });
        Assert.True(broadcast == HttpStatusCode.OK, body.ToJsonString());
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "bank");
        await SignInAsync(page, scenario.BankId);

        // The need and the enterprise's profile, not who it is.
        var opportunity = page.GetByTestId("opportunities").Locator($"li[data-need-id='{needId}']");
        await Expect(opportunity).ToContainTextAsync("需求 50.00 万元，12 个月");
        await Expect(opportunity).ToContainTextAsync("小型企业 · 行业 C34 · 地区 130903");
        await Expect(opportunity).Not.ToContainTextAsync(scenario.Uscc);
        await Expect(opportunity).Not.ToContainTextAsync("Yunhe Valve Works");
        await Accessibility.AssertBasicsAsync(page);
        await shots.TakeAsync("5-opportunities");
        await shots.TakeAsync("5-opportunities-section", page.Locator("#opportunities"));

        await opportunity.GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(page.GetByTestId("opportunities-message")).ToContainTextAsync("已承接 Yunhe Valve Works 的需求");
        await Expect(opportunity).ToHaveCountAsync(0);
        var item = page.GetByTestId("inbox").Locator("tbody tr", new() { HasText = scenario.Uscc });
        await Expect(item.GetByTestId("enterprise-name")).ToHaveTextAsync("Yunhe Valve Works");
        await item.GetByTestId("enterprise-name").ClickAsync();
        var panel = page.GetByTestId("application-panel");
        await Expect(panel).ToContainTextAsync("前联系企业");
        await Expect(panel.Locator("li[data-step='taken']")).ToContainTextAsync("本行承接需求（第 1 轮）");

        await panel.GetByLabel("联系方式").SelectOptionAsync("VISIT");
        await panel.GetByRole(AriaRole.Button, new() { Name = "记录首次联系" }).ClickAsync();
        await Expect(page.GetByTestId("inbox-message")).ToContainTextAsync("已记录与 Yunhe Valve Works 的首次联系");
        await Expect(panel.Locator("li[data-step='contacted']")).ToContainTextAsync("上门");
        await Expect(panel.Locator("li[data-step='contacted']")).ToHaveClassAsync("done");
        await Expect(panel.Locator("#contact-form")).ToBeHiddenAsync();
        await shots.TakeAsync("6-contacted");

        var (_, application) = await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/applications");
        var taken = application["applications"]!.AsArray().Single()!;
        Assert.Equal(("TAKEN", "VISIT"), ((string?)taken["origin"], (string?)taken["contact"]!["channel"]));

        // Its own scorecard: a region is needed (said beside the field), then the take and the contact counted
        // by totals from their events.
        var scorecard = page.Locator("#scorecard");
        await scorecard.GetByRole(AriaRole.Button, new() { Name = "查看评分" }).ClickAsync();
        await Expect(scorecard.Locator("#sc-region-error")).Not.ToBeEmptyAsync();
        await scorecard.GetByLabel("地区代码").FillAsync("1309");
        for (var until = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < until; await Task.Delay(200, TestContext.Current.CancellationToken))
        {
            await scorecard.GetByRole(AriaRole.Button, new() { Name = "查看评分" }).ClickAsync();
            await Expect(page.GetByTestId("scorecard")).ToBeVisibleAsync();
            if (await page.GetByTestId("sc-contacted").TextContentAsync() == "1")
            {
                break;
            }
        }

        await Expect(page.GetByTestId("sc-needsTaken")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("sc-contacted")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("sc-approvalRate")).ToHaveTextAsync("–");
        Assert.Empty(browser.Errors);
    }

    // The loan desk: the loan an approval opened, two tranches (a bad amount refused beside its field, a
    // tranche above the grant refused by the API beside the same field), a plan, a repayment and a renewal
    // without repayment, after which the desk goes on with the new loan.
    [Fact]
    public async Task A_bank_records_tranches_a_plan_a_repayment_and_a_renewal_on_its_loan_desk()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var (_, loanId) = await Loans.LoanSteps.ApproveTodayAsync(scenario);
        for (var deadline = DateTime.UtcNow.AddSeconds(20); (await scenario.Bank.GetJsonAsync($"/api/v1/loans/{loanId}")).Status != HttpStatusCode.OK;)
        {
            Assert.True(DateTime.UtcNow < deadline, "the approval opened no loan");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var shots = new Screenshots(page, "bank-loans");
        await SignInAsync(page, scenario.BankId);
        var card = page.GetByTestId("loans").Locator($"li[data-loan-id='{loanId}']");
        await Expect(card.GetByTestId("loan-state")).ToContainTextAsync("待放款");
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^登记 ") }).ClickAsync();
        var desk = page.Locator("#loan-desk");
        await Expect(desk).ToBeVisibleAsync();

        var disburse = desk.Locator("#disburse-form");
        await disburse.GetByLabel("金额（元）").FillAsync("600000.001");
        await disburse.GetByRole(AriaRole.Button, new() { Name = "登记放款" }).ClickAsync();
        await Expect(page.Locator("#ld-amount")).ToHaveAttributeAsync("aria-invalid", "true");
        await disburse.GetByLabel("金额（元）").FillAsync("1000000.01");
        await disburse.GetByRole(AriaRole.Button, new() { Name = "登记放款" }).ClickAsync();
        await Expect(page.Locator("#ld-amount-error")).ToBeVisibleAsync();
        await disburse.GetByLabel("金额（元）").FillAsync("600000");
        await disburse.GetByRole(AriaRole.Button, new() { Name = "登记放款" }).ClickAsync();
        await Expect(page.GetByTestId("loan-desk-note")).ToHaveTextAsync("已登记放款 60.00 万元，余额 60.00 万元。");
        await disburse.GetByLabel("金额（元）").FillAsync("400000");
        await disburse.GetByRole(AriaRole.Button, new() { Name = "登记放款" }).ClickAsync();
        await Expect(page.GetByTestId("loan-desk-note")).ToHaveTextAsync("已登记放款 40.00 万元，余额 100.00 万元。");

        var plan = desk.Locator("#schedule-form");
        await plan.GetByLabel("还款方式").SelectOptionAsync("EQUAL_PRINCIPAL");
        await plan.GetByLabel("期数（月，默认贷款期限）").FillAsync("12");
        await plan.GetByRole(AriaRole.Button, new() { Name = "保存还款计划" }).ClickAsync();
        await Expect(page.GetByTestId("loan-desk-note")).ToHaveTextAsync("已保存还款计划（12 期）。");

        var repay = desk.Locator("#repay-form");
        await repay.GetByLabel("本金（元）").FillAsync("100000");
        await repay.GetByRole(AriaRole.Button, new() { Name = "登记还款" }).ClickAsync();
        await Expect(page.GetByTestId("loan-desk-note")).ToHaveTextAsync("已登记还款本金 10.00 万元，余额 90.00 万元。");
        await shots.TakeAsync("1-desk");

        var renew = desk.Locator("#renew-form");
        await renew.GetByLabel("续贷方式").SelectOptionAsync("NO_REPAYMENT_RENEWAL");
        await renew.GetByLabel("续贷期限（月数）").FillAsync("12");
        await renew.GetByLabel("续贷利率（年化，%）").FillAsync("3.8");
        await renew.GetByRole(AriaRole.Button, new() { Name = "办理续贷" }).ClickAsync();
        await Expect(page.GetByTestId("loan-desk-note")).ToContainTextAsync("承接余额 90.00 万元");
        await Expect(page.GetByTestId("loan-desk-state")).ToContainTextAsync("正常");
        await desk.GetByRole(AriaRole.Button, new() { Name = "关闭" }).ClickAsync();
        await Expect(card.GetByTestId("loan-state")).ToContainTextAsync("已续贷");
        await Expect(page.GetByTestId("loans").Locator("li")).ToHaveCountAsync(2);
        await shots.TakeAsync("2-renewed");
        Assert.Empty(browser.Errors);
    }

    // The inbox as a loan officer works it on a laptop: the firms by name, sorted by a column, by status with the
    // decided ones kept, searched, paged 20 at a time, and exported as a CSV of what the view holds, names and
    // exact 元 included.
    [Fact]
    public async Task The_inbox_is_a_table_to_sort_filter_by_status_search_page_and_export()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var ours = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            ours.Add((string)(await scenario.ApplyAsync())["applicationId"]!);
        }

        var (canalUscc, canal) = await ApplyAsAsync(scenario, "沧州运河阀门有限公司", 123_456_789, 24, "技改设备");
        var (_, foundry) = await ApplyAsAsync(scenario, "河北泊头铸造厂", 10_000_001, 6, "采购生铁");
        var (approved, approval) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{ours[0]}:approve", MatchingScenario.Approval());
        Assert.True(approved == HttpStatusCode.OK, approval.ToJsonString());
        var (rejected, rejection) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{foundry}:reject", new { code = "CASH_FLOW", reason = "近期现金流不足，\"回款慢\"" });
        Assert.True(rejected == HttpStatusCode.OK, rejection.ToJsonString());

        await using var browser = await chromium.NewPageAsync(1366, 768);
        var page = browser.Page;
        var shots = new Screenshots(page, "bank");
        await SignInAsync(page, scenario.BankId);
        var rows = page.GetByTestId("inbox").Locator("tbody tr");
        var tabs = page.GetByTestId("status-tabs");

        // Waiting ones first: 20 of the 21 on the first page, each firm by its name with its credit code.
        await Expect(tabs.GetByRole(AriaRole.Button, new() { Name = "待审批" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("inbox-count")).ToHaveTextAsync("共 21 条");
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(page.GetByTestId("page-at")).ToHaveTextAsync("第 1 / 2 页");
        var canalRow = page.Locator($"tr[data-application-id='{canal}']");
        await Expect(page.GetByTestId("inbox").Locator("th[aria-sort='ascending']")).ToHaveAttributeAsync("data-column", "decideBy");

        // By amount, smallest first: the canal works' 123.46 万元 is the last, on the second page.
        await page.GetByRole(AriaRole.Button, new() { Name = "按申请金额排序" }).ClickAsync();
        await Expect(page.Locator("th[data-column='amount']")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(Cell(rows.First, "amount")).ToHaveTextAsync("50.00 万元");
        await Expect(canalRow).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "上一页" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一页" }).ClickAsync();
        await Expect(page.GetByTestId("page-at")).ToHaveTextAsync("第 2 / 2 页");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("enterprise-name")).ToHaveTextAsync("沧州运河阀门有限公司");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "下一页" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上一页" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(20);

        // Again: largest first, the canal works at the top.
        await page.GetByRole(AriaRole.Button, new() { Name = "按申请金额排序" }).ClickAsync();
        await Expect(page.Locator("th[data-column='amount']")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows.First).ToHaveAttributeAsync("data-application-id", canal);
        await Expect(Cell(rows.First, "amount")).ToHaveTextAsync("123.46 万元");
        await Expect(Cell(rows.First, "amount").Locator("span")).ToHaveAttributeAsync("title", "1,234,567.89 元");
        await Expect(rows.First).ToContainTextAsync(canalUscc);
        await Expect(Cell(rows.First, "term")).ToHaveTextAsync("24 个月");
        await Expect(Cell(rows.First, "purpose")).ToHaveTextAsync("技改设备");
        await Accessibility.AssertBasicsAsync(page);

        // What the officer sees on the laptop's screen: the table and, beside it, the application opened.
        await rows.First.GetByTestId("enterprise-name").ClickAsync();
        await Expect(page.GetByTestId("application-panel").Locator("li[data-step='submitted']")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { document.activeElement?.blur(); document.querySelector('#inbox').scrollIntoView(); }");
        var picture = Path.Combine(AppContext.BaseDirectory, "screenshots", "bank", "inbox-table.png");
        await page.ScreenshotAsync(new() { Path = picture });
        TestContext.Current.TestOutputHelper?.WriteLine($"bank inbox-table: {picture}");

        // Decided ones are kept, each under its status.
        await tabs.GetByRole(AriaRole.Button, new() { Name = "已拒绝" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("enterprise-name")).ToHaveTextAsync("河北泊头铸造厂");
        await Expect(rows.GetByTestId("status")).ToHaveTextAsync("已拒绝");
        await tabs.GetByRole(AriaRole.Button, new() { Name = "已批准" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToHaveAttributeAsync("data-application-id", ours[0]);
        await Expect(rows.GetByTestId("status")).ToHaveTextAsync("已批准");
        await tabs.GetByRole(AriaRole.Button, new() { Name = "已超期" }).ClickAsync();
        await Expect(page.GetByTestId("no-applications")).ToHaveTextAsync("没有超期未答复的申请。");
        await tabs.GetByRole(AriaRole.Button, new() { Name = "全部" }).ClickAsync();
        await Expect(page.GetByTestId("inbox-count")).ToHaveTextAsync("共 23 条");
        await shots.TakeAsync("inbox-all");

        // The search narrows by name, by credit code and by product, across the pages.
        var search = page.GetByLabel("搜索企业名称、信用代码或产品");
        await search.FillAsync("泊头");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("inbox-count")).ToHaveTextAsync("共 23 条，与搜索相符 1 条");
        await search.FillAsync(canalUscc);
        await Expect(rows).ToHaveAttributeAsync("data-application-id", canal);
        await search.FillAsync("没有这家企业");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("no-applications")).ToHaveTextAsync("没有与“没有这家企业”相符的申请。");
        await search.FillAsync("tax-based");
        await Expect(page.GetByTestId("inbox-count")).ToHaveTextAsync("共 23 条，与搜索相符 23 条");
        await Expect(page.GetByTestId("page-at")).ToHaveTextAsync("第 1 / 2 页");

        // The export: every row the view holds (both pages), in its order, names not ids, 元 to the fen.
        await search.FillAsync("");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出 CSV" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, lines.Length);
        Assert.Equal("企业名称,统一社会信用代码,行业,申请金额（元）,期限（月）,用途,抵押,产品,提交日期,答复期限,状态,批准金额（元）,年利率（%）,签约日期,拒绝原因", lines[0]);
        // Largest first, as sorted: the canal works, then the foundry last at 100,000.01 元.
        Assert.StartsWith($"沧州运河阀门有限公司,{canalUscc},通用设备制造业,1234567.89,24,技改设备,无,Tax-based credit loan,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",待审批,,,,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("河北泊头铸造厂,", lines[^1], StringComparison.Ordinal);
        Assert.Contains(",100000.01,6,采购生铁,", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith(",已拒绝,,,,\"现金流不足：近期现金流不足，\"\"回款慢\"\"\"", lines[^1], StringComparison.Ordinal);
        var granted = Assert.Single(lines, line => line.Contains(",已批准,", StringComparison.Ordinal));
        Assert.Contains(",已批准,500000.00,3.45,", granted, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains(ours[1], StringComparison.Ordinal) || line.Contains(scenario.ProductId, StringComparison.Ordinal));
        await Expect(page.GetByTestId("toasts")).ToContainTextAsync("已导出 23 条申请。");
        Assert.Empty(browser.Errors);
    }

    // An application's panel: its fields, the firm, its timeline from submission to payout, and decisions that
    // each show a summary first, change nothing when cancelled and change the row in place when confirmed.
    [Fact]
    public async Task An_application_s_panel_shows_its_timeline_and_each_decision_is_confirmed_first()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var first = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var second = (string)(await scenario.ApplyAsync())["applicationId"]!;
        await using var browser = await chromium.NewPageAsync(1366, 768);
        var page = browser.Page;
        var shots = new Screenshots(page, "bank-panel");
        await SignInAsync(page, scenario.BankId);
        var row = page.Locator($"tr[data-application-id='{first}']");
        var panel = page.GetByTestId("application-panel");
        await Expect(panel).ToBeHiddenAsync();

        await row.GetByTestId("enterprise-name").ClickAsync();
        await Expect(panel).ToBeVisibleAsync();
        await Expect(row).ToHaveAttributeAsync("aria-current", "true");
        await Expect(panel.Locator("#detail-title")).ToBeFocusedAsync();
        await Expect(panel.Locator("#detail-title")).ToHaveTextAsync("Yunhe Valve Works · Tax-based credit loan");
        await Expect(panel.GetByTestId("detail-amount")).ToHaveTextAsync("500,000.00 元");
        await Expect(panel.GetByTestId("detail-purpose")).ToHaveTextAsync("Working capital for raw materials");
        await Expect(panel.GetByTestId("detail-origin")).ToHaveTextAsync("企业直接申请");
        await Expect(panel.GetByTestId("detail-uscc")).ToHaveTextAsync(scenario.Uscc);
        await Expect(panel.GetByTestId("detail-size")).ToHaveTextAsync("小型");
        await Expect(panel.GetByTestId("detail-region")).ToHaveTextAsync("130903");
        var timeline = panel.GetByTestId("timeline");
        await Expect(timeline.Locator("li[data-step='submitted']")).ToHaveClassAsync("done");
        await Expect(timeline.Locator("li[data-step='contacted']")).ToHaveClassAsync("todo");
        await Expect(timeline.Locator("li[data-step='decided']")).ToContainTextAsync("答复：请于");

        // The first contact, then its place on the timeline.
        await panel.GetByLabel("联系方式").SelectOptionAsync("PHONE");
        await panel.GetByRole(AriaRole.Button, new() { Name = "记录首次联系" }).ClickAsync();
        await Expect(timeline.Locator("li[data-step='contacted']")).ToHaveClassAsync("done");
        await Expect(timeline.Locator("li[data-step='contacted']")).ToContainTextAsync("首次联系（电话）");

        await Accessibility.AssertBasicsAsync(page);

        // Approve: the summary first; cancelled, nothing changes.
        await panel.GetByLabel("年利率（%）").FillAsync("3.45");
        await panel.GetByRole(AriaRole.Button, new() { Name = "批准并签约" }).ClickAsync();
        var confirm = page.GetByTestId("confirm");
        await Expect(confirm).ToContainTextAsync("批准这笔申请？");
        await Expect(confirm).ToContainTextAsync($"Yunhe Valve Works（{scenario.Uscc}）");
        await Expect(confirm).ToContainTextAsync("Tax-based credit loan");
        await Expect(confirm).ToContainTextAsync("500,000.00 元");
        await Expect(confirm).ToContainTextAsync("12 个月");
        await Expect(confirm).ToContainTextAsync("3.45%");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "取消" })).ToBeFocusedAsync();
        await shots.TakeAsync("1-confirm-approval");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("待审批");
        await Expect(page.GetByTestId("inbox-message")).ToHaveTextAsync("已记录与 Yunhe Valve Works 的首次联系。");
        Assert.Equal("SUBMITTED", (string?)(await scenario.Bank.GetJsonAsync($"/api/v1/applications/{first}")).Body["status"]);

        // Confirmed: the row stays, approved, with a green note and a toast; the timeline runs to the payout.
        await panel.GetByRole(AriaRole.Button, new() { Name = "批准并签约" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "确认批准" }).ClickAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("已批准");
        await Expect(page.GetByTestId("inbox").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("inbox-message")).ToHaveClassAsync("form-ok");
        await Expect(page.GetByTestId("inbox-message")).ToContainTextAsync("已批准 Yunhe Valve Works 的 Tax-based credit loan：50.00 万元，年利率 3.45%。");
        await Expect(page.GetByTestId("toasts").Locator(".toast.success").First).ToBeVisibleAsync();
        await Expect(timeline.Locator("li[data-step='decided']")).ToHaveClassAsync("done");
        await Expect(timeline.Locator("li[data-step='contract']")).ToHaveClassAsync("done");
        await Expect(timeline.Locator("li[data-step='paid']")).ToContainTextAsync("已放款 50.00 万元");
        await Expect(timeline.Locator("li[data-step='paid']")).ToHaveClassAsync("done");
        await Expect(panel.GetByTestId("detail-deal")).ToContainTextAsync("500,000.00 元，年利率 3.45%，12 个月");
        await Expect(panel.Locator("#approve-form")).ToBeHiddenAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "到贷款台账登记放款、还款" })).ToBeVisibleAsync();
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await timeline.ScrollIntoViewIfNeededAsync();
        await shots.TakeAsync("2-approved-timeline", page.Locator("#inbox"));

        // Reject the second: the summary names the reason; cancelled, nothing changes; confirmed, rejected in place.
        var other = page.Locator($"tr[data-application-id='{second}']");
        await other.GetByTestId("enterprise-name").ClickAsync();
        await Expect(page.GetByTestId("inbox-message")).ToBeHiddenAsync();
        await panel.GetByLabel("拒绝类别").SelectOptionAsync("COLLATERAL");
        await panel.GetByLabel("拒绝原因").FillAsync("需补充抵押物");
        await panel.GetByRole(AriaRole.Button, new() { Name = "拒绝申请" }).ClickAsync();
        await Expect(confirm).ToContainTextAsync("拒绝这笔申请？");
        await Expect(confirm).ToContainTextAsync("缺少抵押或担保");
        await Expect(confirm).ToContainTextAsync("需补充抵押物");
        await Expect(confirm).ToContainTextAsync("500,000.00 元");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(other.GetByTestId("status")).ToHaveTextAsync("待审批");
        Assert.Equal("SUBMITTED", (string?)(await scenario.Bank.GetJsonAsync($"/api/v1/applications/{second}")).Body["status"]);
        await panel.GetByRole(AriaRole.Button, new() { Name = "拒绝申请" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "确认拒绝" }).ClickAsync();
        await Expect(other.GetByTestId("status")).ToHaveTextAsync("已拒绝");
        await Expect(timeline.Locator("li[data-step='decided']")).ToHaveClassAsync("bad");
        await Expect(timeline.Locator("li[data-step='decided']")).ToContainTextAsync("已拒绝：缺少抵押或担保");
        await Expect(panel.GetByTestId("detail-rejection")).ToHaveTextAsync("缺少抵押或担保：需补充抵押物");
        await Expect(page.GetByTestId("rejected")).ToHaveTextAsync("1");

        // In English, the panel and the table follow; read again, the waiting list holds neither decided one.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(timeline.Locator("li[data-step='decided']")).ToContainTextAsync("Rejected: collateral");
        await Expect(panel.GetByTestId("detail-status")).ToHaveTextAsync("rejected");
        await Expect(page.GetByTestId("no-applications")).ToContainTextAsync("No application is waiting for a decision.");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();

        // On a phone: the rows as cards, the panel the screen's width, every control a thumb's height.
        await using var phone = await chromium.NewPageAsync(390, 844);
        await SignInAsync(phone.Page, scenario.BankId);
        await phone.Page.GetByTestId("status-tabs").GetByRole(AriaRole.Button, new() { Name = "全部" }).ClickAsync();
        await phone.Page.Locator($"tr[data-application-id='{first}']").GetByTestId("enterprise-name").ClickAsync();
        var phonePanel = phone.Page.GetByTestId("application-panel");
        await Expect(phonePanel.Locator("li[data-step='paid']")).ToHaveClassAsync("done");
        var width = await phonePanel.EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.True(width > 330, $"the panel is {width} px wide on a 390 px phone");
        await Accessibility.AssertBasicsAsync(phone.Page, 44);
        await new Screenshots(phone.Page, "bank-panel").TakeAsync("3-phone", phone.Page.Locator("#inbox"));
        Assert.Empty(browser.Errors);
        Assert.Empty(phone.Errors);
    }

    // Another enterprise, registered under the given name, applies for the scenario's product.
    private async Task<(string Uscc, string ApplicationId)> ApplyAsAsync(MatchingScenario scenario, string name, long amountFen, int termMonths, string purpose)
    {
        var uscc = TestData.NewUscc("130903");
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", uscc));
        var registration = System.Text.Json.JsonSerializer.SerializeToNode(Api.Enterprise(uscc))!.AsObject();
        registration["name"] = name;
        var (registered, body) = await enterprise.SendJsonAsync("/api/v1/enterprises", registration);
        Assert.True(registered == HttpStatusCode.OK, body.ToJsonString());
        var (posted, need) = await enterprise.SendJsonAsync("/api/v1/financing-needs", new { uscc, amountFen, termMonths, purpose, collateralAvailable = false });
        Assert.True(posted == HttpStatusCode.OK, need.ToJsonString());
        var (applied, application) = await enterprise.SendJsonAsync("/api/v1/applications", new { needId = (string)need["needId"]!, productId = scenario.ProductId, consentToCreditQuery = true });
        Assert.True(applied == HttpStatusCode.OK, application.ToJsonString());
        return (uscc, (string)application["applicationId"]!);
    }

    // A cell of an inbox row, by its column.
    private static ILocator Cell(ILocator row, string column) => row.Locator($"[data-column='{column}']");

    private async Task SignInAsync(IPage page, string bankId, bool navigate = true)
    {
        if (navigate)
        {
            await page.GotoAsync($"{platform.RestAddress}/bank");
        }

        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("银行编号").FillAsync(bankId);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "银行工作台", Level = 1 })).ToBeVisibleAsync();
    }
}
