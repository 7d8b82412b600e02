using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace FinanceMarket.FunctionalTests.Dashboard;

// Debian's Chromium driven by Playwright, one browser per test class; each page gets a context of its own, so
// its sessionStorage (where the dashboard keeps the token) starts empty. Playwright's browser download is
// never used: machines here cannot reach it, and test.sh installs the distribution's package instead.
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: install Chromium (sudo apt-get install -y chromium; ./test.sh installs it when missing) to run the pages' tests in a real browser.");
        }

        // The page refreshes every 2 s and the platform delivers events within a second or so; a slow shared
        // machine gets generous room before an assertion gives up.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Without the background-networking switches Chromium keeps calling Google's hosts, which this
            // closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    // A new page in a fresh context, with every script error and refused resource (a Content-Security-Policy
    // violation among them) collected in Errors. Failed API calls are not errors: the page handles them.
    // A desktop window unless told otherwise; a phone is 390 x 844 CSS pixels.
    public async Task<BrowserPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var result = new BrowserPage(context, page);
        page.PageError += (_, error) => result.Errors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                result.Errors.Enqueue(message.Text);
            }
        };
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    // Filled on Playwright's event thread while the test runs.
    public ConcurrentQueue<string> Errors { get; } = new();

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
