using FinanceMarket.Catalog;
using FinanceMarket.Enterprises;
using FinanceMarket.FunctionalTests.Infrastructure;
using FinanceMarket.Replay;
using FinanceMarket.Subsidies;
using FinanceMarket.Totals;

namespace FinanceMarket.FunctionalTests.Replay;

// The platform as `./run.sh --demo` starts it, for one test: its own data folder, its own demo clock a year
// back, its own gateway. The totals service runs in this process (on SQLite, or on Redis), or in a process
// of its own that the test can kill.
public sealed class ReplayPlatform : IAsyncDisposable
{
    private readonly List<ServiceHost> _hosts = [];

    private ReplayPlatform(string dataDir) => DataDir = dataDir;

    public const int StartOffsetDays = -372;

    public string DataDir { get; }

    public string ClockFile => Path.Combine(DataDir, "demo-clock");

    public string RestAddress { get; private set; } = "";

    public TotalsProcess? TotalsProcess { get; private set; }

    public static async Task<ReplayPlatform> StartAsync(Platform platform, bool totalsInOwnProcess = false, IDictionary<string, string?>? totalsSettings = null)
    {
        var replay = new ReplayPlatform(TestData.NewTempDir());
        try
        {
            await replay.StartServicesAsync(platform, totalsInOwnProcess, totalsSettings ?? new Dictionary<string, string?>());
            return replay;
        }
        catch
        {
            await replay.DisposeAsync();
            throw;
        }
    }

    public static Replayer Year(PlatformApi api, decimal scale, int seed, IProgress<ReplayProgress>? progress = null) =>
        new(api, DistrictPlan.Create(seed, scale), new ReplayOptions(Concurrency: 8, SettleTimeout: TimeSpan.FromMinutes(3)), progress);

    public PlatformApi Api() => PlatformApi.For(new Uri(RestAddress));

    private async Task StartServicesAsync(Platform platform, bool totalsInOwnProcess, IDictionary<string, string?> totalsSettings)
    {
        // A year and a week back, as run.sh --demo starts it; the replay moves it forward a month at a time.
        ServiceDefaults.Hosting.DemoClock.Write(ClockFile, StartOffsetDays);
        var root = TestData.RepoRoot();
        Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
        {
            var settings = platform.ServiceSettings(dataDir: DataDir);
            settings["FinanceMarket:DemoClockFile"] = ClockFile;
            settings["FinanceMarket:Events:PollInterval"] = "00:00:00.100";
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return settings;
        }

        var totalsPort = TestData.FreePort();
        var matchingPort = TestData.FreePort();
        var totals = $"http://127.0.0.1:{totalsPort}";
        var enterprises = await StartAsync(EnterprisesApp.Build, Path.Combine(root, "services", "Enterprises"), Settings());
        var catalog = await StartAsync(CatalogApp.Build, Path.Combine(root, "services", "Catalog"),
            Settings(("FinanceMarket:Events:Subscribers:0", $"http://127.0.0.1:{matchingPort}")));
        var matching = await Platform.StartMatchingAsync(enterprises.Address, catalog.Address,
            Settings(("FinanceMarket:Events:Subscribers:0", totals), ("FinanceMarket:Matching:ExpirySweepEvery", "00:00:01")), matchingPort);
        _hosts.Add(matching);
        var subsidies = await StartAsync(SubsidiesApp.Build, Path.Combine(root, "services", "Subsidies"),
            Settings(("FinanceMarket:Events:Subscribers:0", totals), ("FinanceMarket:Subsidies:MatchingAddress", matching.Address)));
        if (totalsInOwnProcess)
        {
            TotalsProcess = new TotalsProcess(platform, totalsPort, DataDir, new Dictionary<string, string>
            {
                ["FinanceMarket__Totals__MatchingAddress"] = matching.Address,
                ["FinanceMarket__Totals__SubsidiesAddress"] = subsidies.Address,
                ["FinanceMarket__DemoClockFile"] = ClockFile,
            });
            TotalsProcess.Start();
        }
        else
        {
            var settings = Settings(("FinanceMarket:Totals:MatchingAddress", matching.Address), ("FinanceMarket:Totals:SubsidiesAddress", subsidies.Address));
            foreach (var (key, value) in totalsSettings)
            {
                settings[key] = value;
            }

            _hosts.Add(await ServiceHost.StartAsync(TotalsApp.Build, Path.Combine(root, "services", "Totals"), settings, port: totalsPort));
        }

        var (gateway, rest, _) = await platform.StartGatewayAsync(new Dictionary<string, string>
        {
            ["enterprises"] = enterprises.Address,
            ["catalog"] = catalog.Address,
            ["matching"] = matching.Address,
            ["subsidies"] = subsidies.Address,
            ["totals"] = totals,
        }, new Dictionary<string, string?>
        {
            ["FinanceMarket:DemoClockFile"] = ClockFile,
            // One replay's official registers thousands of enterprises: the limit is not what is under test here.
            ["FinanceMarket:Gateway:PermitsPerSecond"] = "100000",
            ["FinanceMarket:Gateway:Burst"] = "100000",
        });
        _hosts.Add(gateway);
        RestAddress = rest;
    }

    private async Task<ServiceHost> StartAsync(
        Func<string[], Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>?, Microsoft.AspNetCore.Builder.WebApplication> build,
        string contentRoot, Dictionary<string, string?> settings)
    {
        var host = await ServiceHost.StartAsync(build, contentRoot, settings);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        TotalsProcess?.Dispose();
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a pooled handle for a moment; the temp folder is reclaimed later.
        }
    }
}
