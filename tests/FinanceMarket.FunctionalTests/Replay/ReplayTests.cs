using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Dashboard;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.Replay;
using FinanceMarket.Terminal;
using static Microsoft.Playwright.Assertions;

namespace FinanceMarket.FunctionalTests.Replay;

// The district replay against a whole platform on the demo clock: the reference year ends with totals equal
// to what was sent, and so does a year during which the totals process is killed, or its Redis restarted.
[Collection(HeavyLoad.Name)]
public sealed class ReplayTests(Platform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_reference_district_s_year_at_x1_ends_with_totals_equal_to_its_ground_truth()
    {
        await using var replay = await ReplayPlatform.StartAsync(platform);
        using var api = replay.Api();

        var report = await ReplayPlatform.Year(api, 1m, seed: 2022).RunAsync(TestContext.Current.CancellationToken);

        AssertExact(report);
        Assert.Equal((558L, 848_000_000_00L, 24_560_000_00L),
            (report.Expected("matchedDeals"), report.Expected("creditGrantedFen"), report.Expected("subsidisedPrincipalFen")));
        Assert.Equal(7_654, report.Enterprises);
        // The loans lived their year (repaid by plan, a few overdue for a month, renewed, repaid early), and the
        // checks above held the totals and every month's report against their ledgers.
        Assert.Contains(report.Checks, c => c is { Scope: "LOANS:district", Figure: "disbursedFen", Expected: 848_000_000_00L });
        Assert.Contains(report.Checks, c => c is { Scope: "LOANS:district", Figure: "renewals", Expected: > 0 });
        Assert.Contains(report.Checks, c => c.Scope.StartsWith("LOANS:MONTH:", StringComparison.Ordinal) && c is { Figure: "overdueBalanceFen", Expected: > 0 });
        Assert.Contains(report.Checks, c => c is { Scope: "LOANS:district", Figure: "repaidPrincipalFen", Expected: > 0 });
        Assert.True(report.Checks.Count(c => c.Scope.StartsWith("REPORT:", StringComparison.Ordinal)) >= 12 * 16);
        // The services lived through the year on the demo clock: the platform dated the applications (their
        // submission day is its own) in twelve months, and counted deals for all seven banks.
        using var official = platform.Rest(await api.TokenAsync("official", "replay-test", "130903", TestContext.Current.CancellationToken), replay.RestAddress);
        var (_, months) = await official.GetJsonAsync("/api/v1/totals/breakdown?by=MONTH&regionCode=130903");
        var applied = months["rows"]!.AsArray().Where(r => PlatformApi.Number(r!["applications"]) > 0).Select(r => (string)r!["key"]!).ToList();
        Assert.True(applied.Count >= 12, string.Join(", ", applied));
        Assert.Equal(report.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), applied.Min());
        var (_, banks) = await official.GetJsonAsync("/api/v1/totals/breakdown?by=BANK&regionCode=130903");
        Assert.Equal(PlannedBank.District.Select(b => b.BankId).Order(), banks["rows"]!.AsArray().Select(r => (string)r!["key"]!).Order());

        // And the district's officials see it as the district reports it.
        await using var browser = await chromium.NewPageAsync();
        // The range of the replayed year (the default, the last twelve months, would leave out its first).
        await browser.Page.GotoAsync($"{replay.RestAddress}/dashboard?demoRegion=130903#region=130903&from={report.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}&to={report.To.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}");
        await Expect(browser.Page.GetByTestId("matchedDeals")).ToHaveTextAsync("558");
        await Expect(browser.Page.GetByTestId("creditGrantedFen")).ToHaveTextAsync("8.48 亿元");
        await Expect(browser.Page.GetByTestId("subsidisedPrincipalFen")).ToHaveTextAsync("2,456.00 万元");
        await Expect(browser.Page.GetByTestId("chart-MONTH")).ToContainTextAsync(report.To.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-replay-x1.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await browser.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Dashboard after the x1 replay: {screenshot}");
        Assert.Empty(browser.Errors);

        // The year's last month as the district hands it in (its html), pictured for the README.
        var lastMonth = report.To.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        using var html = await official.GetAsync($"/api/v1/reports/monthly?regionCode=130903&month={lastMonth}&format=html", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        await using var reader = await chromium.NewPageAsync(1280, 900);
        await reader.Page.SetContentAsync(await html.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Expect(reader.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = $"金融超市月报 130903 {lastMonth}" })).ToBeVisibleAsync();
        var picture = Path.Combine(AppContext.BaseDirectory, "screenshots", "monthly-report-x1.png");
        await reader.Page.ScreenshotAsync(new() { Path = picture, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"The monthly report after the x1 replay: {picture}");
    }

    [Fact]
    public async Task Killing_the_totals_process_in_the_middle_of_a_replay_loses_and_doubles_nothing()
    {
        await using var replay = await ReplayPlatform.StartAsync(platform, totalsInOwnProcess: true);
        using var api = replay.Api();
        var totals = replay.TotalsProcess!;
        var faults = new Faults(
            down: () => { totals.Kill(); return Task.CompletedTask; },
            up: () => { totals.Start(); return Task.CompletedTask; });

        var report = await ReplayPlatform.Year(api, 0.1m, seed: 11, faults).RunAsync(TestContext.Current.CancellationToken);

        Assert.True(faults.Happened, "The replay ended before the fault was injected.");
        AssertExact(report);
    }

    [Fact]
    public async Task Restarting_Redis_in_the_middle_of_a_replay_loses_and_doubles_nothing()
    {
        var aof = TestData.NewTempDir();
        var port = TestData.FreePort();
        var redis = await RedisServer.StartAsync(port, aof);
        try
        {
            await using var replay = await ReplayPlatform.StartAsync(platform, totalsSettings: new Dictionary<string, string?>
            {
                ["FinanceMarket:Totals:Store"] = "Redis",
                ["FinanceMarket:Totals:RedisConnectionString"] = $"127.0.0.1:{port},connectTimeout=1000,syncTimeout=2000",
                ["FinanceMarket:Totals:RedisKeyPrefix"] = "replay:",
            });
            using var api = replay.Api();
            var faults = new Faults(
                down: async () => await redis.DisposeAsync(),
                up: async () => redis = await RedisServer.StartAsync(port, aof));

            var report = await ReplayPlatform.Year(api, 0.1m, seed: 12, faults).RunAsync(TestContext.Current.CancellationToken);

            Assert.True(faults.Happened, "The replay ended before the fault was injected.");
            AssertExact(report);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_demo_clock_moves_only_forward_and_only_where_a_demo_runs()
    {
        await using var replay = await ReplayPlatform.StartAsync(platform);
        using var anonymous = platform.Rest(address: replay.RestAddress);
        using var http = platform.Rest(await platform.OfficialAsync(), replay.RestAddress);
        var (status, clock) = await anonymous.GetJsonAsync("/api/v1/dev/clock");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ReplayPlatform.StartOffsetDays, (int)clock["offsetDays"]!);
        var today = DateOnly.Parse((string)clock["today"]!, System.Globalization.CultureInfo.InvariantCulture);

        var (back, refused) = await http.SendJsonAsync("/api/v1/dev/clock", new { today = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, back);
        Assert.Equal(["today"], refused.ViolatedFields());
        var (bad, _) = await http.SendJsonAsync("/api/v1/dev/clock", new { today = "next month" }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(ReplayPlatform.StartOffsetDays, ServiceDefaults.Hosting.DemoClock.Read(replay.ClockFile));

        // Only an official or the operator moves it, and never more than five years past the real date.
        var forward = new { today = today.AddDays(40).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendJsonAsync("/api/v1/dev/clock", forward, HttpMethod.Put)).Status);
        using (var enterprise = platform.Rest(await platform.TokenAsync("enterprise", "91130903MA0AAAAAAA"), replay.RestAddress))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.SendJsonAsync("/api/v1/dev/clock", forward, HttpMethod.Put)).Status);
        }

        var (far, farRefused) = await http.SendJsonAsync("/api/v1/dev/clock", new { today = "9999-12-31" }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, far);
        Assert.Equal(["today"], farRefused.ViolatedFields());
        var sixYears = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendJsonAsync("/api/v1/dev/clock", new { today = sixYears }, HttpMethod.Put)).Status);
        Assert.Equal(ReplayPlatform.StartOffsetDays, ServiceDefaults.Hosting.DemoClock.Read(replay.ClockFile));

        var (moved, now) = await http.SendJsonAsync("/api/v1/dev/clock", forward, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal(ReplayPlatform.StartOffsetDays + 40, (int)now["offsetDays"]!);

        // The platform every other test uses has no demo clock: nothing there can move its dates.
        using var plain = platform.Rest(await platform.OfficialAsync());
        var (absent, _) = await plain.GetJsonAsync("/api/v1/dev/clock");
        Assert.Equal(HttpStatusCode.NotFound, absent);
    }

    [Theory]
    [InlineData("FinanceMarket:Profile", "Servers")]
    [InlineData("FinanceMarket:Auth:Authority", "https://login.example.gov.cn/realms/district")]
    public void A_demo_clock_is_refused_beside_servers_or_an_external_token_issuer(string key, string value)
    {
        var args = new[] { "--FinanceMarket:DemoClockFile=/tmp/demo-clock", $"--{key}={value}" };

        var refused = Assert.Throws<InvalidOperationException>(() => Enterprises.EnterprisesApp.Build(args));
        Assert.Contains("DemoClockFile", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertExact(ReplayReport report)
    {
        var wrong = report.Checks.Where(c => !c.Equal).Select(c => $"{c.Scope} {c.Figure}: sent {c.Expected}, totals {c.Actual}");
        Assert.True(report.Exact, string.Join("\n", wrong.Concat(report.Problems)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Replayed {report.From:yyyy-MM-dd}..{report.To:yyyy-MM-dd}: {report.Requests} requests in {report.Elapsed.TotalSeconds:F0} s; {report.Checks.Count} figures equal.");
    }

    // Takes the totals down at a third of the replay and brings them back at two thirds, while the
    // publishers keep writing events to their outboxes.
    private sealed class Faults(Func<Task> down, Func<Task> up) : IProgress<ProgressReport>
    {
        private int _step;

        public bool Happened => Volatile.Read(ref _step) == 2;

        public void Report(ProgressReport value)
        {
            var share = (double)value.Done / value.Total;
            if (share >= 1 / 3.0 && Interlocked.CompareExchange(ref _step, 1, 0) == 0)
            {
                down().GetAwaiter().GetResult();
            }
            else if (share >= 2 / 3.0 && Interlocked.CompareExchange(ref _step, 2, 1) == 1)
            {
                up().GetAwaiter().GetResult();
            }
        }
    }
}
