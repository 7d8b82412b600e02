using Microsoft.Playwright;

namespace FinanceMarket.FunctionalTests.Pages;

// Forms filled the way a user fills them, shared by the page tests and the journey across roles.
public static class PageSteps
{
    // The bank's form for a tax-based credit loan (10万–300万元, 6–36 months, small and micro firms rated B
    // or better, two years in business, subsidy eligible), for the given industries and regions; not sent.
    public static async Task FillProductAsync(IPage bank, string name, string industries, string regions)
    {
        await bank.GetByLabel("产品名称").FillAsync(name);
        await bank.GetByLabel("产品类型").SelectOptionAsync("TAX_BASED");
        await bank.GetByLabel("最低额度（元）").FillAsync("100,000");
        await bank.GetByLabel("最高额度（元）").FillAsync("3000000");
        await bank.GetByLabel("最短期限（月）").FillAsync("6");
        await bank.GetByLabel("最长期限（月）").FillAsync("36");
        await bank.GetByLabel("利率加点（基点）").FillAsync("45");
        await bank.GetByLabel("答复时限（工作日）").FillAsync("3");
        await bank.GetByLabel("小型").CheckAsync();
        await bank.GetByLabel("微型").CheckAsync();
        await bank.GetByLabel("行业代码（逗号分隔）").FillAsync(industries);
        await bank.GetByLabel("行政区划代码（逗号分隔）").FillAsync(regions);
        await bank.GetByLabel("最低经营年限（年）").FillAsync("2");
        await bank.GetByLabel("最低纳税信用等级").SelectOptionAsync("B");
        await bank.GetByLabel("可申请贴息").CheckAsync();
    }

    // What a platform that cannot serve a request now answers, for a route a test takes over.
    public static Task UnavailableAsync(IRoute route) => route.FulfillAsync(new()
    {
        Status = 503,
        ContentType = "application/json",
        Body = """{"code":14,"message":"The service is unavailable."}""",
    });

    // A small valve maker (45 staff, 12 million yuan revenue) in the registration form; not sent.
    public static async Task FillRegistrationAsync(IPage enterprise)
    {
        await enterprise.GetByLabel("企业名称").FillAsync("运河阀门制造有限公司");
        await enterprise.GetByLabel("所属行业").SelectOptionAsync("C34");
        await enterprise.GetByLabel("从业人员（人）").FillAsync("45");
        await enterprise.GetByLabel("年营业收入（元）").FillAsync("12,000,000");
        await enterprise.GetByLabel("资产总额（元）").FillAsync("9000000.00");
        await enterprise.GetByLabel("成立日期").FillAsync("2015-06-01");
    }

    // Asks until the answer is yes, for what the platform does in the background (events, a new bank's name).
    public static async Task EventuallyAsync(Func<Task<bool>> attempt, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await attempt())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never held.");
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
    }
}
