using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.FunctionalTests.Subsidies;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The enterprise's pages on a phone, in real headless Chromium: register (the code checked as typed, the
// size class derived), post a need, read the matches a page at a time, how many products each rule left
// out and the nearest misses, have products of the shelf explained against the need (in Chinese, then in
// English, written from the API's details), apply with consent, and follow the application to the bank's
// decision; every bad input shown beside its field.
public sealed class EnterprisePagesTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    // The matches the page shows at first, and adds with each "more".
    private const int PageSize = 20;

    [Fact]
    public async Task An_enterprise_registers_posts_a_need_applies_with_consent_and_sees_the_bank_s_decision()
    {
        var bankId = await platform.CreateBankAsync();
        // More matches than a page holds, whatever else is on the shelf: 20 credit loans that fit the need
        // with the least score any product can have (they rank after everything else a need matches).
        for (var i = 0; i < PageSize; i++)
        {
            var filler = Api.Product($"Filler loan {i} " + bankId);
            filler["kind"] = "CREDIT";
            filler["maxAmountFen"] = 50_000_000;
            filler["maxTermMonths"] = 12;
            filler["rateSpreadBp"] = 300;
            filler["decisionSlaDays"] = 15;
            filler["subsidyEligible"] = false;
            await platform.ListProductAsync(bankId, filler);
        }

        var product = Api.Product("Tax-based credit loan " + bankId);
        await platform.ListProductAsync(bankId, product);
        var software = Api.Product("Software loan " + bankId);
        software["eligibility"]!["industryCodes"] = new JsonArray("I65");
        await platform.ListProductAsync(bankId, software);
        var uscc = TestData.NewUscc();
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        var shots = new Screenshots(page, "enterprise");

        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        var signIn = page.Locator("#signin");
        // Sign-in says a new enterprise registers after signing in, and checks the code before any token is
        // issued under it: a mistyped check character is caught here, not at a registration that cannot succeed.
        await Expect(signIn.GetByTestId("new-enterprise")).ToContainTextAsync("新企业");
        await signIn.GetByLabel("统一社会信用代码").FillAsync(TestData.WithWrongCheck(uscc));
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(signIn.Locator("#demo-subject")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(signIn.Locator(".field-error")).ToContainTextAsync($"应为 {uscc[^1]}");
        await shots.TakeAsync("0-sign-in-checked");
        await signIn.GetByLabel("统一社会信用代码").FillAsync(uscc[..17]);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(signIn.Locator(".field-error")).ToContainTextAsync("应为 18 位，现为 17 位");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('financemarket.session')"));
        await signIn.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        // Registration comes first, on the home tab: the code is the one signed in with (a way out to another
        // account beside it), industry and region are chosen from the platform's lists.
        await Expect(page.GetByTestId("tab-home")).ToHaveAttributeAsync("aria-current", "page");
        var code = page.Locator("#r-uscc");
        await Expect(code).ToHaveValueAsync(uscc);
        await Expect(code).Not.ToBeEditableAsync();
        await Expect(page.Locator("#r-uscc-live")).ToHaveTextAsync("代码格式正确");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出，换个账号登录" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("所属行业").Locator("optgroup[label='C 制造业'] option[value='C34']")).ToHaveTextAsync("C34 通用设备制造业");
        await Expect(page.GetByLabel("所在地区")).ToHaveValueAsync(uscc[2..8]);
        await PageSteps.FillRegistrationAsync(page);
        await shots.TakeAsync("1-register");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        // Registered: a green toast, and the home tab greets the firm by name with its services.
        await Expect(page.GetByTestId("toasts").Locator(".toast.success")).ToContainTextAsync("已登记：运河阀门制造有限公司");
        await Expect(page.GetByTestId("greeting")).ToHaveTextAsync("您好，运河阀门制造有限公司");
        await Expect(page.GetByTestId("services").GetByRole(AriaRole.Link)).ToHaveCountAsync(6);
        await shots.TakeAsync("1-home");
        await shots.TakeScreenAsync("phone-home");
        await Accessibility.AssertBasicsAsync(page, 44);
        await page.GetByTestId("tab-me").ClickAsync();
        await Expect(page.GetByTestId("size-class")).ToHaveTextAsync("小型");
        await Expect(page.GetByTestId("industry")).ToHaveTextAsync("通用设备制造业（C34）");
        await page.GetByTestId("tab-find").ClickAsync();

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

        // The product reaches matching by its event; ask until it is among the need's matches. The shelf is shared
        // with other tests' products, many ranked alike, so the matches are read a page at a time until it shows.
        await page.GetByLabel("融资金额（元）").FillAsync("500,000");
        var productName = product["name"]!.GetValue<string>();
        var softwareName = software["name"]!.GetValue<string>();
        var find = page.GetByRole(AriaRole.Button, new() { Name = "一键匹配" });
        var more = page.GetByRole(AriaRole.Button, new() { Name = "显示更多" });
        var cards = page.GetByTestId("matches").Locator(":scope > li");
        var match = cards.Filter(new() { HasText = productName });
        JsonObject answer = new();
        await PageSteps.EventuallyAsync(async () =>
        {
            var response = await page.RunAndWaitForResponseAsync(() => find.ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/financing-needs", StringComparison.Ordinal));
            answer = JsonNode.Parse(await response.TextAsync())!.AsObject();
            await Expect(find).ToBeEnabledAsync();
            // The first page as answered, and the button for the next exactly when there is one.
            await Expect(cards).ToHaveCountAsync(answer["matches"]?.AsArray().Count ?? 0);
            await Expect(more).ToBeVisibleAsync(new() { Visible = !string.IsNullOrEmpty((string?)answer["nextPageToken"]) });
            while (await match.CountAsync() == 0 && await more.IsVisibleAsync())
            {
                var before = await cards.CountAsync();
                await more.ClickAsync();
                await Expect(more).ToBeEnabledAsync();
                Assert.True(await cards.CountAsync() > before, "显示更多 brought no more matches.");
            }

            return await match.CountAsync() == 1 && ((int?)answer["matchCount"] ?? 0) > PageSize;
        });
        await Expect(match.Locator("p.muted")).ToHaveTextAsync("匹配度 82 分 · 预计年利率 3.45%");

        // How many match; "more" adds the next page after those shown, and goes once there is none.
        var matchCount = (int?)answer["matchCount"] ?? 0;
        await Expect(page.GetByTestId("match-count")).ToHaveTextAsync($"共 {Grouped(matchCount)} 个产品符合");
        var shown = await cards.CountAsync();
        if (shown < matchCount)
        {
            await Expect(page.Locator("#shown")).ToHaveTextAsync($"（已显示前 {Grouped(shown)} 个）");
            // Pages past the stored matches are ranked on the shelf as it is now, where other tests list
            // products meanwhile: the page adds what the next page's answer holds, and offers more exactly
            // when that answer has a next page.
            var next = await page.RunAndWaitForResponseAsync(() => more.ClickAsync(),
                r => r.Request.Method == "GET" && r.Url.Contains("pageToken=", StringComparison.Ordinal) && r.Url.Contains("/api/v1/financing-needs/", StringComparison.Ordinal));
            var nextPage = JsonNode.Parse(await next.TextAsync())!.AsObject();
            await Expect(cards).ToHaveCountAsync(shown + (nextPage["matches"]?.AsArray().Count ?? 0));
            await Expect(more).ToBeVisibleAsync(new() { Visible = !string.IsNullOrEmpty((string?)nextPage["nextPageToken"]) });
        }
        else
        {
            await Expect(more).ToBeHiddenAsync();
        }

        // How many each rule left out: the software product fails on its industry.
        var byReason = answer["excludedByReason"]!.AsArray();
        var industries = (int)byReason.Single(c => (string?)c!["code"] == "INDUSTRY")!["count"]!;
        Assert.True(industries >= 1, answer.ToJsonString());
        var counts = page.GetByTestId("excluded-counts").Locator("li");
        await Expect(counts).ToHaveCountAsync(byReason.Count);
        var industryLine = counts.Filter(new() { HasText = "限定行业" });
        await Expect(industryLine).ToHaveTextAsync($"限定行业：{Grouped(industries)} 个产品");

        // The nearest misses (the software product is one, though not always among the 20 shown): each fails
        // one rule, said in the page's language rather than the API's English.
        var misses = answer["nearestMisses"]!.AsArray();
        Assert.NotEmpty(misses);
        var missCards = page.GetByTestId("nearest-misses").Locator(":scope > li");
        await Expect(missCards).ToHaveCountAsync(misses.Count);
        // The bank by its name (by its id only while matching has not yet read a bank created a moment ago).
        await Expect(missCards.First.Locator("h4")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            $"^{System.Text.RegularExpressions.Regex.Escape($"{misses[0]!["productName"]} · ")}({System.Text.RegularExpressions.Regex.Escape((string)misses[0]!["bankName"]!)}|{System.Text.RegularExpressions.Regex.Escape((string)misses[0]!["bankId"]!)})$"));
        await Expect(missCards.First.Locator("ul.reasons > li")).ToHaveCountAsync(1);
        await Expect(missCards.First.Locator("ul.reasons > li")).Not.ToHaveTextAsync((string)misses[0]!["reasons"]![0]!);

        // Any product of the shelf explained against the need, in place: why one fits, every rule the other fails.
        await page.Locator("#shelf-form").GetByLabel("产品类型").SelectOptionAsync("TAX_BASED");
        await page.Locator("#shelf-form").GetByLabel("银行编号").FillAsync(bankId);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var shelf = page.GetByTestId("products").Locator(":scope > li");
        await Expect(shelf).ToHaveCountAsync(2);
        var softwareFit = shelf.Filter(new() { HasText = softwareName }).GetByTestId("explanation");
        var productFit = shelf.Filter(new() { HasText = productName }).GetByTestId("explanation");
        await Expect(softwareFit).ToBeEmptyAsync();
        var explainSoftware = shelf.Filter(new() { HasText = softwareName }).GetByRole(AriaRole.Button, new() { Name = "是否适合我的需求？" });

        // What the API says when it cannot explain is shown in place; asking again replaces it with the answer.
        const string explanations = "**/api/v1/financing-needs/*/products/*";
        await page.RouteAsync(explanations, route => route.FulfillAsync(new()
        {
            Status = 404, ContentType = "application/json", Body = """{"code":5,"message":"Product p-test is not known to matching."}""",
        }));
        await explainSoftware.ClickAsync();
        await Expect(softwareFit.Locator(".form-error")).ToHaveTextAsync("Product p-test is not known to matching.");
        await page.UnrouteAsync(explanations);
        await explainSoftware.ClickAsync();
        await Expect(softwareFit.Locator(".form-error")).ToHaveCountAsync(0);
        await shelf.Filter(new() { HasText = productName }).GetByRole(AriaRole.Button, new() { Name = "是否适合我的需求？" }).ClickAsync();
        await Expect(softwareFit.Locator("strong")).ToHaveTextAsync("不符合");
        await Expect(softwareFit.Locator("ul.reasons > li")).ToHaveTextAsync(["仅限行业 I65；贵企业为 C34"]);
        await Expect(softwareFit.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(productFit.Locator("p").First).ToHaveTextAsync("符合 · 匹配度 82 分 · 预计年利率 3.45%");

        // The reasons in the page's language, written from the API's details: money in 万元, the rate in %.
        string[] reasonsZh = ["预计年利率 3.45%（LPR 3.00% + 45 基点）", "融资金额 50.00 万元，在产品额度 10.00 万元 – 300.00 万元之内", "期限 12 个月，在产品期限 6–36 个月之内",
            "3 个工作日内答复", "可申请贷款贴息"];
        await Expect(match.Locator("ul.reasons > li")).ToHaveTextAsync(reasonsZh);
        await Expect(productFit.Locator("ul.reasons > li")).ToHaveTextAsync(reasonsZh);
        await Accessibility.AssertBasicsAsync(page, 44);
        await shots.TakeAsync("2-matches");
        // The count as the page shows it now: later pages are read against the shelf as it is now, and other
        // tests list fitting products meanwhile, so more may be shown than matched when the need was posted.
        var shownCount = int.Parse(new string((await page.GetByTestId("match-count").TextContentAsync())!.Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        string[] reasonsEn = ["estimated rate 3.45% (LPR 3.00% + 45 bp)", "amount 50.00 万元 within 10.00 万元 – 300.00 万元", "term 12 months within 6–36 months",
            "decision within 3 working days", "qualifies for interest subsidies"];
        await Expect(match.Locator("ul.reasons > li")).ToHaveTextAsync(reasonsEn);
        await Expect(page.GetByTestId("match-count")).ToHaveTextAsync(shownCount == 1 ? "1 product matches" : $"{Grouped(shownCount)} products match");
        await Expect(counts.Filter(new() { HasText = "for other industries" }))
            .ToHaveTextAsync(industries == 1 ? "for other industries: 1 product" : $"for other industries: {Grouped(industries)} products");
        await Expect(softwareFit.Locator("strong")).ToHaveTextAsync("Does not match");
        await Expect(softwareFit.Locator("ul.reasons > li")).ToHaveTextAsync(["for industries I65; yours is C34"]);
        await Expect(productFit.Locator("p").First).ToHaveTextAsync("Matches · Score 82 · estimated rate 3.45% a year");
        await Expect(productFit.Locator("ul.reasons > li")).ToHaveTextAsync(reasonsEn);
        await shots.TakeAsync("2-matches-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(softwareFit.Locator("ul.reasons > li")).ToHaveTextAsync(["仅限行业 I65；贵企业为 C34"]);
        await Expect(industryLine).ToHaveTextAsync($"限定行业：{Grouped(industries)} 个产品");

        // One click, then the consent step: no application without it.
        await match.GetByRole(AriaRole.Button).ClickAsync();
        // Step 2 of 3: the application summed up (product, bank, amount, term, purpose) before it is sent.
        var steps = page.GetByTestId("steps").Locator("li");
        await Expect(steps.Nth(1)).ToHaveAttributeAsync("aria-current", "step");
        await Expect(page.GetByTestId("consent-summary")).ToContainTextAsync("50.00 万元");
        await Expect(page.GetByTestId("consent-summary")).ToContainTextAsync("12 个月");
        await Expect(page.GetByTestId("consent-summary")).ToContainTextAsync("采购原材料");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Expect(page.Locator("#c-consent")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("我同意银行查询本企业的征信与纳税信息").CheckAsync();
        await shots.TakeAsync("3-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        // Step 3: a result page with its mark, the bank's deadline, and the way to follow it.
        var result = page.GetByTestId("apply-result");
        await Expect(result.GetByRole(AriaRole.Heading)).ToHaveTextAsync("申请已提交");
        await Expect(result).ToContainTextAsync("前答复您的");
        await Expect(steps.Nth(2)).ToHaveAttributeAsync("aria-current", "step");
        await shots.TakeAsync("3-applied");
        await Accessibility.AssertBasicsAsync(page, 44);
        await result.GetByRole(AriaRole.Button, new() { Name = "返回产品" }).ClickAsync();
        // The product applied to says so, and leads to the application instead of offering to apply again.
        await Expect(match.GetByTestId("applied")).ToHaveTextAsync("已申请 · 查看进度");
        await match.GetByTestId("applied").ClickAsync();
        await Expect(page.GetByTestId("tab-mine")).ToHaveAttributeAsync("aria-current", "page");
        var row = page.GetByTestId("applications").Locator(":scope > li");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("待答复");
        // Its timeline: submitted, and what the bank owes next by when.
        await Expect(row.GetByTestId("timeline").Locator("li").First).ToContainTextAsync("提交申请");
        await Expect(row.GetByTestId("timeline").Locator("li.todo").Last).ToContainTextAsync("前答复");
        var applicationId = await row.GetAttributeAsync("data-application-id");

        // The bank decides through its API; the enterprise sees the deal.
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        var (approved, body) = await bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(amountFen: 50_000_000));
        Assert.True(approved == HttpStatusCode.OK, body.ToJsonString());
        await Loans.LoanSteps.DisburseAllAsync(bank, body);
        await page.ReloadAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("已获批");
        await Expect(row).ToContainTextAsync("50.00 万元");
        await Expect(row.GetByTestId("timeline")).ToContainTextAsync("审批通过");
        await Expect(row.GetByTestId("timeline")).ToContainTextAsync("签订合同");
        // The history by status: the approved one under 已批准, none under 未批准.
        var statusTabs = page.GetByTestId("application-tabs");
        await statusTabs.GetByRole(AriaRole.Button, new() { Name = "未批准（0）" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator("#no-applications")).ToHaveTextAsync("此状态下没有申请。");
        await statusTabs.GetByRole(AriaRole.Button, new() { Name = "已批准（1）" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(1);
        await shots.TakeAsync("4-approved");
        await row.ScrollIntoViewIfNeededAsync();
        await shots.TakeScreenAsync("phone-application");

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
        await Expect(page.GetByTestId("claim-result").GetByRole(AriaRole.Heading)).ToHaveTextAsync("贴息申请已提交");
        await Expect(page.GetByTestId("claim-note")).ToContainTextAsync("1,246.58 元");
        await Expect(page.GetByTestId("claims").GetByTestId("claim-status")).ToHaveTextAsync("待审核");
        await Expect(row.GetByTestId("timeline")).ToContainTextAsync("已申请贴息 1,246.58 元，待审核");
        await shots.TakeAsync("5-claimed");

        // The English switch, kept for the next page.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("approved");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your applications" })).ToBeVisibleAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task An_enterprise_broadcasts_its_need_hears_who_took_it_declines_a_taker_and_refers_a_rejection()
    {
        using var scenario = await MatchingScenario.CreateAsync(platform);
        // A second bank with the same product, for the referral to reach.
        var secondBank = await platform.CreateBankAsync();
        await scenario.WaitUntilShelvedAsync((string)(await platform.ListProductAsync(secondBank, null))["productId"]!);
        var (_, bank) = await scenario.Bank.GetJsonAsync($"/api/v1/banks/{scenario.BankId}");
        var bankName = (string)bank["name"]!;
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        var shots = new Screenshots(page, "enterprise");
        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        await page.Locator("#signin").GetByLabel("统一社会信用代码").FillAsync(scenario.Uscc);
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("name")).ToHaveTextAsync("Yunhe Valve Works");

        // The need, posted on the page; then sent to every fitting bank, only with consent.
        await page.GetByTestId("tab-find").ClickAsync();
        await page.GetByLabel("融资金额（元）").FillAsync("500,000");
        await page.GetByLabel("期限（月）").FillAsync("12");
        await page.GetByLabel("资金用途").FillAsync("采购原材料");
        var posted = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "一键匹配" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/financing-needs", StringComparison.Ordinal));
        var needId = (string)JsonNode.Parse(await posted.TextAsync())!["needId"]!;
        var broadcast = page.GetByTestId("broadcast");
        await broadcast.GetByRole(AriaRole.Button, new() { Name = "发布需求" }).ClickAsync();
        await Expect(broadcast.Locator("#bc-consent-error")).ToHaveTextAsync("发布前须同意接单银行查询企业信用信息。");
        await broadcast.GetByLabel("最多接单银行数").SelectOptionAsync("2");
        await broadcast.GetByLabel("同意接单银行查询本企业信用信息").CheckAsync();
        await broadcast.GetByRole(AriaRole.Button, new() { Name = "发布需求" }).ClickAsync();
        await Expect(page.Locator("#broadcast-note")).ToContainTextAsync("已推送给");
        await Expect(page.GetByTestId("broadcast-status")).ToContainTextAsync("第 1 轮");
        await Expect(page.GetByTestId("broadcast-status")).ToContainTextAsync("0/2 家接单");

        // The bank takes it: the enterprise hears of it in its inbox, by the bank's name, and sees the taker.
        var (took, application) = await scenario.Bank.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = scenario.BankId, productId = scenario.ProductId });
        Assert.True(took == HttpStatusCode.OK, application.ToJsonString());
        await PageSteps.EventuallyAsync(async () => ((int?)(await scenario.Enterprise.GetJsonAsync("/api/v1/notifications?unreadOnly=true")).Body["unreadCount"] ?? 0) >= 1);
        var toggle = page.GetByTestId("inbox-toggle");
        await toggle.ClickAsync();
        var notice = page.GetByTestId("notifications").Locator("li", new() { HasText = $"{bankName}已接单您的融资需求" });
        await Expect(notice).ToHaveCountAsync(1);
        await Expect(toggle).ToHaveTextAsync("通知（未读 1）");
        await toggle.ClickAsync();

        // The message centre (消息) holds it too, among the unread; read there, the header's count follows.
        await page.GetByTestId("tab-messages").ClickAsync();
        var centre = page.GetByTestId("message-centre");
        await centre.GetByRole(AriaRole.Button, new() { Name = "未读", Exact = true }).ClickAsync();
        var inCentre = centre.GetByTestId("messages").Locator("li", new() { HasText = $"{bankName}已接单您的融资需求" });
        await Expect(inCentre).ToHaveCountAsync(1);
        await shots.TakeAsync("6-messages");
        await Accessibility.AssertBasicsAsync(page, 44);
        await inCentre.GetByRole(AriaRole.Button, new() { Name = "标为已读" }).ClickAsync();
        await Expect(toggle).ToHaveTextAsync("通知（未读 0）");
        await Expect(inCentre).ToHaveCountAsync(0);
        await Expect(centre.GetByText("没有未读消息。")).ToBeVisibleAsync();
        await centre.GetByRole(AriaRole.Button, new() { Name = "全部", Exact = true }).ClickAsync();
        await Expect(inCentre).ToHaveCountAsync(1);
        await Expect(inCentre.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await page.GetByTestId("tab-find").ClickAsync();

        // Matching learns a new bank's name from the catalog within seconds (it shows the id until then).
        var taker = page.GetByTestId("takers").Locator($"li[data-application-id='{(string)application["applicationId"]!}']");
        await PageSteps.EventuallyAsync(async () =>
        {
            await broadcast.GetByRole(AriaRole.Button, new() { Name = "刷新接单情况" }).ClickAsync();
            await Expect(taker).ToHaveCountAsync(1);
            return (await taker.TextContentAsync() ?? "").Contains(bankName, StringComparison.Ordinal);
        }, seconds: 60);
        await Expect(page.GetByTestId("broadcast-status")).ToContainTextAsync("1/2 家接单");
        await Accessibility.AssertBasicsAsync(page, 44);
        await shots.TakeAsync("7-broadcast-taken");

        // Declined with a reason (none refused first): the bank's place is free again.
        await taker.GetByRole(AriaRole.Button, new() { Name = "婉拒该银行" }).ClickAsync();
        await Expect(taker.Locator(".field-error")).ToHaveTextAsync("请填写婉拒原因。");
        await taker.GetByLabel($"婉拒{bankName}的原因").FillAsync("已获其他银行授信");
        await taker.GetByRole(AriaRole.Button, new() { Name = "婉拒该银行" }).ClickAsync();
        await Expect(page.Locator("#broadcast-note")).ToHaveTextAsync($"已婉拒{bankName}，名额已释放。");
        await Expect(taker).ToContainTextAsync("已婉拒");
        await Expect(page.GetByTestId("broadcast-status")).ToContainTextAsync("0/2 家接单");

        // A rejection reads in the enterprise's words, with what would change it, and is referred on request.
        var applied = await scenario.ApplyAsync();
        var (rejected, rejection) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{(string)applied["applicationId"]!}:reject",
            new { code = "COLLATERAL", reason = "需提供担保" });
        Assert.True(rejected == HttpStatusCode.OK, rejection.ToJsonString());
        await page.GotoAsync($"{platform.RestAddress}/enterprise#mine");
        await page.ReloadAsync();
        var row = page.Locator($"li[data-application-id='{(string)applied["applicationId"]!}']");
        await Expect(row).ToContainTextAsync("未获批原因：缺少抵押或担保。需提供担保");
        await Expect(row).ToContainTextAsync("可改进：提供抵押物或担保人，或选择无需抵押的信用类产品。");
        await Expect(row).ToContainTextAsync(bankName);
        await row.GetByRole(AriaRole.Button, new() { Name = "转介给其他银行" }).ClickAsync();
        await Expect(page.Locator("#applications-error")).ToContainTextAsync("家其他银行，请留意接单通知。");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "转介给其他银行" })).ToHaveCountAsync(0);
        await shots.TakeAsync("8-rejection-referred");
        var (_, referred) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{(string)applied["applicationId"]!}");
        Assert.False(string.IsNullOrEmpty((string?)referred["referredAt"]), referred.ToJsonString());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Registration_names_every_bad_field_at_once_in_the_users_words_and_takes_amounts_in_wan()
    {
        var uscc = TestData.NewUscc();
        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        var shots = new Screenshots(page, "enterprise-register");
        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await PageSteps.FillRegistrationAsync(page);

        // What the page can tell by itself, all in one go: a name left out, staff and assets that are not numbers,
        // no founding date. Revenue typed as people say it, 50万, is an amount.
        await page.GetByLabel("企业名称").FillAsync("");
        await page.GetByLabel("从业人员（人）").FillAsync("四十五");
        await page.GetByLabel("年营业收入（元）").FillAsync("50万");
        await page.GetByLabel("资产总额（元）").FillAsync("很多");
        await page.GetByLabel("成立日期").FillAsync("");
        await page.GetByLabel("所属行业").SelectOptionAsync("");
        var register = page.GetByRole(AriaRole.Button, new() { Name = "登记" });
        await register.ClickAsync();
        var form = page.Locator("#register-form");
        await Expect(form.Locator(".field-error")).ToHaveCountAsync(5);
        await Expect(page.Locator("#r-industry-error")).ToHaveTextAsync("请填写此项");
        await Expect(page.Locator("#r-name-error")).ToHaveTextAsync("请填写此项");
        await Expect(page.Locator("#r-employees-error")).ToHaveTextAsync("请输入整数");
        await Expect(page.Locator("#r-assets-error")).ToContainTextAsync("50万");
        await Expect(page.Locator("#r-established-error")).ToHaveTextAsync("请填写此项");
        await Expect(page.Locator("#r-revenue-error")).ToHaveCountAsync(0);
        await shots.TakeAsync("1-what-the-page-knows");

        // What only the registry knows, again all at once and in Chinese from its reasons: an industry code the
        // standard does not have, a founding date after the platform's today.
        await page.GetByLabel("企业名称").FillAsync("运河阀门制造有限公司");
        await page.GetByLabel("从业人员（人）").FillAsync("45");
        await page.GetByLabel("资产总额（元）").FillAsync("900万元");
        await page.GetByLabel("所属行业").SelectOptionAsync("C34");
        await page.GetByLabel("成立日期").FillAsync("2099-01-01");
        await register.ClickAsync();
        await Expect(form.Locator(".field-error")).ToHaveCountAsync(1);
        await Expect(page.Locator("#r-established-error")).ToContainTextAsync("日期应在");
        await shots.TakeAsync("2-what-the-registry-knows");

        await page.GetByLabel("成立日期").FillAsync("2015-06-01");
        await register.ClickAsync();
        // 45 staff but 50万 revenue: a micro manufacturer (small needs 300万).
        await Expect(page.GetByTestId("size-class")).ToHaveTextAsync("微型");
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        var (_, registered) = await official.GetJsonAsync($"/api/v1/enterprises/{uscc}");
        Assert.Equal((50_000_000L, 900_000_000L), ((long)registered["annualRevenueFen"]!, (long)registered["totalAssetsFen"]!));

        // A refusal that names other fields names them by their labels, never the API's field names.
        var words = await page.EvaluateAsync<string>("""
            async () => (await import('/lib/violations.js')).describe(
              { field: 'principalFen', reason: 'ONE_OF_REQUIRED', values: { fields: 'principalFen,interestFen' } },
              (f) => ({ principalFen: '本金（元）', interestFen: '利息（元）' })[f] ?? null)
            """);
        Assert.Equal("请至少填写其中一项：本金（元）、利息（元）", words);
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
        await page.GetByTestId("applications").Locator(":scope > li").GetByRole(AriaRole.Button, new() { Name = "申请贴息" }).ClickAsync();
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
        var applications = page.GetByTestId("applications").Locator(":scope > li");
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

    // The enterprise's loans: what it owes today, the plan its bank recorded, and the subsidy paid on it.
    [Fact]
    public async Task An_enterprise_sees_what_it_owes_its_plan_and_the_subsidy_paid_on_its_loan()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var (_, application) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{scenario.ApplicationId}");
        var loanId = (string)application["loanId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Bank.SendJsonAsync($"/api/v1/loans/{loanId}/schedule", new { kind = "EQUAL_PRINCIPAL", termMonths = 12 }, HttpMethod.Put)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Bank.SendJsonAsync($"/api/v1/loans/{loanId}/repayments",
            new { on = Day(scenario.ContractDate.AddDays(45)), principalFen = 40_000_000, interestFen = 0 })).Status);
        var programId = await scenario.CreateProgrammeAsync();
        var (_, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 90));
        var claimId = (string)claim["claimId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { })).Status);
        using var payer = platform.Rest(await platform.OfficialAsync("130903"));
        Assert.Equal(HttpStatusCode.OK, (await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { })).Status);

        await using var browser = await chromium.NewPageAsync(PhoneWidth, PhoneHeight);
        var page = browser.Page;
        await SignInAsync(page, scenario.Deal.Uscc);
        var card = page.GetByTestId("loans").Locator($"li[data-loan-id='{loanId}']");
        // The bank by its name, as the application names it (the ledger holds its id).
        await Expect(card.Locator("h3")).ToContainTextAsync($"{(string)application["bankName"]!} · ");
        var figures = card.GetByTestId("loan-figures");
        await Expect(figures).ToContainTextAsync("今日所欠本金60.00 万元");
        await Expect(figures).ToContainTextAsync("已放款100.00 万元");
        await Expect(figures).ToContainTextAsync("已获贴息1,972.60 元");
        await card.GetByText("还款计划：等额本金，12 期").ClickAsync();
        await Expect(card.GetByTestId("loan-plan").Locator("tbody tr")).ToHaveCountAsync(12);
        await new Screenshots(page, "enterprise-loans").TakeAsync("1-loan");
        Assert.Empty(browser.Errors);
    }

    private async Task SignInAsync(IPage page, string uscc)
    {
        await page.GotoAsync($"{platform.RestAddress}/enterprise");
        var signIn = page.Locator("#signin");
        await signIn.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.Locator("#content")).ToBeVisibleAsync();
        // Applications, claims and loans are on the tab 我的申请.
        await page.GetByTestId("tab-mine").ClickAsync();
    }

    private static string Grouped(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
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

    // What the screen shows, as a phone's user sees it (a full page would draw the fixed tab bar mid-page).
    public async Task TakeScreenAsync(string step)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", journey, step + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
        TestContext.Current.TestOutputHelper?.WriteLine($"{journey} {step}: {path}");
    }

    // One part of the page (a section, for the README).
    public async Task TakeAsync(string step, ILocator part)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", journey, step + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await part.ScreenshotAsync(new() { Path = path });
        TestContext.Current.TestOutputHelper?.WriteLine($"{journey} {step}: {path}");
    }
}
