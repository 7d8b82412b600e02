using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.FunctionalTests.Pages;
using FinanceMarket.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Dashboard;

// What an official chooses to see on the dashboard and takes away from it: a range of months (the last twelve
// by the platform's date unless chosen), every month of it on the axis with its year, a region picked by name,
// a refusal said in place with the page kept, and what is shown as a CSV file, on a laptop and on a phone.
public sealed class DashboardViewTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_month_chart_names_each_month_with_its_year_and_draws_a_month_without_credit_as_zero()
    {
        var region = TestData.FreshRegion();
        using var scenario = await NamedBankScenarioAsync(region);
        await DashboardTests.ApproveAsync(scenario, 12_345_678);
        var month = ThisMonth();
        var from = Month(-13);

        await using var browser = await chromium.NewPageAsync(1366, 768);
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion={region}");
        await Expect(page.GetByLabel("起始月份")).ToHaveValueAsync(Month(-11));
        await Expect(page.GetByLabel("截止月份")).ToHaveValueAsync(month);
        var chart = page.GetByTestId("chart-MONTH");
        await Expect(chart.Locator("tbody tr")).ToHaveCountAsync(12);

        // Fourteen months always cross a new year: the axis names both years, and the months without a deal
        // are there, at zero.
        await page.GetByLabel("起始月份").FillAsync(from);
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("period")).ToHaveTextAsync($"{from} 至 {month}");
        await Expect(chart.Locator("tbody tr")).ToHaveCountAsync(14);
        await Expect(chart.Locator("svg rect.bar")).ToHaveCountAsync(14);
        await Expect(chart.Locator($"tr[data-key='{from}'] td").First).ToHaveTextAsync("0.00 元");
        await Expect(chart.Locator($"tr[data-key='{Month(-1)}'] td").First).ToHaveTextAsync("0.00 元");
        await Expect(chart.Locator($"tr[data-key='{month}'] td").First).ToHaveTextAsync("12.35 万元");
        await Expect(chart.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new Regex($"^按签约月份: {from} 0.00 元; .*; {month} 12.35 万元$"));
        var years = await chart.Locator("svg text.year").AllTextContentsAsync();
        Assert.Equal([$"{from[..4]}年", $"{month[..4]}年"], years);
        Assert.Equal(14, await chart.Locator("svg text.month").CountAsync());
        await Expect(chart.Locator("svg text.month").First).ToHaveTextAsync($"{int.Parse(from[5..], CultureInfo.InvariantCulture)}月");
        Assert.Contains($"from={from}&to={month}", page.Url, StringComparison.Ordinal);
        await new Screenshots(page, "dashboard").TakeAsync("1-months-with-years");

        // In English the months are named as English readers write them, the years still marked.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(chart.Locator("svg text.year").First).ToHaveTextAsync(from[..4]);
        await Expect(page.GetByTestId("period")).ToHaveTextAsync($"{from} to {month}");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task The_range_limits_the_figures_and_the_charts_and_defaults_to_the_platform_s_last_twelve_months()
    {
        var region = TestData.FreshRegion();
        using var scenario = await NamedBankScenarioAsync(region);
        var bankName = BankName(scenario.BankId);
        await DashboardTests.ApproveAsync(scenario, 12_345_678);
        var month = ThisMonth();
        var before = Month(-1);

        await using var browser = await chromium.NewPageAsync(1366, 768);
        var page = browser.Page;
        // The platform's date is a month behind the browser's (a demo clock): the default range ends with the
        // platform's month, so the deal made this month is not in it.
        await page.RouteAsync("**/api/v1/today", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = $$"""{"today":"{{before}}-15"}""",
        }));
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion={region}");
        await Expect(page.GetByLabel("截止月份")).ToHaveValueAsync(before);
        await Expect(page.GetByLabel("起始月份")).ToHaveValueAsync(Month(-12));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "近 12 个月" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("0.00 元");
        await Expect(page.GetByTestId("applications")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("at-end")).ToHaveTextAsync($"{before} 月末");
        await Expect(page.GetByTestId("chart-BANK")).ToContainTextAsync("暂无授信。");
        await Expect(page.GetByTestId("chart-MONTH").Locator($"tr[data-key='{month}']")).ToHaveCountAsync(0);
        // What cannot be added up month by month is the platform's running total, said to be so.
        await Expect(page.GetByTestId("enterprisesServed")).ToHaveTextAsync("1");
        await new Screenshots(page, "dashboard").TakeAsync("2-range-before-the-deal");

        await page.GetByLabel("截止月份").FillAsync(month);
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("12.35 万元");
        await Expect(page.GetByTestId("chart-MONTH").Locator($"tr[data-key='{month}'] td").First).ToHaveTextAsync("12.35 万元");
        await Expect(page.GetByTestId("chart-BANK").Locator("svg text.label").First).ToHaveTextAsync(bankName);
        await Expect(page.GetByTestId("chart-BANK").Locator($"tr[data-key='{scenario.BankId}'] th")).ToHaveTextAsync(bankName);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "近 12 个月" })).ToHaveAttributeAsync("aria-pressed", "false");
        await new Screenshots(page, "dashboard").TakeAsync("3-range-with-the-deal");

        // A range the wrong way round is refused beside its field, and what was shown stays.
        await page.GetByLabel("起始月份").FillAsync(month);
        await page.GetByLabel("截止月份").FillAsync(before);
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.Locator("#d-from-error")).ToHaveTextAsync("起始月份不能晚于截止月份");
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Button, new() { Name = "近 12 个月" }).ClickAsync();
        await Expect(page.GetByTestId("matchedDeals")).ToHaveTextAsync("0");
        await Expect(page.Locator("#d-from-error")).ToHaveCountAsync(0);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task The_region_picker_names_the_regions_within_the_official_s_and_a_refused_region_is_said_in_place_with_the_page_kept()
    {
        await using var browser = await chromium.NewPageAsync(1366, 768);
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion=1309");
        await Expect(page.GetByLabel("地区", new() { Exact = true })).ToHaveValueAsync("1309");
        var picker = page.Locator("#d-region");
        await Expect(page.GetByTestId("region")).ToHaveTextAsync("沧州市（1309）");
        await Expect(picker.Locator("option[value='130903']")).ToHaveTextAsync(new Regex("^\u3000运河区（130903）$"));
        await Expect(picker.Locator("option[value='130921']")).ToHaveTextAsync(new Regex("沧县（130921）$"));
        Assert.Equal(17, await picker.Locator("option").CountAsync());

        await picker.SelectOptionAsync("130903");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("region")).ToHaveTextAsync("运河区（130903）");
        await Expect(page.GetByTestId("matchedDeals")).ToBeVisibleAsync();
        var shown = await page.GetByTestId("creditGrantedFen").GetAttributeAsync("data-value");

        // Refused for a region the picker offers (the API decides): said beside the pickers, the district's
        // figures, the header and the picker stay.
        await page.RouteAsync("**/api/v1/totals?regionCode=130921*", route => route.FulfillAsync(new()
        {
            Status = 403,
            ContentType = "application/json",
            Body = """{"code":7,"message":"You may not read the totals of 130921.","details":[]}""",
        }));
        await picker.SelectOptionAsync("130921");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("view-message")).ToContainTextAsync("无权查看地区 沧县（130921） 的统计");
        await Expect(page.GetByTestId("view-message")).ToContainTextAsync("仍显示 运河区（130903） 的统计。");
        await Expect(picker).ToHaveValueAsync("130903");
        await Expect(page.GetByTestId("region")).ToHaveTextAsync("运河区（130903）");
        await Expect(page.GetByTestId("matchedDeals")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chart-MONTH")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "统计看板" })).ToBeVisibleAsync();
        Assert.True(long.Parse(shown!, CultureInfo.InvariantCulture) <= long.Parse((await page.GetByTestId("creditGrantedFen").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
        await new Screenshots(page, "dashboard").TakeAsync("4-region-refused");

        // A region outside the official's, from an old bookmark, is refused by the API itself; a code that
        // is no region is said beside the picker.
        await page.EvaluateAsync("() => { location.hash = '#region=65'; }");
        await Expect(page.GetByTestId("view-message")).ToContainTextAsync("无权查看地区 65 的统计");
        await Expect(page.GetByTestId("region")).ToHaveTextAsync("运河区（130903）");
        await Expect(page).ToHaveURLAsync(new Regex("#region=130903&"));
        await page.EvaluateAsync("() => { location.hash = '#region=130'; }");
        await Expect(page.Locator("#d-region-error")).ToContainTextAsync("2、4 或 6 位数字");
        await Expect(page.GetByTestId("matchedDeals")).ToBeVisibleAsync();

        // The names follow the language.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(picker.Locator("option[value='130903']")).ToHaveTextAsync(new Regex("Yunhe District \\(130903\\)$"));
        await Expect(page.GetByTestId("region")).ToHaveTextAsync(new Regex("\\(13"));
        await Accessibility.AssertBasicsAsync(page);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task What_is_shown_exports_as_csv_with_the_banks_by_name_and_exact_yuan()
    {
        var region = TestData.FreshRegion();
        using var scenario = await NamedBankScenarioAsync(region);
        var bankName = BankName(scenario.BankId);
        await DashboardTests.ApproveAsync(scenario, 12_345_678);
        await DashboardTests.ApproveAsync(scenario, 50_000_001);
        var month = ThisMonth();
        var from = Month(-11);

        await using var browser = await chromium.NewPageAsync(1366, 768);
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion={region}");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("62.35 万元");
        await Expect(page.GetByTestId("chart-BANK").Locator("svg text.label").First).ToHaveTextAsync(bankName);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出 CSV" }).ClickAsync());
        Assert.Equal($"dashboard-{region}-{from}-{month}.csv", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(saved);
        var bytes = await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken);
        File.Delete(saved);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        var period = $"{from} 至 {month}";
        Assert.Contains($"统计地区,{region}", lines);
        Assert.Contains($"期间,{period}", lines);
        Assert.Contains($"授信金额（元）,623456.79,{period}", lines);
        Assert.Contains($"对接成功笔数,2,{period}", lines);
        Assert.Contains("服务企业数,1,累计（不限日期）", lines);
        Assert.Contains("月份,授信金额（元）,对接成功笔数,申请笔数,拒绝笔数,放款金额（元）,首贷金额（元）,月末贷款余额（元）,月末普惠小微贷款余额（元）,逾期率", lines);
        Assert.Contains($"{Month(-1)},0.00,0,0,0,0.00,0.00,0.00,0.00,", lines);
        Assert.Contains(lines, line => line.StartsWith($"{month},623456.79,2,2,0,", StringComparison.Ordinal));
        Assert.Contains($"{bankName},623456.79,2,2,0", lines);
        Assert.Contains("C 制造业,623456.79,2,2,0", lines);
        Assert.DoesNotContain(lines, line => line.Contains(scenario.BankId, StringComparison.Ordinal));
        await Expect(page.GetByTestId("toasts")).ToContainTextAsync($"已导出 dashboard-{region}-{from}-{month}.csv");
        await new Screenshots(page, "dashboard").TakeAsync("5-exported");

        // Exact beyond a float's 2^53, and no cell a spreadsheet would run.
        var cells = await page.EvaluateAsync<string[]>("""
            async () => { const csv = await import('/dashboard/export.js'); const cells = await import('/lib/csv.js');
              return [csv.value('fen', 9007199254740993n), csv.value('fen', -249315n), csv.value('bp', 345n), cells.cell('=1+1'), cells.cell('-5.00'), cells.cell('银行,"沧州"')]; }
            """);
        Assert.Equal(["90071992547409.93", "-2493.15", "3.45%", "'=1+1", "-5.00", "\"银行,\"\"沧州\"\"\""], cells);
        Assert.Empty(browser.Errors);
    }

    [Theory]
    [InlineData(1366, 768, 24)]
    [InlineData(390, 844, 44)]
    public async Task The_dashboard_fits_a_laptop_and_a_phone_and_meets_the_accessibility_basics(int width, int height, int target)
    {
        var region = TestData.FreshRegion();
        using var scenario = await NamedBankScenarioAsync(region);
        var bankName = BankName(scenario.BankId);
        await DashboardTests.ApproveAsync(scenario, 12_345_678);

        await using var browser = await chromium.NewPageAsync(width, height);
        var page = browser.Page;
        await page.GotoAsync($"{platform.RestAddress}/dashboard?demoRegion={region}");
        await Expect(page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("12.35 万元");
        await Expect(page.GetByTestId("chart-BANK").Locator("svg text.label").First).ToHaveTextAsync(bankName);
        await Expect(page.GetByTestId("chart-MONTH").Locator("svg text.year").First).ToBeVisibleAsync();
        // Nothing reaches past the window's right edge (a table too wide scrolls in its own box).
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .filter((e) => !e.closest('.scroll, #league-table'))
              .map((e) => `${e.tagName} ${e.id} ${e.className?.baseVal ?? e.className}: ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 5)
            """);
        Assert.True(wide.Length == 0, "the page reaches past the window: " + string.Join("; ", wide));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the page scrolls sideways");
        await Accessibility.AssertBasicsAsync(page, target);
        await new Screenshots(page, "dashboard").TakeAsync($"6-{width}x{height}");
        Assert.Empty(browser.Errors);
    }

    // A bank with a Chinese name, its product for the region and an enterprise there that qualifies.
    private async Task<MatchingScenario> NamedBankScenarioAsync(string region)
    {
        var bankId = TestData.NewBankId();
        using (var province = platform.Rest(await platform.OfficialAsync("13")))
        {
            var (status, body) = await province.SendJsonAsync("/api/v1/banks", new { bankId, name = BankName(bankId) });
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }

        var productId = (string)(await platform.ListProductAsync(bankId, Api.ProductFor(region)))["productId"]!;
        return await MatchingScenario.ForProductAsync(platform, bankId, productId, region: region);
    }

    private static string BankName(string bankId) => "沧州测试银行" + bankId[^4..];

    private static DateTimeOffset Now() => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Domain.ChinaTime.Zone);

    private static string ThisMonth() => Month(0);

    private static string Month(int offset) => Now().AddDays(1 - Now().Day).AddMonths(offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
