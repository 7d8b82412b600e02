using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Pages;

// The entry page wears the same frame as the others: the navigation to every page, the language switch
// (kept for the next page), who is signed in, and a door for each kind of user.
public sealed class HomePageTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_entry_page_leads_to_every_page_in_the_chosen_language()
    {
        await using var browser = await chromium.NewPageAsync(390, 844);
        var page = browser.Page;

        await page.GotoAsync($"{platform.RestAddress}/");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "FinanceMarket" });
        foreach (var name in new[] { "企业服务", "银行工作台", "政府管理", "统计看板" })
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("金融超市");
        // Four doors for the market's users, and the platform operator's.
        await Expect(page.GetByTestId("doors").GetByRole(AriaRole.Link)).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("doors").GetByRole(AriaRole.Link, new() { Name = "平台运营" })).ToHaveAttributeAsync("href", "/operator");
        await Expect(page.GetByTestId("who")).ToBeHiddenAsync();
        await Accessibility.AssertBasicsAsync(page);
        await new Screenshots(page, "home").TakeAsync("1-entry");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Finance supermarket");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByTestId("doors").GetByRole(AriaRole.Link, new() { Name = "Bank's desk" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{platform.RestAddress}/bank");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();

        // Signed in on one page, the entry page says who, in the language chosen.
        await page.Locator("#signin").GetByLabel("Bank id").FillAsync("bank-home");
        await page.Locator("#signin").GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Finance supermarket" }).First.ClickAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync("Signed in: bank bank-home");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync("已登录：银行 bank-home");
        Assert.Empty(browser.Errors);
    }
}
